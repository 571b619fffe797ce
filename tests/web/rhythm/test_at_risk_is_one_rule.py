""""At risk" has one definition (okrflow/checkins/forecast.py::is_at_risk) with its thresholds in
the OKR policy: the weekly summary mail, the team's weekly page and the weekly check-in page list
the same key results, and moving the policy's threshold moves them all."""

import pytest

from okrflow.meetings.weekly_updates import submit_weekly
from okrflow.notifications.summary import team_summary
from okrflow.okrs.models import OkrPolicy
from okrflow.web.views.rhythm import period_for


@pytest.fixture
def bobs_week(bob, bobs_krs):
    """bob's three key results this week: one falling (confidence 90 but a poor projection), one
    whose confidence fell to 20, one at confidence 60 and on track."""
    falling, doubted, steady = bobs_krs.krs
    submit_weekly(bob, [(falling, 5, 90), (doubted, 60, 20, "大客户流失"), (steady, 50, 60)])
    return falling, doubted, steady


def summary_at_risk(tech, today):
    return [kr for kr, _forecast in team_summary(tech, period_for(tech, today), today).at_risk]


def page_at_risk(client, alice):
    client.force_login(alice)
    return [kr for kr, _forecast in client.get("/units/TECH/weekly/").context["at_risk"]]


def checkin_page_at_risk(client, bob):
    client.force_login(bob)
    return [row.kr for row in client.get("/checkin/").context["rows"] if row.at_risk]


def test_the_summary_and_the_team_page_list_the_same_key_results_at_risk(client, alice, bob, tech, today,
                                                                          bobs_week):
    falling, doubted, _steady = bobs_week
    in_summary = summary_at_risk(tech, today)
    assert sorted(kr.pk for kr in in_summary) == sorted([falling.pk, doubted.pk])
    assert in_summary == page_at_risk(client, alice)  # the same ones, in the same order
    assert set(checkin_page_at_risk(client, bob)) == set(in_summary)


def test_raising_the_policys_confidence_threshold_moves_the_summary_and_the_pages_alike(
        client, org, alice, bob, tech, today, bobs_week):
    _falling, _doubted, steady = bobs_week
    assert steady not in summary_at_risk(tech, today)
    OkrPolicy.objects.create(organization=org, at_risk_confidence=70)
    in_summary = summary_at_risk(tech, today)
    assert steady in in_summary
    assert in_summary == page_at_risk(client, alice)
    assert steady in checkin_page_at_risk(client, bob)
