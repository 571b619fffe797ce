"""A live company workshop at its key-result step, facilitated by the admin: the meeting's cycle
is Q1, owned by the company; four company objectives of Q1 to claim; two groups — bob leads
group 1 (alice in it), carol leads group 2 — and the current item a co-creation."""

import datetime
import itertools

import pytest
from django.utils import timezone

from okrflow.workshops.models import AgendaItem, Group, Kind, Method, Participant, Role, State, Workshop
from okrflow.workshops.seats import room_actor
from tests.okrs.factories import make_objective

_codes = itertools.count(1)


def room(person, workshop):
    return room_actor(person, None, workshop.pk)


@pytest.fixture
def workshop(org, admin, q1):
    workshop = Workshop.objects.create(
        organization=org, kind=Kind.COMPANY_WORKSHOP, title="公司OKR研讨会", facilitator=admin,
        created_by=admin, cycle=q1, unit=org.root_unit(), state=State.LIVE,
        starts_at=timezone.now() - datetime.timedelta(minutes=30), join_code=f"KR{next(_codes):06d}")
    item = AgendaItem.objects.create(organization=org, workshop=workshop, position=0, minutes=15,
                                     title="各组认领目标并共创关键结果", method=Method.COCREATION)
    workshop.current_item = item
    workshop.save(update_fields=["current_item"])
    return workshop


@pytest.fixture
def item(workshop):
    return workshop.current_item


@pytest.fixture
def groups(workshop, alice, bob, carol):
    one, two = (Group.objects.create(organization_id=workshop.organization_id, workshop=workshop, number=n)
                for n in (1, 2))
    for person, group, leader in ((bob, one, True), (alice, one, False), (carol, two, True)):
        Participant.objects.create(organization_id=workshop.organization_id, workshop=workshop,
                                   person=person, role=Role.PARTICIPANT, group=group, is_leader=leader)
    return one, two


@pytest.fixture
def objectives(q1):
    titles = ("客户满意度领先", "收入翻番", "交付提速", "人才梯队")
    return [make_objective(q1, title=title) for title in titles]


def seat_of(workshop, person):
    return Participant.objects.get(workshop=workshop, person=person)
