"""The dashboards' figures (okrflow/reports/dashboard.py) against hand-computed values on the
small organization of tests/reports/dashboard_world.py."""

import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from okrflow.okrs import selectors
from okrflow.reports import dashboard
from okrflow.reports import dashboard_rules as rules
from tests.factories import make_person, make_unit
from tests.okrs.factories import make_checkin, make_key_result, make_objective
from tests.reports.dashboard_world import PRIVATE_TITLE, TODAY, build

WEEKS = ["2025-12-29", "2026-01-05", "2026-01-12", "2026-01-19"]


@pytest.fixture
def world(q1, tech, admin, alice, bob, carol):
    return build(q1, tech, admin, alice, bob, carol)


@pytest.fixture
def figures(world, q1, org):
    return dashboard.scope_figures(q1, org.root_unit(), TODAY)


def by_code(figures):
    return {child["code"]: child for child in figures["children"]}


# --- the pure rules -------------------------------------------------------------------------------

def test_a_cycle_has_the_weeks_from_its_first_monday_to_todays():
    class Cycle:
        start_date, end_date = datetime.date(2026, 1, 1), datetime.date(2026, 3, 31)

    assert [w.isoformat() for w in rules.cycle_weeks(Cycle, TODAY)] == WEEKS
    assert len(rules.cycle_weeks(Cycle, datetime.date(2026, 9, 1))) == 14  # over: up to its last week
    assert rules.cycle_weeks(Cycle, datetime.date(2025, 6, 1)) == [datetime.date(2025, 12, 29)]


def test_a_week_takes_the_last_reading_up_to_its_end():
    weeks = [datetime.date(2026, 1, 5), datetime.date(2026, 1, 12)]
    history = [(datetime.date(2026, 1, 6), 10), (datetime.date(2026, 1, 11), 20),
               (datetime.date(2026, 1, 11), 30)]
    assert rules.as_of_weeks(history, weeks, 0) == [30, 30]
    assert rules.weekly_kr_scores(0, 60, history, weeks) == [0.5, 0.5]
    assert rules.as_of_weeks([], weeks, None) == [None, None]


def test_the_histogram_puts_each_score_in_its_tenth_and_a_full_score_in_the_last():
    assert rules.histogram([0, 0.05, 0.1, 0.6, 0.999, 1.0, None]) == [2, 1, 0, 0, 0, 0, 1, 0, 0, 2]


def test_the_streak_counts_weeks_in_a_row_and_this_week_does_not_break_it():
    days = [datetime.date(2026, 1, 6), datetime.date(2026, 1, 13), datetime.date(2026, 1, 14)]
    assert rules.checkin_streak(days, TODAY) == 2  # no check-in yet this week: counted from last week
    assert rules.checkin_streak(days + [TODAY], TODAY) == 3
    assert rules.checkin_streak([datetime.date(2026, 1, 6)], TODAY) == 0
    assert rules.checkin_streak([], TODAY) == 0


# --- the company --------------------------------------------------------------------------------

def test_the_company_score_is_the_read_models_and_its_trend_follows_the_check_ins(figures, q1):
    assert figures["weeks"] == WEEKS
    assert figures["score"] == 0.6 == selectors.company_score(q1)
    assert figures["grade"] == "good"
    assert figures["own_trend"] == [0.0, 0.4, 0.6, 0.6]


def test_all_objectives_count_drafts_never_and_private_ones_by_their_number(figures):
    assert figures["objectives"] == 4
    assert figures["all_score"] == pytest.approx(0.4625)
    assert figures["all_trend"] == [0.0, 0.225, 0.4, 0.4625]
    assert figures["histogram"] == [0, 0, 1, 0, 0, 2, 1, 0, 0, 0]
    assert figures["grades"] == {"poor": 1, "fair": 2, "good": 1, "excellent": 0}


def test_the_heatmap_holds_each_departments_mean_score_and_confidence_by_week(figures):
    units = by_code(figures)
    assert [child["code"] for child in figures["children"]] == ["TECH", "SALES"]  # by name: 技术中心, 销售部
    assert units["TECH"]["weekly_score"] == [0.0, 0.25, 0.5, 0.5]
    assert units["TECH"]["weekly_confidence"] == [None, 90, 70, 70]
    assert units["SALES"]["weekly_score"] == [0.0, 0.0, 0.0, 0.25]
    assert units["SALES"]["weekly_confidence"] == [None, None, None, 30]
    assert units["TECH"]["score"] == 0.5 and units["SALES"]["score"] == 0.25


def test_key_results_at_risk_follow_the_one_rule(figures):
    assert (figures["at_risk"], figures["key_results"], figures["at_risk_share"]) == (1, 5, 0.2)
    units = by_code(figures)
    assert (units["SALES"]["at_risk"], units["SALES"]["key_results"]) == (1, 1)
    assert (units["TECH"]["at_risk"], units["TECH"]["key_results"]) == (0, 3)


