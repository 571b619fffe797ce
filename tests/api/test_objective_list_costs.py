"""The API's objective list reads its page's rows by their ids and does not count through the
reader's visibility when the public objectives alone pass the count's cap (issue 8: on
PostgreSQL at 100,000 people, that count hashed every person for a member)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.okrs.factories import make_objective


def test_the_api_list_is_not_counted_through_visibility_when_the_public_ones_pass_the_cap(
        api_as, q1, bob, carol, monkeypatch):
    from okrflow.api.routers import okrs as router
    monkeypatch.setattr(router, "OBJECTIVE_COUNT_CAP", 3)
    for n in range(5):
        make_objective(q1, owner=carol, title=f"公开{n}")
    client = api_as(bob)
    client.get("/me")
    with CaptureQueriesContext(connection) as captured:
        body = client.get("/objectives?limit=2").json()
    assert body["count"] == 3 and body["count_capped"] is True and len(body["items"]) == 2
    counts = [q["sql"] for q in captured if "COUNT(" in q["sql"]]
    assert len(counts) == 1 and "org_person" not in counts[0] and "EXISTS" not in counts[0]


def test_the_api_list_counts_what_the_reader_sees_below_the_cap(api_as, q1, bob, carol, alice, monkeypatch):
    from okrflow.api.routers import okrs as router
    monkeypatch.setattr(router, "OBJECTIVE_COUNT_CAP", 3)
    make_objective(q1, owner=carol, title="公开")
    make_objective(q1, owner=bob, title="私有一", visibility="private")
    make_objective(q1, owner=carol, title="私有二", visibility="private")
    assert api_as(bob).get("/objectives").json()["count"] == 2
    assert api_as(alice).get("/objectives").json()["count"] == 2  # bob's private: alice manages him
    make_objective(q1, owner=bob, title="私有三", visibility="private")
    make_objective(q1, owner=bob, title="私有四", visibility="private")
    capped = api_as(alice).get("/objectives").json()
    assert capped["count"] == 3 and capped["count_capped"] is True


def test_the_pages_rows_are_read_by_their_ids_without_the_visibility_condition(api_as, q1, alice, carol):
    for n in range(3):
        make_objective(q1, owner=carol, title=f"公开{n}")
    client = api_as(alice)  # a manager: her visibility condition has path prefixes
    client.get("/me")
    with CaptureQueriesContext(connection) as captured:
        assert len(client.get("/objectives").json()["items"]) == 3
    row_read = 'SELECT "okrs_objective"."id", "okrs_objective"."organization_id"'
    rows = [q["sql"] for q in captured if q["sql"].startswith(row_read)]
    assert len(rows) == 1 and "LIKE" not in rows[0].split(" WHERE ", 1)[1]
