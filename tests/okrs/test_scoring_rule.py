"""The one scoring rule: pure functions, and the same numbers from the database set-wise."""

import datetime
from decimal import Decimal

import pytest

from okrflow.actors import SYSTEM
from okrflow.okrs.models import KeyResult, Objective, OkrPolicy
from okrflow.okrs.scoring import (
    GRADE_LABELS,
    grade,
    kr_score,
    kr_scores,
    objective_score,
    objective_scores,
    owner_score,
    owner_scores,
    rollups,
)
from okrflow.okrs.services import add_link
from tests.okrs.factories import make_checkin, make_key_result, make_objective


@pytest.mark.parametrize(("start", "target", "current", "expected"), [
    (0, 100, 50, 0.5),
    (30, 45, 40, 0.666667),           # NPS from 30 to 45
    (48, 24, 36, 0.5),                # a decreasing target, halfway
    (48, 24, 60, 0.0),                # worse than the start clamps to 0
    (48, 24, 10, 1.0),                # beyond a decreasing target clamps to 1
    (0, 10, 15, 1.0),                 # overshoot clamps to 1
    (10, 20, 5, 0.0),                 # below the start clamps to 0
    (0, 1, 1, 1.0),                   # milestone done
    (0, 1, 0, 0.0),                   # milestone not done
    (5, 5, 5, 1.0),                   # target equals start, reached
    (5, 5, 4, 0.0),                   # target equals start, not reached
    (Decimal("99.5"), Decimal("99.95"), Decimal("99.8"), 0.666667),
])
def test_it_scores_a_key_result_by_the_published_rule(start, target, current, expected):
    assert kr_score(start, target, current) == pytest.approx(expected, abs=1e-6)


def test_it_weights_key_results_in_the_objective_score():
    assert objective_score([(1, 1.0), (3, 0.0)]) == 0.25
    assert objective_score([(Decimal("2"), 0.5), (Decimal("2"), 0.7)]) == 0.6


def test_an_objective_without_key_results_has_no_score():
    assert objective_score([]) is None


def test_an_owner_score_is_the_plain_mean_of_existing_objective_scores():
    assert owner_score([0.2, None, 0.6]) == 0.4
    assert owner_score([None]) is None


@pytest.mark.parametrize(("score", "expected"), [
    (0.0, "poor"), (0.39, "poor"), (0.4, "fair"), (0.5999999999, "good"), (0.6, "good"),
    (0.89, "good"), (0.9, "excellent"), (1.0, "excellent"), (None, None),
])
def test_it_grades_by_the_default_bands(score, expected):
    assert grade(score, OkrPolicy()) == expected


def test_it_grades_by_the_organizations_own_bands():
    policy = OkrPolicy(fair_from=Decimal("0.3"), good_from=Decimal("0.5"), excellent_from=Decimal("0.8"))
    assert [grade(s, policy) for s in (0.29, 0.3, 0.5, 0.8)] == ["poor", "fair", "good", "excellent"]


def test_every_grade_has_a_label_and_a_colour():
    assert set(GRADE_LABELS) == {"poor", "fair", "good", "excellent"}
    assert all(str(g["label"]) and g["colour"] for g in GRADE_LABELS.values())


@pytest.fixture
def scored(q1, tech, bob):
    """An objective with a decreasing KR, a milestone, a weighted KR and target == start."""
    objective = make_objective(q1, owner=tech)
    decreasing = make_key_result(objective, start=48, target=24, weight=2)
    milestone = make_key_result(objective, kind="milestone", target=1)
    flat = make_key_result(objective, start=5, target=5)
    make_checkin(decreasing, 40, date=datetime.date(2026, 2, 8))
    make_checkin(decreasing, 30, date=datetime.date(2026, 2, 1))   # older, recorded later
    make_checkin(milestone, 0, date=datetime.date(2026, 3, 1))
    make_checkin(milestone, 1, date=datetime.date(2026, 3, 1))     # same date: recorded last wins
    person_objective = make_objective(q1, owner=bob)
    return objective, person_objective, decreasing, milestone, flat


def test_check_ins_out_of_date_order_keep_the_latest_by_date(scored):
    _objective, _person_objective, decreasing, milestone, _flat = scored
    decreasing.refresh_from_db()
    milestone.refresh_from_db()
    assert decreasing.current_value == 40
    assert milestone.current_value == 1


def test_set_wise_scores_match_the_hand_computed_values(scored):
    objective, person_objective, decreasing, milestone, flat = scored
    # decreasing: (40-48)/(24-48) = 1/3 at weight 2; milestone 1; flat (current 5 == target) 1.
    assert kr_scores(KeyResult.objects.filter(objective=objective)) == {
        decreasing.pk: 0.333333, milestone.pk: 1.0, flat.pk: 1.0}
    expected = round((2 * (1 / 3) + 1 + 1) / 4, 6)
    assert objective_scores(Objective.objects.filter(pk__in=[objective.pk, person_objective.pk])) == {
        objective.pk: expected, person_objective.pk: None}


def test_owner_scores_are_keyed_by_unit_and_person(scored, q1, tech, bob):
    objective, *_rest = scored
    scores = owner_scores(q1)
    own = objective_scores(Objective.objects.filter(pk=objective.pk))[objective.pk]
    assert scores[("unit", tech.pk)] == own
    assert scores[("person", bob.pk)] is None


def test_scores_are_computed_in_one_query(scored, django_assert_num_queries):
    with django_assert_num_queries(1):
        objective_scores(Objective.objects.all())
    with django_assert_num_queries(1):
        kr_scores(KeyResult.objects.all())


def test_a_parent_shows_its_aligned_children_without_counting_links_twice(q1, tech, bob, carol):
    company = make_objective(q1)
    kr = make_key_result(company, start=0, target=10)
    make_checkin(kr, 5)
    child_a = make_objective(q1, owner=tech, parent_objective=company)
    make_checkin(make_key_result(child_a, start=0, target=10), 10)
    child_b = make_objective(q1, owner=bob, parent_key_result=kr)
    make_key_result(child_b, start=0, target=10)
    linked = make_objective(q1, owner=carol)
    add_link(SYSTEM, linked, to_objective=company)
    result = rollups(Objective.objects.filter(pk=company.pk))[company.pk]
    assert (result.score, result.children, result.children_mean, result.contributors) == (0.5, 2, 0.5, 1)


def test_without_a_policy_the_default_bands_apply():
    assert grade(0.65) == "good"


def test_a_page_of_a_list_can_be_scored(scored):
    objective, *_rest = scored
    page = Objective.objects.order_by("id")[:1]
    assert objective_scores(page) == objective_scores(Objective.objects.filter(pk=objective.pk))
    assert len(kr_scores(KeyResult.objects.order_by("id")[:2])) == 2