def test_check_in_discipline_counts_who_checked_in_within_two_weeks(figures, q1, org, bob):
    assert (figures["people"], figures["checked_in"], figures["checkin_rate"]) == (4, 3, 0.75)
    units = by_code(figures)
    tech = units["TECH"]
    assert (tech["people"], tech["checked_in"], tech["checkin_rate"]) == (2, 1, 0.5)
    assert units["SALES"]["checkin_rate"] == 1.0
    assert [p.pk for p in dashboard.behind_people(q1, org.root_unit(), TODAY)] == [bob.pk]
    assert figures["behind"] == {"total": 1, "people": [
        {"pk": bob.pk, "name": "Bob 李", "unit": "技术中心", "last_checkin": "2026-01-05"}]}


def test_the_bottom_up_share_is_the_read_models_per_department(figures, q1, tech):
    assert (figures["bottom_up"], figures["counted"], figures["bottom_up_share"]) == (2, 4, 0.5)
    units = by_code(figures)
    assert units["TECH"]["bottom_up_share"] == selectors.bottom_up_share(q1, tech)["share"] == 0.5
    assert units["SALES"]["bottom_up_share"] == 1.0


def test_rules_check_findings_are_counted_per_department(figures):
    # TECH: its objective has one KR and supports nothing; SALES: the same for carol's. The
    # company: its own objective's single KR and the cycle's low bottom-up share (2 of 4).
    units = by_code(figures)
    assert units["TECH"]["findings"] == {"warning": 2}
    assert units["SALES"]["findings"] == {"warning": 2}
    assert figures["findings"] == {"warning": 6}


def test_the_figures_never_hold_a_title(figures):
    text = json.dumps(figures, ensure_ascii=False)
    for title in (PRIVATE_TITLE, "新签华东大客户", "成为客户首选的协作平台", "把构建时间缩短一半"):
        assert title not in text


# --- a unit ---------------------------------------------------------------------------------------

def test_a_units_dashboard_is_the_same_for_its_sub_units(world, q1, org, tech, alice, bob):
    platform = make_unit(org, code="PLAT", name="平台组", parent=tech)
    dana = make_person(org, email="dana@acme.test", name="Dana 赵", unit=platform, manager=alice)
    danas = make_objective(q1, owner=dana, title="平台稳定", ref="O-DANA", parent_objective=world.techs)
    kr = make_key_result(danas, target=10, owner=dana)
    make_checkin(kr, 8, date=datetime.date(2026, 1, 15), confidence=60, author=dana)
    figures = dashboard.scope_figures(q1, tech, TODAY)
    assert figures["score"] == 0.5 == selectors.owner_score(q1, unit=tech)
    assert figures["objectives"] == 3  # TECH's, bob's, dana's
    assert figures["all_score"] == pytest.approx((0.5 + 0.5 + 0.8) / 3, abs=1e-6)
    assert [child["code"] for child in figures["children"]] == ["PLAT"]
    assert figures["children"][0]["weekly_score"] == [0.0, 0.0, 0.8, 0.8]
    assert (figures["people"], figures["checked_in"]) == (3, 2)  # alice, dana fresh; bob behind
    people = dashboard.score_people(q1, dashboard.unit_people(q1, tech), TODAY)
    assert [(p.name, p.objective_count, p.score) for p in people] == [
        ("Alice 王", 0, None), ("Bob 李", 1, 0.5), ("Dana 赵", 1, 0.8)]


# --- a person -------------------------------------------------------------------------------------

def test_a_persons_dashboard_has_their_objectives_trends_and_streak(world, q1, bob, alice):
    figures = dashboard.person_figures(alice, bob, q1, TODAY)
    assert [o.ref for o in figures["objectives"]] == ["O-BOB", "O-DRAFT"]  # their manager sees the draft
    assert figures["score"] == 0.5
    assert figures["score_trend"] == [0.0, 0.5, 0.5, 0.5]
    assert figures["confidence_trend"] == [None, 90, 90, 90]
    assert figures["streak"] == 0  # last check-in in the week of 5 Jan
    assert (figures["key_results"], figures["at_risk"]) == (2, 0)


def test_a_private_objective_is_not_listed_for_a_reader_who_may_not_see_it_but_counts(world, q1, bob, carol,
                                                                                       admin):
    seen_by_bob = dashboard.person_figures(bob, carol, q1, TODAY)
    assert seen_by_bob["objectives"] == []
    assert seen_by_bob["score"] == 0.25  # the owner's score: the same for every reader (the read model)
    assert seen_by_bob["streak"] == 1
    seen_by_admin = dashboard.person_figures(admin, carol, q1, TODAY)
    assert [o.title for o in seen_by_admin["objectives"]] == [PRIVATE_TITLE]


def _person_with_units(org, q1, n):
    for i in range(n):
        unit = make_unit(org, code=f"U{n}-{i}", name=f"部门 {i}")
        someone = make_person(org, email=f"p{n}-{i}@acme.test", unit=unit)
        objective = make_objective(q1, owner=someone, ref=f"O-{n}-{i}")
        kr = make_key_result(objective, owner=someone)
        make_checkin(kr, 5, date=datetime.date(2026, 1, 8), author=someone)


def test_a_persons_dashboard_costs_the_same_at_2_and_20_units(world, q1, org, bob, alice):
    dashboard.person_figures(alice, bob, q1, TODAY)  # the reader, read once per request, is read
    counts = []
    for n in (2, 20):
        _person_with_units(org, q1, n)
        with CaptureQueriesContext(connection) as queries:
            dashboard.person_figures(alice, bob, q1, TODAY)
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 12
