"""API input is taken as JSON says it: `true` is no number, `0` no date (issue 7, item 13); and
every error the API can give, a crash included, is the JSON error shape (item 5)."""

import logging

import pytest
from django.db import IntegrityError

from okrflow.checkins.models import CheckIn
from okrflow.cycles.models import Cycle
from okrflow.okrs.models import KeyResult


@pytest.mark.parametrize("body", [
    {"value": True}, {"value": False}, {"value": "12"},
    {"value": 12, "confidence": True}, {"value": 12, "confidence": "50"},
])
def test_json_true_or_text_is_not_a_check_in_number(api_as, bob, okrs, body):
    response = api_as(bob).post(f"/key-results/{okrs.bobs_kr.pk}/check-ins", {**body, "date": "2026-03-02"})
    assert response.status_code == 422
    assert response.json()["code"] == "invalid"
    assert not CheckIn.objects.filter(key_result=okrs.bobs_kr).exists()


@pytest.mark.parametrize("field", ["target_value", "start_value", "weight"])
def test_json_true_is_not_a_key_result_number(api_as, bob, okrs, field):
    body = {"title": "上线 3 个新功能", "target_value": 3, field: True}
    response = api_as(bob).post(f"/objectives/{okrs.bobs.pk}/key-results", body)
    assert response.status_code == 422 and response.json()["field"] == field
    assert not KeyResult.objects.filter(title="上线 3 个新功能").exists()


def test_json_true_is_not_a_key_result_patch_number(api_as, bob, okrs):
    response = api_as(bob).patch(f"/key-results/{okrs.bobs_kr.pk}", {"weight": True})
    assert response.status_code == 422 and response.json()["field"] == "weight"


def test_whole_and_fractional_json_numbers_are_still_numbers(api_as, bob, okrs):
    client = api_as(bob)
    created = client.post(f"/objectives/{okrs.bobs.pk}/key-results",
                          {"title": "响应时间", "target_value": 1.5, "start_value": 3, "weight": 2})
    assert created.status_code == 201, created.content
    assert (created.json()["target_value"], created.json()["weight"]) == (1.5, 2)


@pytest.mark.parametrize("date", [0, 20260302, "0", "2026-03-02T00:00:00", True])
def test_a_number_or_a_datetime_is_not_a_check_in_date(api_as, bob, okrs, date):
    response = api_as(bob).post(f"/key-results/{okrs.bobs_kr.pk}/check-ins", {"value": 12, "date": date})
    assert response.status_code == 422 and response.json()["field"] == "date"
    assert not CheckIn.objects.filter(key_result=okrs.bobs_kr).exists()


def test_a_number_is_not_a_cycle_date(api_as, admin, okrs):
    body = {"code": "2026Q2", "name": "Q2", "kind": "quarterly", "start_date": 0, "end_date": "2026-06-30"}
    response = api_as(admin).post("/cycles", body)
    assert response.status_code == 422 and response.json()["field"] == "start_date"
    assert not Cycle.objects.filter(code="2026Q2").exists()


def test_json_true_is_not_a_person_id(api_as, bob, okrs):
    response = api_as(bob).patch(f"/key-results/{okrs.bobs_kr.pk}", {"owner_id": True})
    assert response.status_code == 422 and response.json()["field"] == "owner_id"


def test_a_crash_answers_json_and_logs_the_traceback_once(api_as, bob, okrs, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("okrflow.api.routers.checkins.services.record_checkin", broken)
    with caplog.at_level(logging.ERROR, logger="okrflow.api"):
        response = api_as(bob).post(f"/key-results/{okrs.bobs_kr.pk}/check-ins", {"value": 12})
    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["code"] == "server_error" and "boom" not in response.json()["message"]
    crashes = [r for r in caplog.records if r.name == "okrflow.api" and r.exc_info]
    assert len(crashes) == 1 and "boom" in str(crashes[0].exc_info[1])


def test_a_constraint_broken_by_a_racing_write_answers_409_in_json(api_as, bob, okrs, monkeypatch):
    def collides(*args, **kwargs):
        raise IntegrityError("UNIQUE constraint failed: okrs_keyresult.organization_id, okrs_keyresult.ref")

    monkeypatch.setattr("okrflow.api.routers.okrs.services.create_key_result", collides)
    response = api_as(bob).post(f"/objectives/{okrs.bobs.pk}/key-results", {"title": "x", "target_value": 3})
    assert response.status_code == 409
    assert response.json()["code"] == "conflict" and "UNIQUE" not in response.json()["message"]
