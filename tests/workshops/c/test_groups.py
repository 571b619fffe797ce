"""Random groups of 5–7 with one leader each; observers and the facilitator are not grouped."""

import pytest

from okrflow.errors import AccessDenied, DomainError
from okrflow.workshops import groups as service
from okrflow.workshops.models import Column, Event, Group, Participant, Role

from .conftest import guests, seat


def test_twelve_participants_make_two_groups_of_six_each_with_one_leader(workshop, alice, bobs_seat,
                                                                          carols_seat):
    guests(workshop, 11)
    made = service.form_groups(alice, workshop, seed=7)
    assert len(made) == 2
    for group in service.groups_with_members(workshop):
        assert len(group.people) == 6
        assert [p.is_leader for p in group.people].count(True) == 1
    carols_seat.refresh_from_db()
    assert carols_seat.group_id is None  # the observer watches
    assert Event.objects.filter(workshop=workshop, topic="groups", kind="groups_formed").count() == 1


def test_the_facilitators_own_seat_is_not_grouped(workshop, alice):
    facilitator = seat(workshop, alice, role=Role.FACILITATOR)
    guests(workshop, 5)
    service.form_groups(alice, workshop, seed=1)
    facilitator.refresh_from_db()
    assert facilitator.group_id is None
    assert Participant.objects.filter(workshop=workshop, group__isnull=False).count() == 5


def test_a_reshuffle_deals_new_groups_and_keeps_one_leader_a_group(workshop, alice):
    guests(workshop, 14)
    service.form_groups(alice, workshop, seed=1)
    first = dict(Participant.objects.filter(workshop=workshop).values_list("id", "group__number"))
    service.form_groups(alice, workshop, seed=2)
    second = dict(Participant.objects.filter(workshop=workshop).values_list("id", "group__number"))
    assert first != second
    assert Group.objects.filter(workshop=workshop).count() == 2
    assert Participant.objects.filter(workshop=workshop, is_leader=True).count() == 2
    assert Event.objects.filter(workshop=workshop, kind="groups_reshuffled").count() == 1


def test_a_participant_cannot_form_groups(workshop, bob, bobs_seat):
    guests(workshop, 5)
    before = Event.objects.count()
    with pytest.raises(AccessDenied):
        service.form_groups(bob, workshop)
    assert Group.objects.count() == 0 and Event.objects.count() == before


def test_a_reshuffle_is_refused_once_a_group_has_columns_and_nothing_changes(workshop, alice):
    guests(workshop, 6)
    service.form_groups(alice, workshop, seed=3)
    group = Group.objects.get(workshop=workshop)
    Column.objects.create(organization=workshop.organization, workshop=workshop, group=group,
                          agenda_item=workshop.current_item)
    before = list(Participant.objects.filter(workshop=workshop).values_list("id", "group_id", "is_leader"))
    with pytest.raises(DomainError) as refused:
        service.form_groups(alice, workshop, seed=4)
    assert refused.value.code == "groups_in_use"
    after = Participant.objects.filter(workshop=workshop).values_list("id", "group_id", "is_leader")
    assert list(after) == before


def test_the_facilitator_names_another_leader(workshop, alice):
    guests(workshop, 6)
    service.form_groups(alice, workshop, seed=5)
    other = Participant.objects.filter(workshop=workshop, is_leader=False).first()
    service.set_leader(alice, other)
    assert list(Participant.objects.filter(workshop=workshop, is_leader=True)) == [other]
