"""A company workshop over the personas, built from the models directly (the room's own services
are other briefs'): the facilitator is the admin, alice (head of TECH), bob and carol take part;
the company's annual objective to align to; factories for groups, columns, cards and votes."""

import datetime
import itertools

import pytest
from django.utils import timezone

from okrflow.workshops.models import (
    AgendaItem,
    Card,
    CardKind,
    Column,
    Group,
    Kind,
    Method,
    Participant,
    Role,
    Vote,
    Workshop,
)
from tests.okrs.factories import make_objective

_codes = itertools.count(1)


def make_workshop(org, facilitator, *, cycle=None, unit=None, kind=Kind.COMPANY_WORKSHOP,
                  **fields) -> Workshop:
    fields.setdefault("starts_at", timezone.now() + datetime.timedelta(days=1))
    return Workshop.objects.create(organization=org, kind=kind, title=fields.pop("title", "公司OKR研讨会"),
                                   facilitator=facilitator, created_by=facilitator, cycle=cycle, unit=unit,
                                   join_code=f"D{next(_codes):05d}", **fields)


def seat(workshop, person=None, *, guest_name="", role=Role.PARTICIPANT, group=None, **fields) -> Participant:
    return Participant.objects.create(organization_id=workshop.organization_id, workshop=workshop,
                                      person=person, guest_name=guest_name,
                                      guest_key="k" + guest_name if guest_name else "",
                                      role=role, group=group, **fields)


def group(workshop, number) -> Group:
    return Group.objects.create(organization_id=workshop.organization_id, workshop=workshop, number=number)


def column(workshop, *, group=None, title="", keyword="", rank=None, kind=CardKind.OBJECTIVE,
           **fields) -> Column:
    return Column.objects.create(organization_id=workshop.organization_id, workshop=workshop, group=group,
                                 title=title, keyword=keyword, rank=rank, kind=kind, **fields)


def card(column, author, text, **fields) -> Card:
    return Card.objects.create(organization_id=column.organization_id, workshop=column.workshop,
                               author=author, group=column.group, column=column, kind=column.kind, text=text,
                               **fields)


def vote(column, participant) -> Vote:
    return Vote.objects.create(organization_id=column.organization_id, workshop=column.workshop,
                               participant=participant, column=column)


def item(workshop, position, title, minutes, method=Method.TALK, **fields) -> AgendaItem:
    return AgendaItem.objects.create(organization_id=workshop.organization_id, workshop=workshop,
                                     position=position, title=title, minutes=minutes, method=method, **fields)


@pytest.fixture
def annual_goal(year):
    return make_objective(year, title="成为华东第一的协作平台", ref="O-YEAR")


@pytest.fixture
def workshop(org, admin, q1):
    return make_workshop(org, admin, cycle=q1, unit=org.root_unit())
