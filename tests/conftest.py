"""Personas: in org `acme`, alice manages the tech unit, bob works in it, carol is in sales;
admin runs the organization; mallory belongs to another organization."""

import datetime

import pytest

from okrflow.org.models import Role
from tests.factories import make_cycle, make_org, make_person, make_unit


def pytest_report_header(config):
    from django.conf import settings

    return f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}"


@pytest.fixture
def org(db):
    return make_org(slug="acme", name="Acme 科技")


@pytest.fixture
def tech(org):
    return make_unit(org, code="TECH", name="技术中心")


@pytest.fixture
def sales(org):
    return make_unit(org, code="SALES", name="销售部")


@pytest.fixture
def admin(org):
    return make_person(org, email="admin@acme.test", name="Ada Admin", unit=org.root_unit(),
                       role=Role.ADMIN)


@pytest.fixture
def alice(org, tech):
    person = make_person(org, email="alice@acme.test", name="Alice 王", unit=tech,
                         role=Role.MANAGER)
    tech.head = person
    tech.save(update_fields=["head"])
    return person


@pytest.fixture
def bob(org, tech, alice):
    return make_person(org, email="bob@acme.test", name="Bob 李", unit=tech, manager=alice)


@pytest.fixture
def carol(org, sales):
    return make_person(org, email="carol@acme.test", name="Carol 张", unit=sales)


@pytest.fixture
def other_org(db):
    return make_org(slug="globex", name="Globex")


@pytest.fixture
def mallory(other_org):
    return make_person(other_org, email="mallory@globex.test", name="Mallory",
                       unit=other_org.root_unit(), role=Role.ADMIN)


@pytest.fixture
def year(org):
    return make_cycle(org, code="2026", kind="annual", start=datetime.date(2026, 1, 1),
                      end=datetime.date(2026, 12, 31))


@pytest.fixture
def q1(org, year):
    return make_cycle(org, code="2026Q1", kind="quarterly", start=datetime.date(2026, 1, 1),
                      end=datetime.date(2026, 3, 31), parent=year)
