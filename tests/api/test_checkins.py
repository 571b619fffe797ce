"""Check-ins through the API: the score changes at once; the history reads newest first."""

import datetime

from django.utils import timezone

from okrflow.checkins.models import CheckIn
from tests.factories import make_cycle
from tests.okrs.factories import make_key_result, make_objective


def test_a_check_in_changes_the_score_at_once(api_as, bob, okrs):
    client = api_as(bob)
    response = client.post(f"/key-results/{okrs.company_kr.pk}/check-ins",
                           {"value": 65, "confidence": 60, "note": "两个大客户签约", "date": "2026-02-08"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["check_in"]["value"] == 65 and body["check_in"]["author"]["email"] == "bob@acme.test"
    assert body["key_result"]["current_value"] == 65 and body["key_result"]["score"] == 0.65
    objective = client.get(f"/objectives/{okrs.company.pk}").json()
    assert objective["score"] == 0.1625  # (0.65 + 3 × 0) / 4


def test_a_check_in_without_a_date_is_dated_today(api_as, org, bob):
    today = timezone.localdate()
    month = datetime.timedelta(days=30)
    cycle = make_cycle(org, start=today - month, end=today + 2 * month)
    kr = make_key_result(make_objective(cycle, owner=bob), start=20, target=10, owner=bob)
    body = api_as(bob).post(f"/key-results/{kr.pk}/check-ins", {"value": 18}).json()
    assert body["check_in"]["date"] == str(today) == body["key_result"]["last_checkin_date"]


def test_an_older_check_in_is_kept_but_does_not_replace_the_current_value(api_as, bob, okrs):
    client = api_as(bob)
    path = f"/key-results/{okrs.company_kr.pk}/check-ins"
    body = client.post(path, {"value": 5, "date": "2026-01-05"}).json()
    assert body["key_result"]["current_value"] == 40
    history = client.get(path).json()
    assert history["count"] == 2
    assert [c["value"] for c in history["items"]] == [40, 5]


def test_confidence_outside_0_to_100_is_refused_and_nothing_is_stored(api_as, bob, okrs):
    response = api_as(bob).post(f"/key-results/{okrs.bobs_kr.pk}/check-ins", {"value": 12, "confidence": 101})
    assert response.status_code == 422
    assert response.json()["field"] == "confidence"
    assert not CheckIn.objects.filter(key_result=okrs.bobs_kr).exists()


def test_a_value_with_too_many_decimal_places_is_refused(api_as, bob, okrs):
    response = api_as(bob).post(f"/key-results/{okrs.bobs_kr.pk}/check-ins", {"value": 1.123456})
    assert response.status_code == 400
    assert response.json()["field"] == "value"
    assert not CheckIn.objects.filter(key_result=okrs.bobs_kr).exists()
