"""The scheduler tick sends check-in reminders at the configured weekday and local time, once
per person and period, and only to people with key results still waiting for a check-in."""

import datetime

import pytest
from django.core import mail

from okrflow.checkins.services import record_checkin
from okrflow.notifications import services
from okrflow.notifications.models import Frequency, Notification, NotificationKind, Weekday
from tests.notifications.conftest import local, make_key_result


@pytest.fixture
def friday_cadence(org, admin):
    return services.save_cadence(admin, org, weekday=Weekday.FRIDAY, time=datetime.time(10, 0),
                                 time_zone="Asia/Shanghai")


@pytest.fixture
def bob_kr(bob, q1):
    return make_key_result(bob, q1, "KR-BOB")


def reminders(person=None):
    rows = Notification.objects.filter(kind=NotificationKind.CHECKIN_REMINDER)
    return rows.filter(recipient=person) if person else rows


def test_it_sends_nothing_before_the_configured_time(friday_cadence, bob_kr, run_tick):
    run_tick(local(2026, 1, 9, 9, 59))
    run_tick(local(2026, 1, 8, 10, 0))  # the day before, at the time
    assert not reminders().exists()
    assert mail.outbox == []


def test_it_reminds_at_the_configured_weekday_and_time(friday_cadence, bob, bob_kr, run_tick):
    counts = run_tick(local(2026, 1, 9, 10, 0))
    assert counts["checkin_reminder"] == 1
    notice = reminders(bob).get()
    assert notice.dedupe_key == "checkin:2026-01-05"
    assert [m.to for m in mail.outbox] == [["bob@acme.test"]]


def test_it_never_reminds_twice_in_one_period(friday_cadence, bob, bob_kr, run_tick):
    run_tick(local(2026, 1, 9, 10, 0))
    run_tick(local(2026, 1, 9, 10, 5))
    run_tick(local(2026, 1, 9, 15, 0))
    assert reminders(bob).count() == 1
    assert len(mail.outbox) == 1


def test_a_late_tick_catches_up_but_a_stale_one_does_not(friday_cadence, bob, bob_kr, run_tick):
    run_tick(local(2026, 1, 9, 17, 0))  # seven hours late: stale, skipped
    assert not reminders(bob).exists()
    run_tick(local(2026, 1, 16, 13, 0))  # three hours late next week: still sent
    assert reminders(bob).get().dedupe_key == "checkin:2026-01-12"


def test_it_reminds_again_in_the_next_period(friday_cadence, bob, bob_kr, run_tick):
    run_tick(local(2026, 1, 9, 10, 0))
    run_tick(local(2026, 1, 16, 10, 0))
    assert sorted(reminders(bob).values_list("dedupe_key", flat=True)) == [
        "checkin:2026-01-05", "checkin:2026-01-12"]


def test_it_skips_people_who_already_checked_in_this_period(friday_cadence, bob, bob_kr, run_tick):
    record_checkin(bob, bob_kr, value=10, confidence=70, date=datetime.date(2026, 1, 6))
    run_tick(local(2026, 1, 9, 10, 0))
    assert not reminders(bob).exists()


def test_a_check_in_from_last_period_does_not_count(friday_cadence, bob, bob_kr, run_tick):
    record_checkin(bob, bob_kr, value=10, confidence=70, date=datetime.date(2026, 1, 2))
    run_tick(local(2026, 1, 9, 10, 0))
    assert "1 key result has no check-in since 2026-01-05" in reminders(bob).get().body


def test_it_counts_only_the_key_results_still_missing(friday_cadence, bob, bob_kr, q1, run_tick):
    make_key_result(bob, q1, "KR-BOB-2")
    make_key_result(bob, q1, "KR-BOB-3")
    record_checkin(bob, bob_kr, value=10, date=datetime.date(2026, 1, 7))
    run_tick(local(2026, 1, 9, 10, 0))
    assert reminders(bob).get().body.startswith("2 key results have no check-in")


def test_people_without_key_results_in_the_current_cycle_get_no_reminder(friday_cadence, bob, carol, year,
                                                                        run_tick):
    from tests.factories import make_cycle

    last_year = make_cycle(bob.organization, code="2025Q4", start=datetime.date(2025, 10, 1),
                           end=datetime.date(2025, 12, 31))
    make_key_result(bob, last_year, "KR-OLD")
    run_tick(local(2026, 1, 9, 10, 0))
    assert not reminders().exists()


