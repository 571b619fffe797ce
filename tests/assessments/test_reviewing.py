"""The manager's review of a self-assessment, and the objective's three-part summary."""

from decimal import Decimal

import pytest

from okrflow.actors import SYSTEM
from okrflow.assessments.models import ObjectiveSummary, ReviewState, SelfAssessment
from okrflow.assessments.services import review, self_assess, summarize
from okrflow.audit.log import history
from okrflow.errors import AccessDenied, DomainError
from okrflow.org.models import Role
from okrflow.org.services import update_person
from tests.assessments.conftest import publish
from tests.factories import make_person, make_unit
from tests.okrs.factories import make_key_result, make_objective


@pytest.fixture
def assessment(published, kr, bob):
    return self_assess(bob, kr, score="0.7")


def test_the_manager_agrees_and_the_self_score_stands(assessment, alice):
    reviewed = review(alice, assessment, agree=True)
    assert (reviewed.review_state, reviewed.reviewed_score, reviewed.reviewed_by) == (
        ReviewState.AGREED, Decimal("0.700"), alice)
    assert "self_assessment.review" in [e.action for e in history(reviewed)]


def test_the_manager_adjusts_with_a_comment(assessment, alice):
    reviewed = review(alice, assessment, agree=False, score="0.5", comment="两次事故算在内")
    assert (reviewed.review_state, reviewed.reviewed_score, reviewed.review_comment) == (
        ReviewState.ADJUSTED, Decimal("0.500"), "两次事故算在内")


def test_adjusting_without_a_comment_is_refused(assessment, alice):
    with pytest.raises(DomainError) as refused:
        review(alice, assessment, agree=False, score="0.5")
    assert (refused.value.code, refused.value.field) == ("comment_required", "comment")
    assert SelfAssessment.objects.get().review_state == ReviewState.PENDING


def test_adjusting_to_a_score_outside_0_to_1_is_refused(assessment, alice):
    with pytest.raises(DomainError) as refused:
        review(alice, assessment, agree=False, score="1.2", comment="x")
    assert refused.value.code == "bad_score"


def test_an_admin_reviews_too(assessment, admin):
    assert review(admin, assessment, agree=True).reviewed_by == admin


def test_a_skip_level_manager_reviews(org, published, kr, bob, alice):
    boss = make_person(org, name="Boss", unit=org.root_unit())
    update_person(SYSTEM, alice, manager=boss)
    bob.refresh_from_db()
    assert review(boss, self_assess(bob, kr), agree=True).reviewed_by == boss


@pytest.mark.parametrize("who", ["bob", "carol", "hr", "dave"])
def test_only_managers_and_admins_review(assessment, who, request):
    with pytest.raises(AccessDenied):
        review(request.getfixturevalue(who), assessment, agree=True)
    assert SelfAssessment.objects.get().review_state == ReviewState.PENDING


def test_a_unit_objective_is_reviewed_by_the_parent_units_head(org, q1, tech, alice):
    cto = make_person(org, name="CTO", unit=org.root_unit())
    platform = make_unit(org, code="PLAT", parent=tech)
    lead = make_person(org, name="Lead", unit=platform, manager=alice, role=Role.MANAGER)
    platform.head = lead
    platform.save(update_fields=["head"])
    kr = make_key_result(make_objective(q1, owner=platform), start=0, target=5)
    publish(q1)
    assessment = self_assess(lead, kr)
    with pytest.raises(AccessDenied):
        review(cto, assessment, agree=True)
    assert review(alice, assessment, agree=True).reviewed_by == alice


def test_the_owner_writes_the_three_part_summary(published, bobs_objective, bob):
    summary = summarize(bob, bobs_objective, achieved="事故减半", missed="手册只写了两本", why="人手不足")
    again = summarize(bob, bobs_objective, achieved="事故减半", missed="手册写了三本", why="人手不足")
    assert (again.pk, again.missed) == (summary.pk, "手册写了三本")
    assert sorted(e.action for e in history(again)) == [
        "objective_summary.create", "objective_summary.update"]


def test_an_empty_summary_is_refused(published, bobs_objective, bob):
    with pytest.raises(DomainError) as refused:
        summarize(bob, bobs_objective, achieved=" ", missed="", why="")
    assert refused.value.code == "empty_summary"
    assert not ObjectiveSummary.objects.exists()


def test_only_the_owner_writes_the_summary(published, bobs_objective, alice):
    with pytest.raises(AccessDenied):
        summarize(alice, bobs_objective, achieved="x")
