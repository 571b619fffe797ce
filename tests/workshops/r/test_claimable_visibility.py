"""The key-result step's claimable objectives are read as the room's reader may see them: a
private company objective of the cycle is never offered to (nor claimable by) a group leader who
may not see it — a guest least of all — while the facilitator and the objectives the meeting
promoted stay as they were."""

import pytest
from django.urls import reverse

from okrflow.errors import DomainError
from okrflow.okrs.models import Visibility
from okrflow.workshops import key_results
from okrflow.workshops.models import Column, GroupObjective, Participant, Role
from okrflow.workshops.seats import RoomActor, remember_guest
from tests.okrs.factories import make_objective
from tests.workshops.d2.conftest import room

SECRET = "秘密并购计划"


@pytest.fixture
def private(q1):
    return make_objective(q1, title=SECRET, visibility=Visibility.PRIVATE)


@pytest.fixture
def guest_leader(workshop, groups):
    _one, two = groups
    Participant.objects.filter(group=two).update(is_leader=False)
    return Participant.objects.create(organization_id=workshop.organization_id, workshop=workshop,
                                      guest_name="访客", guest_key="guest-key-r-1", role=Role.PARTICIPANT,
                                      group=two, is_leader=True)


def test_a_guest_leader_is_not_offered_a_private_company_objective(client, workshop, groups, objectives,
                                                                   private, guest_leader):
    session = client.session
    remember_guest(session, workshop.pk, guest_leader.guest_key)
    session.save()
    page = client.get(reverse("workshop_cocreation_panel", args=[workshop.pk])).content.decode()
    assert objectives[0].title in page
    assert SECRET not in page


def test_a_guest_leader_cannot_claim_a_private_company_objective(workshop, groups, private, guest_leader):
    _one, two = groups
    guest = RoomActor(workshop=workshop, seat=guest_leader, person=None, can_manage=False)
    with pytest.raises(DomainError) as refused:
        key_results.claim_objective(guest, two, private)
    assert refused.value.code == "not_claimable"
    assert not GroupObjective.objects.exists()


def test_a_leader_who_may_not_see_a_private_company_objective_cannot_claim_it(workshop, groups, private,
                                                                             carol):
    _one, two = groups
    with pytest.raises(DomainError) as refused:
        key_results.claim_objective(room(carol, workshop), two, private)
    assert refused.value.code == "not_claimable"
    assert not GroupObjective.objects.exists()


def test_the_facilitator_may_still_claim_a_private_company_objective(workshop, groups, private, admin):
    one, _two = groups
    key_results.claim_objective(room(admin, workshop), one, private)
    assert GroupObjective.objects.get().objective == private


def test_an_objective_the_meeting_promoted_is_claimable_by_a_guest_leader(workshop, groups, q1, tech,
                                                                         guest_leader):
    _one, two = groups
    promoted = make_objective(q1, owner=tech, title="会上产生的目标", visibility=Visibility.PRIVATE)
    Column.objects.create(organization_id=workshop.organization_id, workshop=workshop, title="x",
                          objective=promoted)
    guest = RoomActor(workshop=workshop, seat=guest_leader, person=None, can_manage=False)
    key_results.claim_objective(guest, two, promoted)
    assert GroupObjective.objects.get().objective == promoted
