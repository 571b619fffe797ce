"""No API write stores a NUL character: PostgreSQL cannot hold one, so it is refused at the door
with a 400 naming the field, and nothing is stored."""

import pytest

from okrflow.okrs.models import Objective


@pytest.mark.parametrize("body", [
    {"title": "Grow\x00", "owner": "company", "cycle": "2026Q1"},
    {"title": "Grow", "description": "a\x00b", "owner": "company", "cycle": "2026Q1"},
    {"title": "Grow", "owner": "company", "cycle": "2026Q1", "ex\x00tra": 1},
])
def test_a_nul_character_anywhere_in_a_body_is_refused_and_nothing_is_stored(api_as, admin, q1, body):
    before = Objective.objects.count()
    response = api_as(admin).post("/objectives", body)
    assert response.status_code == 400
    assert response.json()["code"] == "bad_request"
    assert "NUL" in response.json()["message"]
    assert Objective.objects.count() == before
