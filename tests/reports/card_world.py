"""The demo company (okrflow/demo, the company of the seed guides) for the card tests, with one
private objective of 张伟 (dev1) that only his line, admins and the champion may see, and a
public one whose title looks like a formula."""

import datetime

import pytest
from django.db import transaction

from okrflow.actors import SYSTEM
from okrflow.cycles.models import Cycle
from okrflow.demo import load_demo
from okrflow.okrs.services import create_key_result, create_objective
from okrflow.org.models import Organization, Person

TODAY = datetime.date(2026, 11, 24)
PRIVATE_TITLE = "准备架构师认证考试"
FORMULA_TITLE = "=1+1"
DEV1 = "dev1@xingyun.example"


def _build():
    org = load_demo(today=TODAY)
    cycle = Cycle.objects.for_org(org).get(code="2026-Q4")
    dev1 = person(org, DEV1)
    private = create_objective(SYSTEM, org, cycle=cycle, owner_person=dev1, title=PRIVATE_TITLE,
                               visibility="private", ref="DEV1-Q4-P", position=5)
    create_key_result(SYSTEM, private, title="通过系统架构设计师考试", kind="milestone", target_value=1,
                      ref="DEV1-Q4-PKR", owner=dev1)
    formula = create_objective(SYSTEM, org, cycle=cycle, owner_person=dev1, title=FORMULA_TITLE,
                               ref="DEV1-Q4-F", position=6)
    create_key_result(SYSTEM, formula, title="+86 热线 @全员 -试点", target_value=10, ref="DEV1-Q4-FKR",
                      owner=dev1)
    return org


@pytest.fixture(scope="module")
def demo_world(django_db_setup, django_db_blocker):
    """The demo, built once for the module inside a transaction rolled back at its end (as
    tests/web/test_url_matrix.py builds its world); each test runs in a savepoint inside it."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            org = _build()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield org
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture
def demo(db, demo_world):
    return Organization.objects.get(pk=demo_world.pk)


def person(org, email) -> Person:
    return Person.objects.select_related("unit", "manager").get(organization=org, email=email)


def cycle_of(org, code="2026-Q4") -> Cycle:
    return Cycle.objects.for_org(org).select_related("organization").get(code=code)
