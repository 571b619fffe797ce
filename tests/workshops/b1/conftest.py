"""A meeting of alice's (she facilitates) with three agenda items, bob's seat and a guest's."""

import datetime
import itertools

import pytest
from django.utils import timezone

from okrflow.workshops.models import AgendaItem, Method, Participant, Role, Workshop

_codes = itertools.count(1)


def make_workshop(org, facilitator, *, minutes=(10, 5, 30), **fields) -> Workshop:
    starts_at = fields.pop("starts_at", timezone.now() + datetime.timedelta(hours=1))
    workshop = Workshop.objects.create(
        organization=org, title=fields.pop("title", "公司 OKR 共创会"), facilitator=facilitator,
        created_by=facilitator, starts_at=starts_at, join_code=f"B1{next(_codes):06d}", **fields)
    titles = ("背景介绍", "年度目标", "茶歇", "部门认领", "总结")
    methods = (Method.TALK, Method.COCREATION, Method.BREAK, Method.CLAIM, Method.QA)
    for position, length in enumerate(minutes):
        AgendaItem.objects.create(organization=org, workshop=workshop, position=position,
                                  title=titles[position % 5], minutes=length, method=methods[position % 5],
                                  owner_label="主持人", questions="KR 真的关键吗？\n能衡量吗？")
    return workshop


def seat(workshop, person=None, *, guest_name="", role=Role.PARTICIPANT, guest_key="") -> Participant:
    return Participant.objects.create(organization_id=workshop.organization_id, workshop=workshop,
                                      person=person, guest_name=guest_name, guest_key=guest_key, role=role)


@pytest.fixture
def workshop(org, alice):
    return make_workshop(org, alice)


@pytest.fixture
def bobs_seat(workshop, bob):
    return seat(workshop, bob)


@pytest.fixture
def guest_seat(workshop):
    return seat(workshop, guest_name="访客小周", guest_key="guest-secret-key-0001")


def items_of(workshop):
    return list(AgendaItem.objects.filter(workshop=workshop).order_by("position", "id"))
