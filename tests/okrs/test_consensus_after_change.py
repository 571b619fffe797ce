"""Consensus is about the content (okrflow/cycles/phases.py state_after_change): a content change
to a proposed or agreed objective, or to its key results, sends it back to draft with every
acceptance cleared, audited and announced; check-ins, position and the console's record don't.
And one rule for "agreed in a published cycle" (phases.state_on_arrival) at every door."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from okrflow import events
from okrflow.actors import SYSTEM
from okrflow.checkins.services import record_checkin
from okrflow.cycles import phases
from okrflow.okrs import states
from okrflow.okrs.models import Objective, ObjectiveStatus
from okrflow.okrs.services import (
    create_key_result,
    create_objective,
    delete_key_result,
    update_key_result,
    update_objective,
)
from tests.listening import listening
from tests.okrs.factories import make_key_result, make_objective


@pytest.fixture
def agreed(q1, bob, alice):
    objective = make_objective(q1, owner=bob, title="Ship the app", status=ObjectiveStatus.DRAFT)
    make_key_result(objective, target=10, title="10 paying teams", owner=bob)
    states.propose(bob, objective)
    states.accept(alice, objective)
    return Objective.objects.get(pk=objective.pk)


def fresh(objective):
    return Objective.objects.get(pk=objective.pk)


def assert_back_to_draft(objective):
    objective = fresh(objective)
    assert objective.status == ObjectiveStatus.DRAFT
    assert (objective.owner_agreed_at, objective.manager_agreed_at, objective.manager_agreed_by_id,
            objective.confirmed_at, objective.confirmed_by_id) == (None, None, None, None, None)
    entry = states.consensus_history(objective).last()
    assert entry.action == "objective.send_back" and "agreed again" in entry.changes["comment"][1]


@pytest.mark.parametrize("change", [{"title": "Ship the app, maybe"}, {"description": "Later"},
                                    {"visibility": "private"}])
def test_the_owner_changing_an_agreed_objective_sends_it_back_to_draft(agreed, bob, change,
                                                                       django_capture_on_commit_callbacks):
    with listening(events.objective_sent_back) as sent_back, django_capture_on_commit_callbacks(execute=True):
        update_objective(bob, agreed, **change)
    assert_back_to_draft(agreed)
    assert [(p["objective"].pk, p["actor"]) for p in sent_back] == [(agreed.pk, bob)]


def test_a_new_owner_for_a_proposed_objective_is_a_new_proposal(q1, bob, alice):
    objective = make_objective(q1, owner=bob, status=ObjectiveStatus.DRAFT)
    states.propose(bob, objective)
    update_objective(alice, objective, owner_person=alice)
    assert_back_to_draft(objective)


def test_changing_a_key_results_target_sends_its_agreed_objective_back(agreed, bob):
    kr = agreed.key_results.get()
    update_key_result(bob, kr, target_value=12)
    assert_back_to_draft(agreed)


def test_adding_or_removing_a_key_result_sends_its_agreed_objective_back(agreed, bob, alice):
    create_key_result(bob, agreed, title="5 case studies", target_value=5)
    assert_back_to_draft(agreed)
    states.propose(bob, agreed)
    states.accept(alice, agreed)
    delete_key_result(bob, agreed.key_results.first())
    assert_back_to_draft(agreed)


def test_check_ins_and_the_position_keep_the_agreement(agreed, bob):
    kr = agreed.key_results.get()
    record_checkin(bob, kr, value=Decimal(3), date=datetime.date(2026, 1, 15), confidence=60)
    update_objective(bob, agreed, position=3)
    update_key_result(bob, kr, position=2)
    objective = fresh(agreed)
    assert objective.status == ObjectiveStatus.AGREED and objective.manager_agreed_at is not None


def test_the_console_keeps_the_state_it_records(agreed):
    update_objective(SYSTEM, agreed, title="As the board agreed")
    assert fresh(agreed).status == ObjectiveStatus.AGREED


def test_a_draft_stays_a_draft_and_a_published_objective_stays_locked(q1, bob):
    draft = make_objective(q1, owner=bob, status=ObjectiveStatus.DRAFT)
    update_objective(bob, draft, title="Still drafting")
    assert fresh(draft).status == ObjectiveStatus.DRAFT
    assert phases.state_after_change(phases.PUBLISHED, {"title"}) == phases.PUBLISHED


def test_an_objective_created_agreed_in_a_published_cycle_is_published(org, q1):
    q1.published_at = timezone.now()
    q1.save(update_fields=["published_at"])
    objective = create_objective(SYSTEM, org, cycle=q1, title="Late but agreed", owner_unit=org.root_unit())
    assert objective.status == ObjectiveStatus.PUBLISHED == fresh(objective).status
    draft = create_objective(SYSTEM, org, cycle=q1, title="Still a draft", owner_unit=org.root_unit(),
                             status=ObjectiveStatus.DRAFT)
    assert draft.status == ObjectiveStatus.DRAFT
