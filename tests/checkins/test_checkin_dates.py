"""When a check-in may be dated (issue 7, item 8): not after tomorrow, not before its cycle,
at most 7 days after it. One rule (okrflow/checkins/rules.py) at every door: the service, the
API, the quick form and the importer."""

import datetime

import pytest
from django.utils import timezone

from okrflow.actors import SYSTEM
from okrflow.checkins.models import CheckIn
from okrflow.checkins.rules import check_checkin_date
from okrflow.checkins.services import record_checkin
from okrflow.errors import DomainError
from okrflow.interchange.loader import ImportRefused, import_folder
from okrflow.okrs.models import KeyResult
from tests.api.conftest import token_for
from tests.factories import make_cycle
from tests.interchange import company
from tests.okrs.factories import make_key_result, make_objective

D = datetime.date
Q1 = {"cycle_start": D(2026, 1, 1), "cycle_end": D(2026, 3, 31)}


@pytest.fixture
def kr(q1, bob):
    return make_key_result(make_objective(q1, owner=bob), start=0, target=100, owner=bob)


@pytest.mark.parametrize("day", [D(2026, 1, 1), D(2026, 3, 31), D(2026, 4, 7)])
def test_a_day_of_the_cycle_or_of_the_week_after_it_may_stand(day):
    check_checkin_date(day, **Q1, today=D(2026, 12, 1))


@pytest.mark.parametrize("day, today, code", [
    (D(2025, 12, 31), D(2026, 2, 1), "checkin_outside_cycle"),
    (D(2026, 4, 8), D(2026, 12, 1), "checkin_outside_cycle"),
    (D(1, 1, 1), D(2026, 2, 1), "checkin_outside_cycle"),
    (D(2026, 2, 3), D(2026, 2, 1), "checkin_in_future"),
    (D(9999, 12, 31), D(2026, 2, 1), "checkin_in_future"),
])
def test_a_day_before_the_cycle_long_after_it_or_after_tomorrow_is_refused(day, today, code):
    with pytest.raises(DomainError) as error:
        check_checkin_date(day, **Q1, today=today)
    assert (error.value.code, error.value.field) == (code, "date")


def test_tomorrow_is_allowed_for_a_reader_ahead_of_the_servers_time_zone(org, bob):
    today = timezone.localdate()
    ten_days = datetime.timedelta(days=10)
    cycle = make_cycle(org, start=today - ten_days, end=today + ten_days)
    kr = make_key_result(make_objective(cycle, owner=bob), owner=bob)
    assert record_checkin(bob, kr, value=5, date=today + datetime.timedelta(days=1)).pk
    with pytest.raises(DomainError):
        record_checkin(bob, kr, value=6, date=today + datetime.timedelta(days=2))


def test_a_check_in_dated_9999_is_refused_so_later_readings_still_move_the_score(kr, bob):
    with pytest.raises(DomainError) as error:
        record_checkin(bob, kr, value=100, date=D(9999, 12, 31))
    assert error.value.message == "A check-in cannot be dated later than tomorrow."
    record_checkin(bob, kr, value=40, date=D(2026, 3, 2))
    kr.refresh_from_db()
    assert (kr.current_value, kr.last_checkin_date, kr.version) == (40, D(2026, 3, 2), 2)
    assert CheckIn.objects.filter(key_result=kr).count() == 1


def test_a_check_in_before_its_cycle_is_refused_and_nothing_changes(kr, bob):
    with pytest.raises(DomainError) as error:
        record_checkin(bob, kr, value=10, date=D(2025, 12, 20))
    assert error.value.code == "checkin_outside_cycle"
    assert "2026-01-01" in error.value.message and "2026-03-31" in error.value.message
    kr.refresh_from_db()
    assert (kr.version, kr.last_checkin_date) == (1, None) and not CheckIn.objects.exists()


def test_the_api_refuses_a_date_outside_the_cycle_with_the_rules_message(client, kr, bob):
    response = client.post(f"/api/v1/key-results/{kr.pk}/check-ins", {"value": 10, "date": "9999-12-31"},
                           content_type="application/json",
                           headers={"Authorization": f"Bearer {token_for(bob)}", "Accept-Language": "en"})
    assert response.status_code == 400
    assert response.json() == {"code": "checkin_in_future", "field": "date",
                               "message": "A check-in cannot be dated later than tomorrow."}
    assert not CheckIn.objects.exists()


def test_the_quick_form_shows_the_rule_on_the_date_field_and_stores_nothing(client, kr, bob):
    client.force_login(bob)
    response = client.post(f"/key-results/{kr.pk}/check-in/",
                           {f"kr{kr.pk}-value": "10", f"kr{kr.pk}-date": "2026-05-01"},
                           HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "A check-in must be dated inside its cycle (2026-01-01 – 2026-03-31)" in response.content.decode()
    assert not CheckIn.objects.exists()


@pytest.mark.parametrize("day, message", [
    ("2026-04-09",
     "checkins.csv:6: date: A check-in must be dated inside its cycle (2026-01-01 – 2026-03-31)"),
    ("9999-12-31", "checkins.csv:6: date: A check-in cannot be dated later than tomorrow."),
    ("2025-12-31", "checkins.csv:6: date: A check-in must be dated inside its cycle"),
])
def test_the_importer_refuses_the_same_dates_with_file_and_line(db, tmp_path, day, message):
    files = company.copy_files()
    files["checkins"][5][1] = day  # a check-in of KR2a, in the 2026Q1 cycle
    with pytest.raises(ImportRefused) as refused:
        import_folder(company.write_folder(tmp_path / "bad", files), actor=SYSTEM)
    assert any(m.startswith(message) for m in refused.value.messages), refused.value.messages
    assert not KeyResult.objects.exists()


def test_the_importer_takes_a_reading_from_the_week_after_the_cycle(db, tmp_path):
    files = company.copy_files()
    files["checkins"][5][1] = "2026-04-07"
    import_folder(company.write_folder(tmp_path / "ok", files), actor=SYSTEM)
    assert CheckIn.objects.filter(key_result__ref="KR2a", date=D(2026, 4, 7)).exists()
