"""Check-ins: access, validation, the key result's mirror of its latest reading, audit."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from okrflow.audit.log import history
from okrflow.checkins.models import CheckIn
from okrflow.checkins.services import delete_checkin, record_checkin, refresh_current_values
from okrflow.errors import AccessDenied, DomainError
from okrflow.okrs.models import KeyResult
from tests.factories import make_cycle
from tests.okrs.factories import make_key_result, make_objective

D = datetime.date


@pytest.fixture
def kr(q1, bob):
    return make_key_result(make_objective(q1, owner=bob), start=30, target=45, owner=bob)


def test_the_owner_checks_in_and_the_score_inputs_follow(kr, bob):
    checkin = record_checkin(bob, kr, value="38", confidence=70, note="两个大客户续约", date=D(2026, 2, 2))
    kr.refresh_from_db()
    assert (kr.current_value, kr.confidence, kr.last_checkin_date, kr.version) == (38, 70, D(2026, 2, 2), 2)
    assert checkin.author == bob


@pytest.fixture
def current_kr(org, bob):
    """A key result of a cycle around today (the suite's Q1 2026 may lie in the past)."""
    today = timezone.localdate()
    month = datetime.timedelta(days=30)
    cycle = make_cycle(org, start=today - month, end=today + 2 * month)
    return make_key_result(make_objective(cycle, owner=bob), start=30, target=45, owner=bob)


def test_the_date_defaults_to_today_in_the_configured_time_zone(current_kr, bob):
    assert record_checkin(bob, current_kr, value=31).date == timezone.localdate()


def test_an_older_check_in_recorded_later_does_not_replace_the_current_value(kr, bob):
    record_checkin(bob, kr, value=40, confidence=80, date=D(2026, 2, 9))
    record_checkin(bob, kr, value=33, confidence=50, date=D(2026, 2, 2))
    kr.refresh_from_db()
    assert (kr.current_value, kr.confidence, kr.last_checkin_date, kr.version) == (40, 80, D(2026, 2, 9), 3)


def test_on_the_same_date_the_check_in_recorded_last_wins(kr, bob):
    record_checkin(bob, kr, value=40, date=D(2026, 2, 9))
    record_checkin(bob, kr, value=35, date=D(2026, 2, 9))
    kr.refresh_from_db()
    assert kr.current_value == 35


@pytest.mark.parametrize(("fields", "code"), [
    ({"value": "forty"}, "not_a_number"),
    ({"value": None}, "not_a_number"),
    ({"value": "NaN"}, "not_a_number"),
    ({"value": 40, "confidence": 101}, "bad_confidence"),
    ({"value": 40, "confidence": -1}, "bad_confidence"),
    ({"value": 40, "confidence": "7.5"}, "bad_confidence"),
    ({"value": 40, "date": "next week"}, "bad_date"),
])
def test_it_refuses_a_bad_check_in_and_stores_nothing(kr, bob, fields, code):
    with pytest.raises(DomainError) as error:
        record_checkin(bob, kr, **fields)
    assert error.value.code == code
    kr.refresh_from_db()
    assert (CheckIn.objects.count(), kr.version, kr.current_value) == (0, 1, 30)


def test_a_check_in_is_kept_in_the_key_results_history(kr, bob):
    record_checkin(bob, kr, value=38, confidence=60, date=D(2026, 2, 2))
    entry = history(kr).filter(action="key_result.checkin").get()
    assert entry.actor_id == bob.pk
    assert entry.changes["current_value"] == ["30.0000", "38"]
    assert entry.changes["checkin"][1]["value"] == "38"


def test_refreshing_recomputes_the_mirror_for_many_key_results_at_once(q1, kr, django_assert_max_num_queries):
    other = make_key_result(make_objective(q1), start=0, target=10)
    untouched = make_key_result(make_objective(q1), start=5, target=10)
    org = kr.organization
    CheckIn.objects.bulk_create([
        CheckIn(organization=org, key_result=kr, date=D(2026, 3, 1), value=Decimal(44), confidence=90),
        CheckIn(organization=org, key_result=kr, date=D(2026, 2, 1), value=Decimal(31)),
        CheckIn(organization=org, key_result=other, date=D(2026, 3, 1), value=Decimal(3)),
        CheckIn(organization=org, key_result=other, date=D(2026, 3, 1), value=Decimal(7)),
    ])
    with django_assert_max_num_queries(2):
        refresh_current_values([kr.pk, other.pk, untouched.pk])
    rows = {r.pk: r for r in KeyResult.objects.all()}
    assert (rows[kr.pk].current_value, rows[kr.pk].confidence, rows[kr.pk].last_checkin_date) == (
        44, 90, D(2026, 3, 1))
    assert rows[other.pk].current_value == 7
    assert (rows[untouched.pk].current_value, rows[untouched.pk].version) == (5, 1)


def test_refreshing_twice_changes_nothing_the_second_time(kr, bob):
    record_checkin(bob, kr, value=38, date=D(2026, 2, 2))
    kr.refresh_from_db()
    refresh_current_values([kr.pk])
    again = KeyResult.objects.get(pk=kr.pk)
    assert (again.version, again.current_value) == (kr.version, kr.current_value)


def test_deleting_a_wrong_check_in_falls_back_to_the_reading_before(kr, bob):
    record_checkin(bob, kr, value=38, confidence=70, date=D(2026, 2, 2))
    wrong = record_checkin(bob, kr, value=4500, confidence=10, note="typed in a hurry", date=D(2026, 2, 9))
    delete_checkin(bob, wrong)
    kr.refresh_from_db()
    assert (kr.current_value, kr.confidence, kr.last_checkin_date) == (38, 70, D(2026, 2, 2))
    assert history(kr).filter(action="key_result.checkin_delete").exists()


def test_a_stranger_cannot_delete_a_check_in(kr, bob, carol):
    checkin = record_checkin(bob, kr, value=38, date=D(2026, 2, 2))
    with pytest.raises(AccessDenied):
        delete_checkin(carol, checkin)
    assert CheckIn.objects.filter(pk=checkin.pk).exists()


@pytest.mark.parametrize("value", ["1e30", "33.123456"])
def test_it_refuses_a_value_the_key_result_cannot_hold(kr, bob, value):
    with pytest.raises(DomainError) as error:
        record_checkin(bob, kr, value=value)
    assert error.value.field == "value"
    assert not CheckIn.objects.exists()


def test_record_checkin_itself_refuses_a_big_confidence_drop_without_a_reason(kr, bob):
    record_checkin(bob, kr, value=38, confidence=80, date=D(2026, 2, 2))
    with pytest.raises(DomainError) as refused:
        record_checkin(bob, kr, value=39, confidence=20, date=D(2026, 2, 9))
    assert refused.value.code == "confidence_drop_needs_reason" and refused.value.field == "note"
    assert str(refused.value.message) == f"{kr.title}: 80% → 20%: what changed?"
    assert CheckIn.objects.filter(key_result=kr).count() == 1
    record_checkin(bob, kr, value=39, confidence=20, note="the supplier is late", date=D(2026, 2, 9))
    assert CheckIn.objects.filter(key_result=kr).count() == 2


def test_the_importers_opt_out_stores_the_drop_and_says_so_in_the_audit(kr, bob):
    record_checkin(bob, kr, value=38, confidence=80, date=D(2026, 2, 2))
    record_checkin(bob, kr, value=39, confidence=20, date=D(2026, 2, 9), allow_unexplained_drop=True)
    entry = history(kr).filter(action="key_result.checkin").order_by("-id").first()
    assert entry.changes["unexplained_drop"] == [None, {"before": 80, "after": 20}]
