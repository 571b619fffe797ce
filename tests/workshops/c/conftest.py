"""A co-creation meeting facilitated by alice: a co-creation item being written, a vote item,
bob's seat and a guest's (participants), carol observing; helpers to seat more people."""

import datetime
import itertools

import pytest
from django.utils import timezone

from okrflow.workshops.models import AgendaItem, Method, Participant, Role, Stage, State, Workshop
from okrflow.workshops.seats import RoomActor

_codes = itertools.count(1)


def make_workshop(org, facilitator, **fields) -> Workshop:
    workshop = Workshop.objects.create(
        organization=org, title=fields.pop("title", "团队共创：年度目标"), facilitator=facilitator,
        created_by=facilitator, starts_at=timezone.now() + datetime.timedelta(minutes=5),
        join_code=f"CC{next(_codes):06d}", state=State.LIVE, **fields)
    cocreation = AgendaItem.objects.create(organization=org, workshop=workshop, position=0, title="年度目标",
                                           minutes=30, method=Method.COCREATION)
    AgendaItem.objects.create(organization=org, workshop=workshop, position=1, title="投票", minutes=10,
                              method=Method.VOTE)
    workshop.current_item = cocreation
    workshop.save(update_fields=["current_item"])
    return workshop


def seat(workshop, person=None, *, guest_name="", role=Role.PARTICIPANT, guest_key="",
         **extra) -> Participant:
    return Participant.objects.create(organization_id=workshop.organization_id, workshop=workshop,
                                      person=person, guest_name=guest_name, guest_key=guest_key, role=role,
                                      **extra)


def guests(workshop, n, start=1):
    return [seat(workshop, guest_name=f"访客{i}", guest_key=f"key-{workshop.pk}-{i}")
            for i in range(start, start + n)]


def as_room(seat_or_person, workshop, *, manage=False) -> RoomActor:
    if isinstance(seat_or_person, Participant):
        return RoomActor(workshop=workshop, seat=seat_or_person, person=seat_or_person.person,
                         can_manage=manage)
    return RoomActor(workshop=workshop, seat=None, person=seat_or_person, can_manage=True)


def set_stage(workshop, stage):
    AgendaItem.objects.filter(pk=workshop.current_item_id).update(stage=stage)
    workshop.refresh_from_db()
    workshop.current_item.refresh_from_db()


@pytest.fixture
def workshop(org, alice):
    return make_workshop(org, alice)


@pytest.fixture
def bobs_seat(workshop, bob):
    return seat(workshop, bob)


@pytest.fixture
def guest_seat(workshop):
    return seat(workshop, guest_name="访客小周", guest_key="guest-secret-key-c001")


@pytest.fixture
def carols_seat(workshop, carol):
    return seat(workshop, carol, role=Role.OBSERVER)


__all__ = ["Stage", "as_room", "guests", "make_workshop", "seat", "set_stage"]