def test_biweekly_cadence_reminds_every_other_week(org, admin, bob, bob_kr, run_tick):
    services.save_cadence(admin, org, frequency=Frequency.BIWEEKLY, weekday=Weekday.FRIDAY,
                          time=datetime.time(10, 0), anchor_date=datetime.date(2026, 1, 5))
    run_tick(local(2026, 1, 9, 10, 0))  # first week of the period Jan 5-18
    assert not reminders(bob).exists()
    run_tick(local(2026, 1, 16, 10, 0))  # its last week
    run_tick(local(2026, 1, 23, 10, 0))  # first week of Jan 19 - Feb 1
    assert list(reminders(bob).values_list("dedupe_key", flat=True)) == ["checkin:2026-01-05"]


def test_a_biweekly_check_in_early_in_the_period_counts(org, admin, bob, bob_kr, run_tick):
    services.save_cadence(admin, org, frequency=Frequency.BIWEEKLY, weekday=Weekday.FRIDAY,
                          time=datetime.time(10, 0), anchor_date=datetime.date(2026, 1, 5))
    record_checkin(bob, bob_kr, value=5, date=datetime.date(2026, 1, 6))
    run_tick(local(2026, 1, 16, 10, 0))
    assert not reminders(bob).exists()


def test_a_unit_override_changes_the_day_for_its_people_only(friday_cadence, org, admin, tech, bob, carol,
                                                            bob_kr, q1, run_tick):
    services.save_cadence(admin, org, unit=tech, weekday=Weekday.MONDAY, time=datetime.time(9, 0))
    make_key_result(carol, q1, "KR-CAROL")
    run_tick(local(2026, 1, 12, 9, 0))
    assert reminders(bob).exists() and not reminders(carol).exists()
    run_tick(local(2026, 1, 16, 10, 0))
    assert reminders(carol).exists() and reminders(bob).count() == 1


def test_a_unit_override_applies_to_the_units_below(friday_cadence, org, admin, tech, q1, run_tick):
    from tests.factories import make_person, make_unit

    team = make_unit(org, code="TECH-A", parent=tech)
    dan = make_person(org, email="dan@acme.test", unit=team)
    make_key_result(dan, q1, "KR-DAN")
    services.save_cadence(admin, org, unit=tech, weekday=Weekday.MONDAY, time=datetime.time(9, 0))
    run_tick(local(2026, 1, 12, 9, 0))
    assert reminders(dan).exists()


def test_a_person_who_opted_out_gets_no_reminder(friday_cadence, bob, bob_kr, run_tick):
    services.set_preference(bob, bob, NotificationKind.CHECKIN_REMINDER,
                            in_app=False, email=False, chat=False)
    run_tick(local(2026, 1, 9, 10, 0))
    assert not reminders(bob).exists()
    assert mail.outbox == []


def test_a_person_who_turned_email_off_sees_the_reminder_only_in_the_app(friday_cadence, bob, bob_kr,
                                                                         run_tick):
    services.set_preference(bob, bob, NotificationKind.CHECKIN_REMINDER, in_app=True, email=False, chat=False)
    run_tick(local(2026, 1, 9, 10, 0))
    assert reminders(bob).get().in_app
    assert mail.outbox == []


def test_an_organization_without_a_cadence_gets_no_reminders(bob, bob_kr, run_tick):
    run_tick(local(2026, 1, 9, 10, 0))
    assert not reminders().exists()


def test_the_reminder_time_is_local_to_the_cadence_time_zone(org, admin, bob, bob_kr, run_tick):
    services.save_cadence(admin, org, weekday=Weekday.FRIDAY, time=datetime.time(10, 0),
                          time_zone="Europe/Berlin")
    run_tick(local(2026, 1, 9, 10, 0))  # 03:00 in Berlin
    assert not reminders(bob).exists()
    run_tick(local(2026, 1, 9, 17, 0))  # 10:00 in Berlin
    assert reminders(bob).exists()


def test_a_repeated_tick_costs_the_same_few_queries_for_a_team_of_fifty(
        friday_cadence, org, tech, q1, run_tick, django_assert_max_num_queries):
    from tests.factories import make_person

    for n in range(50):
        make_key_result(make_person(org, unit=tech), q1, f"KR-{n}")
    assert run_tick(local(2026, 1, 9, 10, 0))["checkin_reminder"] == 50
    with django_assert_max_num_queries(14):   # 12, the weekly report's due schedules, the old report files
        assert run_tick(local(2026, 1, 9, 10, 5))["checkin_reminder"] == 0
