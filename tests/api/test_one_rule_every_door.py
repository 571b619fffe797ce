"""Each rule in its one home, whatever the door (issue 8): the API and the web show the same
scores (the read model) and refuse an unexplained confidence drop with the same message."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from okrflow.checkins.models import CheckIn
from tests.okrs.factories import make_checkin, make_key_result, make_objective


def test_the_api_refuses_an_unexplained_confidence_drop_with_the_webs_code_and_message(
        api_as, bob, okrs):
    kr = okrs.company_kr  # confidence 70 on 2026-02-01
    stored = CheckIn.objects.filter(key_result=kr).count()
    api = api_as(bob).post(f"/key-results/{kr.pk}/check-ins",
                           {"value": 41, "confidence": 20, "note": "", "date": "2026-02-08"})
    assert api.status_code == 400
    assert api.json()["code"] == "confidence_drop_needs_reason" and api.json()["field"] == "note"
    web = Client()
    web.force_login(bob)
    page = web.post(f"/key-results/{kr.pk}/check-in/",
                    {f"kr{kr.pk}-value": "41", f"kr{kr.pk}-confidence": "20", f"kr{kr.pk}-note": "",
                     f"kr{kr.pk}-date": "2026-02-08"}, HTTP_HX_REQUEST="true")
    assert api.json()["message"] == f"{kr.title}: 70% → 20%: what changed?"
    assert api.json()["message"] in page.content.decode()
    assert CheckIn.objects.filter(key_result=kr).count() == stored


def test_an_explained_drop_is_recorded_through_the_api(api_as, bob, okrs):
    response = api_as(bob).post(f"/key-results/{okrs.company_kr.pk}/check-ins",
                                {"value": 41, "confidence": 20, "note": "两个客户推迟", "date": "2026-02-08"})
    assert response.status_code == 201, response.content


def test_the_api_detail_the_api_list_and_the_web_page_show_the_same_scores(api_as, bob, okrs):
    kr = make_key_result(okrs.company, start=3, target=7, owner=bob, weight=2)
    make_checkin(kr, "4.3", confidence=60)  # a score with many digits: any second rule would differ
    client = api_as(bob)
    detail = client.get(f"/objectives/{okrs.company.pk}").json()
    [listed] = client.get("/objectives?ref=O-CO").json()["items"]
    web = Client()
    web.force_login(bob)
    page = web.get(f"/objectives/{okrs.company.pk}/").context["objective"]
    assert detail["score"] == listed["score"] == pytest.approx(page.score, abs=0)
    assert {k["id"]: k["score"] for k in detail["key_results"]} == {k.pk: k.score for k in page.krs}
    single = client.get(f"/key-results/{kr.pk}").json()
    assert single["score"] == next(k.score for k in page.krs if k.pk == kr.pk)


def test_the_objective_lists_queries_do_not_grow_with_the_page_size(api_as, bob, okrs, q1):
    for n in range(12):
        objective = make_objective(q1, owner=bob, title=f"目标 {n}")
        make_key_result(objective)
    client = api_as(bob)
    client.get("/me")  # the token's first use writes last_used_at once

    def queries_for(limit):
        with CaptureQueriesContext(connection) as queries:
            assert len(client.get(f"/objectives?limit={limit}").json()["items"]) == limit
        return len(queries)

    assert queries_for(1) == queries_for(15)


def test_the_objective_list_counts_up_to_its_cap_and_says_when_there_are_more(api_as, admin, okrs,
                                                                              monkeypatch):
    from okrflow.api.routers import okrs as router

    everything = api_as(admin).get("/objectives").json()
    assert everything["count_capped"] is False and everything["count"] == len(everything["items"])
    monkeypatch.setattr(router, "OBJECTIVE_COUNT_CAP", 2)
    capped = api_as(admin).get("/objectives").json()
    assert capped["count"] == 2 and capped["count_capped"] is True
    assert len(capped["items"]) == len(everything["items"])  # the page itself is whole
