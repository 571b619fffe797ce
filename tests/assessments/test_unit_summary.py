"""aggregates.unit_summary: what the retrospectives read, set-wise and in a fixed number of queries."""

from okrflow.assessments.aggregates import unit_summary
from okrflow.assessments.services import review, self_assess
from okrflow.okrs.models import Objective, ObjectiveStatus
from tests.assessments.conftest import publish
from tests.factories import make_person
from tests.okrs.factories import make_checkin, make_key_result, make_objective


def test_the_summary_counts_grades_averages_missed_and_check_ins(q1, tech, kr, kr2, bob, alice, carol):
    make_key_result(make_objective(q1, owner=carol), start=0, target=1, owner=carol)  # sales: not counted
    draft = make_objective(q1, owner=bob, status=ObjectiveStatus.DRAFT)
    make_key_result(draft, start=0, target=1, owner=bob)  # drafts never count
    publish(q1)
    review(alice, self_assess(bob, kr, score="0.7"), agree=False, score="0.5", comment="算上事故")
    summary = unit_summary(q1, tech.path)
    assert (summary.key_results, summary.assessed, summary.reviewed) == (2, 1, 1)
    assert summary.grades == {"poor": 1, "fair": 0, "good": 1, "excellent": 0}
    assert summary.self_grades == {"poor": 0, "fair": 1, "good": 0, "excellent": 0}
    assert (summary.average_computed, summary.average_self, summary.average_final,
            summary.average_computed_assessed) == (0.4, 0.7, 0.5, 0.6)
    assert [(m.title, m.score, m.owner) for m in summary.missed] == [("Ship 10 runbooks", 0.2, "Bob 李")]
    assert {row.name: row.checkins for row in summary.checkins} == {"Alice 王": 0, "Bob 李": 2}
    assert summary.weeks == 13


def test_a_score_exactly_at_a_band_boundary_lands_in_the_upper_band(q1, tech, bob):
    kr = make_key_result(make_objective(q1, owner=bob), start=0, target=10, owner=bob)
    make_checkin(kr, 4, author=bob)  # 0.4: fair, not poor, and not missed
    publish(q1)
    summary = unit_summary(q1, tech.path)
    assert (summary.grades["fair"], summary.missed_count) == (1, 0)


def test_the_query_count_does_not_grow_with_the_unit(org, q1, tech, kr, alice, django_assert_max_num_queries):
    publish(q1)
    q1.refresh_from_db()
    with django_assert_max_num_queries(5):
        unit_summary(q1, tech.path)
    for n in range(10):
        person = make_person(org, name=f"Extra {n}", unit=tech, manager=alice)
        # Drafted, given its key result, then published as the cycle's objectives are.
        objective = make_objective(q1, owner=person, status=ObjectiveStatus.DRAFT)
        make_checkin(make_key_result(objective, owner=person), 5, author=person)
    Objective.objects.filter(cycle=q1).update(status=ObjectiveStatus.PUBLISHED)
    q1.refresh_from_db()
    with django_assert_max_num_queries(5):
        assert len(unit_summary(q1, tech.path).checkins) == 12


def test_the_check_in_discipline_lists_the_people_who_checked_in_least_not_the_whole_unit(
        org, q1, tech, kr, alice, monkeypatch):
    from okrflow.assessments import aggregates

    monkeypatch.setattr(aggregates, "DISCIPLINE_LIMIT", 3)
    for n in range(5):
        person = make_person(org, name=f"Extra {n}", unit=tech, manager=alice)
        for _ in range(n + 1):
            make_checkin(make_key_result(make_objective(q1, owner=person), owner=person), 5, author=person)
    publish(q1)
    q1.refresh_from_db()
    listed = unit_summary(q1, tech.path).checkins
    assert [row.checkins for row in listed] == [0, 1, 1]  # alice (none), then bob and Extra 0, of seven
