"""Cycle and due dates lie in 2000-2100 (issue 7, item 8): one rule (cycles/rules.py::
check_sane_date) for the cycle service, the key result and task due dates, the API and the importer."""

import datetime

import pytest

from okrflow.actors import SYSTEM
from okrflow.cycles.models import Cycle
from okrflow.cycles.rules import check_cycle, check_sane_date
from okrflow.cycles.services import create_cycle
from okrflow.errors import DomainError
from okrflow.interchange.loader import ImportRefused, import_folder
from okrflow.meetings.actions import create_action_item
from okrflow.meetings.models import ActionItem
from okrflow.okrs.models import KeyResult
from tests.api.conftest import token_for
from tests.interchange import company
from tests.okrs.factories import make_key_result, make_objective

D = datetime.date


@pytest.mark.parametrize("day", [D(2000, 1, 1), D(2100, 12, 31), None])
def test_a_planning_date_of_this_century_or_none_passes(day):
    check_sane_date(day, "due_date")


@pytest.mark.parametrize("day", [D(1, 1, 1), D(1999, 12, 31), D(2101, 1, 1), D(9999, 12, 31)])
def test_a_planning_date_outside_2000_to_2100_is_refused(day):
    with pytest.raises(DomainError) as error:
        check_sane_date(day, "due_date")
    assert error.value.code == "date_out_of_range" and error.value.field == "due_date"
    assert error.value.message == "Enter a date between 2000-01-01 and 2100-12-31."


def test_a_cycle_ending_in_9999_is_refused_and_not_stored(org, admin):
    with pytest.raises(DomainError) as error:
        create_cycle(admin, org, code="FOREVER", name="forever", kind="custom",
                     start_date=D(2026, 1, 1), end_date=D(9999, 12, 31))
    assert error.value.field == "end_date"
    assert not Cycle.objects.filter(code="FOREVER").exists()


def test_check_cycle_refuses_a_start_in_year_one():
    with pytest.raises(DomainError) as error:
        check_cycle(kind="custom", start_date=D(1, 1, 1), end_date=D(2026, 1, 1))
    assert error.value.field == "start_date"


def test_the_api_refuses_a_cycle_and_a_due_date_out_of_range(client, org, q1, bob, admin):
    kr = make_key_result(make_objective(q1, owner=bob), owner=bob)
    headers = {"Authorization": f"Bearer {token_for(admin)}", "Accept-Language": "en"}
    body = {"code": "X", "name": "x", "kind": "custom", "start_date": "1999-12-31", "end_date": "2026-01-01"}
    cycle = client.post("/api/v1/cycles", body, content_type="application/json", headers=headers)
    assert cycle.status_code == 400 and cycle.json()["code"] == "date_out_of_range"
    due = client.patch(f"/api/v1/key-results/{kr.pk}", {"due_date": "9999-12-31"},
                       content_type="application/json", headers=headers)
    assert due.status_code == 400 and due.json()["field"] == "due_date"
    kr.refresh_from_db()
    assert kr.due_date is None and not Cycle.objects.filter(code="X").exists()


def test_a_task_due_in_9999_is_refused(q1, bob):
    kr = make_key_result(make_objective(q1, owner=bob), owner=bob)
    with pytest.raises(DomainError) as error:
        create_action_item(bob, kr, title="某天", due_date="9999-12-31")
    assert error.value.field == "due_date" and not ActionItem.objects.exists()


def test_the_importer_refuses_a_cycle_of_year_2200(db, tmp_path):
    files = company.copy_files()
    files["cycles"][1][4] = "2200-12-31"
    with pytest.raises(ImportRefused) as refused:
        import_folder(company.write_folder(tmp_path / "bad", files), actor=SYSTEM)
    assert "cycles.csv:2: Enter a date between 2000-01-01 and 2100-12-31." in refused.value.messages
    assert not KeyResult.objects.exists()


def test_the_importer_refuses_a_key_result_due_in_9999(db, tmp_path):
    files = company.copy_files()
    files["key_results"][1][9] = "9999-12-31"
    with pytest.raises(ImportRefused) as refused:
        import_folder(company.write_folder(tmp_path / "bad", files), actor=SYSTEM)
    expected = "key_results.csv:2: due_date: Enter a date between 2000-01-01 and 2100-12-31."
    assert expected in refused.value.messages
