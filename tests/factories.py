"""Factory functions for tests: small, explicit, going through the services where it matters."""

import datetime
import itertools

from okrflow.cycles.models import Cycle
from okrflow.org import tree
from okrflow.org.models import Organization, Person, Role, Unit

_seq = itertools.count(1)

PASSWORD = "correct-horse-battery-42"


def make_org(slug=None, name=None) -> Organization:
    n = next(_seq)
    org = Organization.objects.create(slug=slug or f"org{n}", name=name or f"Org {n}")
    tree.attach_unit(Unit.objects.create(organization=org, code="ROOT", name=org.name))
    return org


def make_unit(org, code=None, name=None, parent=None, head=None) -> Unit:
    n = next(_seq)
    unit = Unit.objects.create(organization=org, code=code or f"U{n}", name=name or f"Unit {n}",
                               parent=parent or org.root_unit(), head=head)
    tree.attach_unit(unit)
    return unit


def make_person(org, email=None, name=None, unit=None, manager=None, role=Role.MEMBER,
                **extra) -> Person:
    n = next(_seq)
    return Person.objects.create_user(
        email=email or f"p{n}@example.com", password=PASSWORD, name=name or f"Person {n}",
        organization=org, unit=unit, manager=manager, role=role, **extra)


def make_cycle(org, code=None, kind="quarterly", start=None, end=None, parent=None) -> Cycle:
    n = next(_seq)
    start = start or datetime.date(2026, 1, 1)
    end = end or datetime.date(2026, 3, 31)
    return Cycle.objects.create(organization=org, code=code or f"C{n}", name=code or f"Cycle {n}",
                                kind=kind, start_date=start, end_date=end, parent=parent)
