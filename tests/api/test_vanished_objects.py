"""A write whose object vanished between the route's read and the service's lock answers a
JSON 404 (issue 7, items 5 and 13); the services' side is in tests/security/test_racing_writes.py."""

from okrflow.api.routers import okrs as okr_routes
from okrflow.okrs.models import KeyResult, Objective


def test_the_api_answers_a_key_result_under_a_vanished_objective_with_a_json_404(api_as, admin, okrs,
                                                                                  monkeypatch):
    """The objective is read by the route, then deleted by someone else before the service
    locks it: 404 in the API's shape, not Django's raw English validation text."""
    objective = okrs.bobs
    read = okr_routes.editable_objective

    def read_then_lose(actor, objective_id):
        found = read(actor, objective_id)
        Objective.objects.filter(pk=found.pk).delete()
        return found

    monkeypatch.setattr(okr_routes, "editable_objective", read_then_lose)
    response = api_as(admin).post(f"/objectives/{objective.pk}/key-results",
                                  {"title": "x", "target_value": 3})
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": "Not found.", "field": None}
    assert not KeyResult.objects.filter(title="x").exists()
