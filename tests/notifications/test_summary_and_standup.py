"""The weekly team summary (scores from okrflow.okrs.scoring) and the daily stand-up nudge."""

import datetime
from decimal import Decimal

import pytest

from okrflow.checkins.services import record_checkin
from okrflow.notifications import services, summary
from okrflow.notifications.models import Notification, NotificationKind, Weekday
from okrflow.notifications.rhythm import checkin_period
from tests.factories import make_person
from tests.notifications.conftest import local, make_key_result


@pytest.fixture
def cadence(org, admin):
    return services.save_cadence(admin, org, weekday=Weekday.FRIDAY, time=datetime.time(10, 0),
                                 summary_weekday=Weekday.FRIDAY, summary_time=datetime.time(17, 0),
                                 standup_time=datetime.time(9, 30))


@pytest.fixture
def team(org, tech, alice, bob, q1):
    """bob checked in this week (confidence 30: at risk); dan did not (confidence 80 from last week)."""
    dan = make_person(org, email="dan@acme.test", name="Dan 赵", unit=tech)
    bob_kr = make_key_result(bob, q1, "KR-BOB", start_value=Decimal(0), target_value=Decimal(200))
    dan_kr = make_key_result(dan, q1, "KR-DAN")
    record_checkin(bob, bob_kr, value=50, confidence=30, date=datetime.date(2026, 1, 7))
    record_checkin(dan, dan_kr, value=20, confidence=80, date=datetime.date(2026, 1, 2))
    return {"bob": bob, "dan": dan, "bob_kr": bob_kr}


def test_the_team_summary_lists_who_checked_in_average_confidence_and_risks(cadence, tech, team):
    period = checkin_period(cadence, local(2026, 1, 9, 17, 0))
    result = summary.team_summary(tech, period, datetime.date(2026, 1, 9))
    assert result.checked_in == [team["bob"]] and result.missing == [team["dan"]]
    assert result.average_confidence == 55.0
    assert [kr for kr, _forecast in result.at_risk] == [team["bob_kr"]]
    assert result.at_risk[0][0].score == 0.25  # (50 - 0) / (200 - 0), by the read model


def test_the_unit_head_gets_the_summary_at_the_configured_time(cadence, alice, team, run_tick):
    run_tick(local(2026, 1, 9, 16, 59))
    assert not Notification.objects.filter(kind=NotificationKind.WEEKLY_SUMMARY).exists()
    run_tick(local(2026, 1, 9, 17, 0))
    run_tick(local(2026, 1, 9, 17, 5))
    notice = Notification.objects.get(kind=NotificationKind.WEEKLY_SUMMARY)
    assert notice.recipient == alice and notice.title == "Weekly summary: 技术中心"
    assert notice.body.splitlines() == [
        "Checked in: Bob 李", "Not checked in yet: Dan 赵", "Average confidence: 55.0%", "At risk:",
        "- Key result KR-BOB (Bob 李): confidence 30%, score 0.25, projected -"]


def test_the_summary_goes_to_the_team_chat(cadence, org, admin, tech, alice, team, chat_server, run_tick):
    services.save_webhook(admin, org, name="tech", platform="slack", url=chat_server.url + "/tech", unit=tech)
    run_tick(local(2026, 1, 9, 17, 0))
    assert chat_server.requests[0]["json"]["text"].startswith("Weekly summary: 技术中心")


def test_stand_up_nudges_go_out_on_work_days_once(cadence, bob, carol, run_tick):
    run_tick(local(2026, 1, 9, 9, 29))
    assert not Notification.objects.filter(kind=NotificationKind.STANDUP_NUDGE).exists()
    run_tick(local(2026, 1, 9, 9, 30))
    run_tick(local(2026, 1, 9, 9, 45))
    run_tick(local(2026, 1, 10, 9, 30))  # Saturday
    nudges = Notification.objects.filter(kind=NotificationKind.STANDUP_NUDGE)
    assert sorted(nudges.values_list("recipient__email", "dedupe_key")) == [
        (email, "standup:2026-01-09")
        for email in ["admin@acme.test", "alice@acme.test", "bob@acme.test", "carol@acme.test"]]


def test_a_unit_without_stand_ups_gets_no_nudges(cadence, org, admin, sales, bob, carol, run_tick):
    services.save_cadence(admin, org, unit=sales, standup_time=None)
    run_tick(local(2026, 1, 9, 9, 30))
    nudged = set(Notification.objects.values_list("recipient__email", flat=True))
    assert "bob@acme.test" in nudged and "carol@acme.test" not in nudged


def test_the_summary_of_a_unit_goes_to_that_units_chat_even_if_its_head_sits_elsewhere(
        cadence, org, admin, tech, team, chat_server, run_tick):
    services.save_webhook(admin, org, name="tech", platform="slack", url=chat_server.url + "/tech", unit=tech)
    services.save_webhook(admin, org, name="all", platform="slack", url=chat_server.url + "/all")
    tech.head = admin  # admin sits in the root unit
    tech.save(update_fields=["head"])
    run_tick(local(2026, 1, 9, 17, 0))
    assert [r["path"] for r in chat_server.requests
            if r["json"]["text"].startswith("Weekly summary: 技术中心")] == ["/tech"]


def test_people_who_already_posted_their_stand_up_are_not_nudged(cadence, bob, carol, run_tick):
    from okrflow.meetings.standups import save_standup

    save_standup(bob, yesterday="上线网关灰度", today="压测", date=datetime.date(2026, 1, 9))
    run_tick(local(2026, 1, 9, 9, 30))
    nudged = set(Notification.objects.filter(kind=NotificationKind.STANDUP_NUDGE)
                 .values_list("recipient__email", flat=True))
    assert "carol@acme.test" in nudged
    assert "bob@acme.test" not in nudged


def test_the_summary_shows_no_key_result_of_a_private_objective(cadence, tech, team, q1):
    """The summary is posted to the team's chat too: what is private stays off it."""
    secret = make_key_result(team["dan"], q1, "KR-SECRET", confidence=10)
    secret.objective.visibility = "private"
    secret.objective.save(update_fields=["visibility"])
    period = checkin_period(cadence, local(2026, 1, 9, 17, 0))
    result = summary.team_summary(tech, period, datetime.date(2026, 1, 9))
    title, body = summary.render(result)
    assert secret not in [kr for kr, _forecast in result.at_risk]
    assert "KR-SECRET" not in body
