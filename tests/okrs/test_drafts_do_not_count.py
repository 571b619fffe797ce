"""Drafts and proposals never count (issue 9): not in an owner's, a unit's or the company's score,
not in a parent's roll-up, not in the bottom-up share; an agreed objective does."""

import pytest

from okrflow.okrs import scoring, selectors
from okrflow.okrs.lint import CycleFacts, ObjectiveFacts, OkrPolicy, check_cycle
from okrflow.okrs.models import Objective, ObjectiveStatus
from tests.okrs.factories import make_checkin, make_key_result, make_objective


@pytest.fixture
def scored(q1, bob):
    """bob: one agreed objective at 0.5, one draft and one proposal at 1.0."""
    agreed = make_objective(q1, owner=bob)
    make_checkin(make_key_result(agreed, target=10), 5)
    for status in (ObjectiveStatus.DRAFT, ObjectiveStatus.PROPOSED):
        draft = make_objective(q1, owner=bob, status=status, parent_objective=agreed)
        make_checkin(make_key_result(draft, target=10), 10)
    return agreed


def test_a_persons_score_counts_only_agreed_objectives(scored, q1, bob):
    assert selectors.owner_score(q1, person=bob) == 0.5
    assert scoring.owner_scores(q1)[("person", bob.pk)] == 0.5


def test_the_company_score_leaves_company_drafts_out(q1, org):
    counted = make_objective(q1)
    make_checkin(make_key_result(counted, target=4), 1)
    make_checkin(make_key_result(make_objective(q1, status=ObjectiveStatus.DRAFT), target=4), 4)
    assert selectors.company_score(q1) == 0.25


def test_a_draft_keeps_its_own_score_but_not_in_its_parents_roll_up(scored):
    rollup = scoring.rollups(Objective.objects.filter(pk=scored.pk))[scored.pk]
    assert (rollup.children, rollup.children_mean) == (2, None)
    draft = Objective.objects.get(status=ObjectiveStatus.DRAFT)
    assert scoring.objective_scores(Objective.objects.filter(pk=draft.pk))[draft.pk] == 1.0


def test_the_bottom_up_share_counts_agreed_objectives_only(q1, tech, bob, alice):
    make_objective(q1, owner=bob, origin="bottom_up")
    make_objective(q1, owner=alice, origin="top_down")
    make_objective(q1, owner=bob, origin="top_down", status=ObjectiveStatus.DRAFT)
    make_objective(q1, owner=bob, origin="bottom_up", status=ObjectiveStatus.PROPOSED)
    assert selectors.bottom_up_share(q1, tech) == {"share": 0.5, "bottom_up": 1, "counted": 2}
    assert selectors.bottom_up_share(q1)["counted"] == 2


def test_the_rules_check_leaves_drafts_out_of_the_bottom_up_share():
    facts = [ObjectiveFacts("O1", "company", origin="bottom_up"),
             ObjectiveFacts("O2", "company", origin="top_down", counted=False),
             ObjectiveFacts("O3", "company", origin="top_down", counted=False)]
    findings = check_cycle(facts, [], CycleFacts("Q1", None, None), OkrPolicy())
    assert "low_bottom_up_ratio" not in {f.code for f in findings}
    counted = [ObjectiveFacts(o.ref, o.owner_ref, origin=o.origin) for o in facts]
    assert "low_bottom_up_ratio" in {f.code for f in check_cycle(counted, [], CycleFacts("Q1", None, None),
                                                                 OkrPolicy())}
