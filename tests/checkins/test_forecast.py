"""The forecast: a least-squares line through value over time, extended to the cycle's end,
scored by the one rule; hand-computed histories with exact slopes."""

import datetime
from types import SimpleNamespace

from django.utils import translation

from okrflow.checkins.forecast import (
    MILESTONE,
    NO_HISTORY,
    Forecast,
    at_risk_first,
    confidence_histories,
    confidence_trend,
    forecast,
    forecasts_for,
    is_at_risk,
    latest_per_date,
    objective_confidence_trend,
)
from okrflow.okrs.models import OkrPolicy
from tests.okrs.factories import make_checkin, make_key_result, make_objective

D = datetime.date
JAN1 = D(2026, 1, 1)
END = D(2026, 4, 2)  # 91 days (13 weeks) after 1 January


def day(n: int) -> datetime.date:
    return JAN1 + datetime.timedelta(days=n)


def test_a_steady_rise_is_extended_to_the_cycle_end_and_scored():
    result = forecast([(day(0), 10), (day(7), 20), (day(14), 30)], start_value=0, target_value=200,
                      end_date=END)
    # 10 per week for 13 weeks from 10: 140 of 200 → 0.7
    assert (result.projected_value, result.per_week, result.projected_score) == (140, 10, 0.7)


def test_the_line_is_the_least_squares_fit_through_uneven_readings():
    # x = 0, 7, 14; y = 10, 30, 20: slope Σ(dx·dy)/Σdx² = 70/98 = 5/7 per day, through (7, 20).
    result = forecast([(day(0), 10), (day(7), 30), (day(14), 20)], start_value=0, target_value=100,
                      end_date=END)
    assert (result.projected_value, result.per_week, result.projected_score) == (80, 5, 0.8)


def test_a_decreasing_target_is_scored_by_how_far_the_value_fell():
    # 100 → 90 in two weeks: −5 per week, 35 after 13 weeks; (35 − 100) / (20 − 100) = 0.8125
    result = forecast([(day(0), 100), (day(14), 90)], start_value=100, target_value=20, end_date=END)
    assert (result.projected_value, result.per_week, result.projected_score) == (35, -5, 0.8125)


def test_the_projected_score_is_clamped_between_zero_and_one():
    rising = forecast([(day(0), 0), (day(7), 50)], start_value=0, target_value=100, end_date=END)
    falling = forecast([(day(0), 50), (day(7), 0)], start_value=0, target_value=100, end_date=END)
    assert (rising.projected_score, falling.projected_score) == (1.0, 0.0)


def test_a_flat_line_projects_the_current_value():
    result = forecast([(day(0), 50), (day(7), 50)], start_value=0, target_value=100, end_date=END)
    assert (result.projected_value, result.per_week, result.projected_score) == (50, 0, 0.5)


def test_one_check_in_gives_no_forecast_and_says_why():
    with translation.override("en"):
        result = forecast([(day(0), 50)], start_value=0, target_value=100, end_date=END)
    assert result.projected_value is None and result.projected_score is None
    assert result.reason == NO_HISTORY
    assert "at least two different dates" in result.explanation


def test_check_ins_on_one_date_are_one_reading_and_the_last_recorded_counts():
    same_day = [(day(0), 10), (day(0), 30)]
    assert latest_per_date(same_day) == [(day(0), 30)]
    assert forecast(same_day, start_value=0, target_value=100, end_date=END).reason == NO_HISTORY
    result = forecast([*same_day, (day(7), 40)], start_value=0, target_value=200, end_date=END)
    assert (result.per_week, result.projected_value) == (10, 160)


def test_the_explanation_names_the_pace_the_value_the_date_and_the_score():
    with translation.override("en"):
        result = forecast([(day(0), 10), (day(7), 22.5)], start_value=0, target_value=200, end_date=END)
    assert result.explanation == (
        "At the current pace (+12.5 per week) the value reaches 172.5 by April 2, 2026: "
        "projected score 0.86.")


def _forecast(score):
    return Forecast(None if score is None else 1, score, None, explanation="")


def test_a_low_projected_score_or_a_low_confidence_is_at_risk():
    assert is_at_risk(_forecast(0.3), confidence=90)
    assert is_at_risk(_forecast(0.8), confidence=40)
    assert not is_at_risk(_forecast(0.4), confidence=50)
    assert not is_at_risk(_forecast(None), confidence=None)


def test_the_policy_moves_the_at_risk_line():
    strict = OkrPolicy(fair_from="0.5", good_from="0.6", excellent_from="0.9")
    assert is_at_risk(_forecast(0.45), policy=strict)
    assert not is_at_risk(_forecast(0.45))


def test_at_risk_key_results_come_first_lowest_score_first():
    def kr(pk, confidence):
        return SimpleNamespace(pk=pk, confidence=confidence)

    rows = [(kr(1, 90), _forecast(0.9)), (kr(2, 90), _forecast(0.2)), (kr(3, 30), _forecast(0.7)),
            (kr(4, 90), _forecast(None)), (kr(5, 90), _forecast(0.5))]
    assert [k.pk for k, _f in at_risk_first(rows)] == [2, 3, 5, 1, 4]


def test_forecasts_for_many_key_results_read_their_check_ins_in_one_query(q1, bob, django_assert_num_queries):
    objective = make_objective(q1, owner=bob)
    first, second = make_key_result(objective, target=100), make_key_result(objective, target=100)
    for n, value in enumerate([10, 20, 30]):
        make_checkin(first, value, date=day(7 * n))
    make_checkin(second, 5, date=day(0))
    krs = list(type(first).objects.filter(pk__in=[first.pk, second.pk]).select_related("objective__cycle"))
    with django_assert_num_queries(1):
        results = forecasts_for(krs)
    # q1 ends 31 March (89 days): 10 + 89 × 10/7 = 137.1429 → clamped to 1.0
    assert results[first.pk].projected_score == 1.0
    assert results[second.pk].reason == NO_HISTORY


def test_a_key_results_confidence_trend_has_one_point_per_date():
    readings = [(day(0), 80), (day(0), 70), (day(7), None), (day(14), 40)]
    assert confidence_trend(readings) == [(day(0), 70), (day(14), 40)]


def test_an_objectives_confidence_trend_is_the_weekly_mean_of_its_key_results():
    first = [(day(0), 80), (day(7), 60), (day(14), 70)]
    second = [(day(7), 40)]
    weeks = [day(-3), day(4), day(11)]  # Mondays 29 Dec, 5 Jan, 12 Jan
    assert objective_confidence_trend([first, second], weeks) == [
        (day(-3), 80.0), (day(4), 50.0), (day(11), 55.0)]
    assert objective_confidence_trend([[]], weeks[:1]) == [(day(-3), None)]


def test_confidence_histories_are_read_in_one_query(q1, bob, django_assert_num_queries):
    kr = make_key_result(make_objective(q1, owner=bob), target=100)
    make_checkin(kr, 1, confidence=80, date=day(0))
    make_checkin(kr, 2, date=day(7))
    with django_assert_num_queries(1):
        assert confidence_histories([kr]) == {kr.pk: [(day(0), 80)]}


def test_a_milestone_gets_no_forecast(q1, bob):
    kr = make_key_result(make_objective(q1, owner=bob), kind="milestone", target=1)
    make_checkin(kr, 0, date=day(0))
    make_checkin(kr, 0, date=day(7))
    kr = type(kr).objects.select_related("objective__cycle").get(pk=kr.pk)
    assert forecasts_for([kr])[kr.pk].reason == MILESTONE
