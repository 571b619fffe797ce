"""Cycles through the API: nesting, date rules and who may set them."""

from okrflow.cycles.models import Cycle


def test_cycles_are_listed_and_shown_by_code(api_as, bob, q1):
    client = api_as(bob)
    assert [c["code"] for c in client.get("/cycles").json()["items"]] == ["2026", "2026Q1"]
    body = client.get("/cycles/2026Q1").json()
    assert body == {"code": "2026Q1", "name": "2026Q1", "kind": "quarterly", "start_date": "2026-01-01",
                    "end_date": "2026-03-31", "parent": "2026"}


def test_an_admin_creates_a_quarter_inside_the_year_and_renames_it(api_as, admin, year):
    client = api_as(admin)
    created = client.post("/cycles", {"code": "2026Q2", "name": "Q2", "kind": "quarterly",
                                      "start_date": "2026-04-01", "end_date": "2026-06-30",
                                      "parent": "2026"})
    assert created.status_code == 201, created.content
    renamed = client.patch("/cycles/2026Q2", {"name": "二季度"})
    assert renamed.json()["name"] == "二季度"


def test_it_refuses_a_cycle_that_ends_before_it_starts(api_as, admin):
    response = api_as(admin).post("/cycles", {"code": "BAD", "name": "Bad", "kind": "custom",
                                              "start_date": "2026-05-01", "end_date": "2026-04-01"})
    assert response.status_code == 400
    assert response.json() == {"code": "ends_before_start", "field": "end_date",
                               "message": "A cycle cannot end before it starts."}
    assert not Cycle.objects.filter(code="BAD").exists()


def test_a_patch_that_moves_the_end_before_the_start_changes_nothing(api_as, admin, q1):
    response = api_as(admin).patch("/cycles/2026Q1", {"end_date": "2025-12-01"})
    assert response.status_code == 400
    q1.refresh_from_db()
    assert str(q1.end_date) == "2026-03-31"


def test_a_member_may_not_create_cycles(api_as, bob):
    response = api_as(bob).post("/cycles", {"code": "X", "name": "X", "kind": "custom",
                                            "start_date": "2026-01-01", "end_date": "2026-01-31"})
    assert response.status_code == 403
    assert not Cycle.objects.filter(code="X").exists()


def test_another_organizations_cycles_are_not_found(api_as, mallory, q1):
    client = api_as(mallory)
    assert client.get("/cycles/2026Q1").status_code == 404
    assert client.patch("/cycles/2026Q1", {"name": "pwned"}).status_code == 404
    assert client.get("/cycles").json() == {"items": [], "count": 0}


def test_the_cycle_date_error_speaks_chinese_when_asked(api_as, admin):
    response = api_as(admin, language="zh-Hans").post(
        "/cycles", {"code": "BAD", "name": "Bad", "kind": "custom", "start_date": "2026-05-01",
                    "end_date": "2026-04-01"})
    assert response.status_code == 400
    assert response.json()["message"] == "周期的结束日期不能早于开始日期。"
    assert response.json()["field"] == "end_date"
    assert not Cycle.objects.filter(code="BAD").exists()
