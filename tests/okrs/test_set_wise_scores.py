"""Set-wise scores from the database equal the pure rule, on generated data (SQLite and PostgreSQL).

Scores are rounded to 6 places; the pure objective score averages KR scores already rounded
while SQL averages the unrounded ones, so the two may differ by one step in the 6th place.
"""

from decimal import Decimal

import pytest
from django.db.models import Q
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from okrflow.okrs.models import KeyResult, Objective
from okrflow.okrs.scoring import (
    kr_score,
    kr_scores,
    objective_score,
    objective_scores,
    owner_score,
    owner_scores,
)
from okrflow.okrs.selectors import objectives_for
from tests.okrs.factories import make_checkin, make_key_result, make_objective

TOLERANCE = 2.1e-6
values = st.decimals(min_value=-10_000, max_value=10_000, places=2, allow_nan=False, allow_infinity=False)
weights = st.decimals(min_value=Decimal("0.001"), max_value=100, places=3)


@st.composite
def key_result_specs(draw):
    start = draw(values)
    target = draw(st.one_of(st.just(start), values))
    readings = draw(st.lists(st.one_of(values, st.just(target), st.just(start)), max_size=3))
    return start, target, draw(weights), readings


objective_specs = st.lists(st.lists(key_result_specs(), max_size=4), min_size=1, max_size=5)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(specs=objective_specs)
def test_set_wise_scores_equal_the_pure_rule(q1, tech, admin, specs):
    expected, expected_krs = {}, {}
    try:
        for spec in specs:
            objective = make_objective(q1, owner=tech)
            pairs = []
            for start, target, weight, readings in spec:
                kr = make_key_result(objective, start=start, target=target, weight=weight)
                for reading in readings:
                    make_checkin(kr, reading)  # same date: the last recorded is current
                current = readings[-1] if readings else start
                expected_krs[kr.pk] = kr_score(start, target, current)
                pairs.append((weight, expected_krs[kr.pk]))
            expected[objective.pk] = objective_score(pairs)
        assert kr_scores(KeyResult.objects.all()) == pytest.approx(expected_krs, abs=TOLERANCE)
        got = objective_scores(Objective.objects.all())
        assert got.keys() == expected.keys()
        for objective_id, score in expected.items():
            assert got[objective_id] == (None if score is None else pytest.approx(score, abs=TOLERANCE))
        # The read model's objectives (the objective page, cards) roll up the key results they read.
        read = {o.pk: o.score for o in objectives_for(admin, Objective.objects.all())}
        assert read.keys() == got.keys()
        for objective_id, score in got.items():
            assert read[objective_id] == (None if score is None else pytest.approx(score, abs=TOLERANCE))
        expected_owner, got_owner = owner_score(expected.values()), owner_scores(q1)[("unit", tech.pk)]
        assert got_owner == (None if expected_owner is None else pytest.approx(expected_owner, abs=TOLERANCE))
    finally:
        Objective.objects.all().delete()


def test_scores_need_one_query_however_many_key_results(q1, tech, django_assert_num_queries):
    for _ in range(20):
        objective = make_objective(q1, owner=tech)
        for n in range(3):
            make_key_result(objective, start=0, target=10 + n)
    with django_assert_num_queries(1):
        scores = objective_scores(Objective.objects.filter(cycle=q1))
    assert len(scores) == 20
    with django_assert_num_queries(1):
        owner_scores(q1)


def test_my_score_from_the_rows_read_equals_the_owner_score(q1, bob):
    """My OKRs takes the person's score from the objectives it read (selectors.owner_score_of):
    the same number as selectors.owner_score, with a draft, a proposal, a private objective and
    one without key results among them."""
    from okrflow.okrs.selectors import owner_score, owner_score_of
    for n, (status, visibility, krs) in enumerate([("agreed", "public", 2), ("published", "private", 1),
                                                    ("draft", "public", 1), ("proposed", "public", 1),
                                                    ("agreed", "public", 0)]):
        objective = make_objective(q1, owner=bob, visibility=visibility)
        for k in range(krs):
            kr = make_key_result(objective, start=0, target=10 * (n + 1), weight=k + 1)
            make_checkin(kr, 3 + n + k)
        Objective.objects.filter(pk=objective.pk).update(status=status)  # published locks its KRs
    read = objectives_for(bob, Objective.objects.filter(cycle=q1, owner_person=bob))
    assert len(read) == 5
    assert owner_score_of(read) == owner_score(q1, person=bob) is not None


