"""The co-creation meeting of the API matrix's world: alice facilitates, bob has a seat, one
column on the board to vote on."""

from django.utils import timezone

from okrflow.workshops.models import AgendaItem, Column, Method, Participant, State, Workshop


def cocreation_meeting(org, alice, bob):
    workshop = Workshop.objects.create(organization=org, title="团队共创", facilitator=alice,
                                       created_by=alice, starts_at=timezone.now(), join_code="CCAPI001",
                                       state=State.LIVE)
    item = AgendaItem.objects.create(organization=org, workshop=workshop, title="写卡片",
                                     method=Method.COCREATION)
    Workshop.objects.filter(pk=workshop.pk).update(current_item=item)
    Participant.objects.create(organization=org, workshop=workshop, person=bob)
    column = Column.objects.create(organization=org, workshop=workshop, agenda_item=item, keyword="交付")
    return workshop, column
