"""Self-assessing a key result: who may, when, the computed default, the 0.2 gap rule, audit."""

from decimal import Decimal

import pytest
from django.utils import timezone

from okrflow.assessments.models import ReviewState, SelfAssessment
from okrflow.assessments.services import review, self_assess
from okrflow.audit.log import history
from okrflow.cycles.models import Cycle
from okrflow.errors import AccessDenied, DomainError
from okrflow.okrs.models import Objective, ObjectiveStatus
from tests.assessments.conftest import publish
from tests.okrs.factories import make_key_result, make_objective


def test_the_owner_self_assesses_and_the_computed_score_is_the_default(published, kr, bob):
    assessment = self_assess(bob, kr)
    assert (assessment.score, assessment.computed_score, assessment.assessed_by) == (
        Decimal("0.600"), Decimal("0.600"), bob)
    assert assessment.review_state == ReviewState.PENDING
    assert [e.action for e in history(assessment)] == ["self_assessment.create"]


def test_a_score_close_to_the_computed_one_needs_no_comment(published, kr, bob):
    assert self_assess(bob, kr, score="0.8").score == Decimal("0.800")


def test_a_gap_of_more_than_0_2_without_a_comment_is_refused(published, kr, bob):
    with pytest.raises(DomainError) as refused:
        self_assess(bob, kr, score="0.85")
    assert (refused.value.code, refused.value.field) == ("comment_required", "comment")
    assert "0.2" in str(refused.value.message)
    assert not SelfAssessment.objects.exists()


def test_a_gap_with_a_comment_is_kept(published, kr, bob):
    assessment = self_assess(bob, kr, score="0.9", comment="两个事故是上游的问题")
    assert (assessment.score, assessment.comment) == (Decimal("0.900"), "两个事故是上游的问题")


@pytest.mark.parametrize("score", ["1.2", "-0.1", 2])
def test_a_score_outside_0_to_1_is_refused_with_its_message(published, kr, bob, score):
    with pytest.raises(DomainError) as refused:
        self_assess(bob, kr, score=score, comment="why not")
    assert refused.value.code == "bad_score"
    assert str(refused.value.message) == f"A score runs from 0 to 1; {score} is outside that range."
    assert not SelfAssessment.objects.exists()


def test_a_score_that_is_not_a_number_is_refused(published, kr, bob):
    with pytest.raises(DomainError) as refused:
        self_assess(bob, kr, score="lots")
    assert (refused.value.code, refused.value.field) == ("not_a_number", "score")


def test_the_objective_owner_may_assess_a_key_result_someone_else_owns(q1, kr, bobs_objective, bob, dave):
    davids = make_key_result(bobs_objective, start=0, target=4, owner=dave)
    publish(q1)
    assert self_assess(bob, davids).assessed_by == bob
    assert self_assess(dave, davids).assessed_by == dave


def test_the_head_of_a_unit_assesses_the_units_key_results(q1, tech, alice):
    kr = make_key_result(make_objective(q1, owner=tech), start=0, target=5)
    publish(q1)
    assert self_assess(alice, kr).assessed_by == alice


@pytest.mark.parametrize("who", ["alice", "admin", "carol", "hr", "dave"])
def test_nobody_else_self_assesses_for_the_owner(published, kr, who, request):
    with pytest.raises(AccessDenied):
        self_assess(request.getfixturevalue(who), kr)
    assert not SelfAssessment.objects.exists()


def test_a_forgotten_actor_is_a_type_error(published, kr):
    with pytest.raises(TypeError):
        self_assess(None, kr)


def test_an_unpublished_cycle_is_not_open_for_self_assessment(q1, kr, bob):
    with pytest.raises(DomainError) as refused:
        self_assess(bob, kr)
    assert (refused.value.code, refused.value.status) == ("not_open", 409)


def test_a_drafts_key_results_are_refused_in_a_published_cycle(q1, kr, bob):
    draft = make_objective(q1, owner=bob, status=ObjectiveStatus.DRAFT)
    kr = make_key_result(draft, start=0, target=3, owner=bob)
    publish(q1)
    with pytest.raises(DomainError) as refused:
        self_assess(bob, kr)
    assert refused.value.code == "not_open"
    assert not SelfAssessment.objects.exists()


def test_a_closed_cycle_is_refused_as_closed(published, kr, bob):
    self_assess(bob, kr)
    Cycle.objects.filter(pk=published.pk).update(closed_at=timezone.now())
    Objective.objects.filter(cycle=published).update(status=ObjectiveStatus.CLOSED)
    with pytest.raises(DomainError) as refused:
        self_assess(bob, kr, score="0.5")
    assert (refused.value.code, refused.value.status) == ("closed", 409)
    assert SelfAssessment.objects.get().score == Decimal("0.600")


def test_reassessing_before_the_review_updates_it(published, kr, bob):
    first = self_assess(bob, kr)
    second = self_assess(bob, kr, score="0.7")
    assert (second.pk, second.score, second.version) == (first.pk, Decimal("0.700"), 2)
    assert sorted(e.action for e in history(second)) == ["self_assessment.create", "self_assessment.update"]


def test_a_reviewed_self_assessment_stands(published, kr, bob, alice):
    review(alice, self_assess(bob, kr), agree=True)
    with pytest.raises(DomainError) as refused:
        self_assess(bob, kr, score="0.7")
    assert (refused.value.code, refused.value.status) == ("reviewed", 409)
    assert SelfAssessment.objects.get().score == Decimal("0.600")


def test_the_okr_score_never_changes_with_the_self_score(published, kr, bob):
    from okrflow.okrs.selectors import objective_for
    before = objective_for(bob, kr.objective_id).score
    self_assess(bob, kr, score="1", comment="I feel great")
    assert objective_for(bob, kr.objective_id).score == before