@pytest.mark.parametrize("reader", ["bob", "alice", "admin"])
def test_ones_own_objectives_as_rows_equal_the_read_model(request, q1, tech, reader):
    """selectors.own_objective_rows (the home page's "My OKRs") reads what objectives_for reads of
    one's own objectives, in the same order, with the same scores, grades and key results, for a
    member, a unit's head and an admin; others' objectives and other cycles' stay out."""
    from okrflow.okrs.selectors import own_objective_rows
    from tests.factories import make_cycle
    person = request.getfixturevalue(reader)
    other = request.getfixturevalue("carol")
    for n, (visibility, krs) in enumerate([("public", 3), ("private", 1), ("public", 0)]):
        objective = make_objective(q1, owner=person, visibility=visibility)
        for k in range(krs):
            kr = make_key_result(objective, start=0, target=10 * (n + 1), weight=k + 1, position=krs - k,
                                 owner=other if k else person)
            make_checkin(kr, 3 + n + k)
    make_objective(q1, owner=other)
    make_objective(q1, owner=tech)
    make_objective(make_cycle(q1.organization, code="LATER"), owner=person)

    def shown(objectives):
        return [(o.pk, o.title, o.status, o.score, o.grade, o.can_edit,
                 [(kr.pk, kr.score, kr.grade, kr.progress) for kr in o.krs]) for o in objectives]

    mine = Objective.objects.filter(cycle=q1)
    expected = objectives_for(person, mine.filter(owner_person=person))
    assert len(expected) == 3 and len(expected[0].krs) == 3
    assert shown(own_objective_rows(person, mine)) == shown(expected)


@pytest.mark.parametrize("reader", ["bob", "alice", "admin"])
def test_ones_own_and_ones_units_objectives_equal_the_read_model(request, q1, tech, reader):
    """selectors.own_and_unit_objectives_for (My OKRs, no visibility or rights condition compiled)
    reads what objectives_for reads of one's own objectives and one's unit's, private ones
    included, in the same order, with the same scores, rights and key results, for a member, a
    unit's head and an admin; others' objectives and other cycles' stay out."""
    from okrflow.okrs.selectors import own_and_unit_objectives_for
    from tests.factories import make_cycle
    person = request.getfixturevalue(reader)
    other = request.getfixturevalue("carol")
    unit = person.unit or tech
    for n, (owner, visibility) in enumerate([(person, "public"), (person, "private"), (unit, "private"),
                                             (unit, "public")]):
        objective = make_objective(q1, owner=owner, visibility=visibility)
        for k in range(2):
            kr = make_key_result(objective, start=0, target=10 * (n + 1), weight=k + 1,
                                 owner=other if k else person)
            make_checkin(kr, 3 + n + k)
    make_objective(q1, owner=other, visibility="private")
    make_objective(make_cycle(q1.organization, code="LATER"), owner=person)

    def shown(objectives):
        return [(o.pk, o.title, o.score, o.grade, o.can_edit, o.continued_from_shown,
                 [(kr.pk, kr.score, kr.grade, kr.progress, kr.can_check_in) for kr in o.krs])
                for o in objectives]

    cycle = Objective.objects.filter(cycle=q1)
    owned = Q(owner_person=person) | Q(owner_unit_id=person.unit_id)
    expected = objectives_for(person, cycle.filter(owned))
    assert len(expected) == 4
    assert shown(own_and_unit_objectives_for(person, cycle)) == shown(expected)
