"""The Set step and the gate over the API: POST …/propose|send-back|accept|confirm, a published
objective's locked fields answered 409 {"code": "locked"} with nothing changed, new objectives as
drafts."""

import pytest

from okrflow.actors import SYSTEM
from okrflow.audit.models import AuditEntry
from okrflow.okrs.models import Objective, ObjectiveStatus
from okrflow.okrs.services import update_objective
from tests.okrs.factories import make_key_result, make_objective


@pytest.fixture
def draft(q1, bob):
    return make_objective(q1, owner=bob, title="Ship the app", status=ObjectiveStatus.DRAFT)


@pytest.fixture
def published(q1, bob):
    objective = make_objective(q1, owner=bob, title="Ship the app")
    make_key_result(objective, target=10, title="10 paying teams")
    return update_objective(SYSTEM, objective, status=ObjectiveStatus.PUBLISHED)


def test_bob_proposes_and_alice_accepts_over_the_api(api_as, draft, bob, alice):
    proposed = api_as(bob).post(f"/objectives/{draft.pk}/propose", {"comment": "Ready"})
    assert proposed.status_code == 200, proposed.content
    assert proposed.json()["status"] == "proposed" and proposed.json()["owner_agreed_at"]
    agreed = api_as(alice).post(f"/objectives/{draft.pk}/accept", {})
    assert agreed.status_code == 200 and agreed.json()["status"] == "agreed"
    assert agreed["ETag"]


def test_sending_back_without_a_reason_is_refused(api_as, draft, bob, alice):
    api_as(bob).post(f"/objectives/{draft.pk}/propose", {})
    response = api_as(alice).post(f"/objectives/{draft.pk}/send-back", {"comment": "  "})
    assert response.status_code == 400 and response.json()["code"] == "comment_required"
    assert response.json()["field"] == "comment"
    assert Objective.objects.get(pk=draft.pk).status == ObjectiveStatus.PROPOSED


def test_a_transition_the_state_does_not_have_is_409(api_as, draft, alice):
    response = api_as(alice).post(f"/objectives/{draft.pk}/accept", {})
    assert response.status_code == 409 and response.json()["code"] == "bad_transition"


def test_a_stale_if_match_is_412(api_as, draft, bob):
    response = api_as(bob).call("post", f"/objectives/{draft.pk}/propose", {}, **{"If-Match": '"99"'})
    assert response.status_code == 412


@pytest.mark.parametrize("body", [{"title": "Ship it later"}, {"description": "changed"},
                                  {"owner": "person:alice@acme.test"}])
def test_a_published_objectives_locked_fields_are_409_locked(api_as, published, admin, body):
    client = api_as(admin)
    entries = AuditEntry.objects.count()
    response = client.patch(f"/objectives/{published.pk}", body)
    assert response.status_code == 409, response.content
    assert response.json()["code"] == "locked"
    assert AuditEntry.objects.count() == entries
    assert Objective.objects.get(pk=published.pk).version == published.version


def test_a_published_key_results_target_is_409_locked_and_a_new_one_too(api_as, published, bob):
    kr = published.key_results.get()
    assert api_as(bob).patch(f"/key-results/{kr.pk}", {"target_value": 12}).status_code == 409
    added = api_as(bob).post(f"/objectives/{published.pk}/key-results", {"title": "more", "target_value": 3})
    assert (added.status_code, added.json()["code"]) == (409, "locked")
    assert api_as(bob).delete(f"/key-results/{kr.pk}").status_code == 409
    assert api_as(bob).delete(f"/objectives/{published.pk}").status_code == 409
    assert published.key_results.count() == 1


def test_patching_the_status_is_not_a_way_around_the_transitions(api_as, draft, bob):
    response = api_as(bob).patch(f"/objectives/{draft.pk}", {"status": "agreed"})
    assert (response.status_code, response.json()["code"]) == (409, "bad_transition")


def test_an_objective_created_over_the_api_starts_as_a_draft(api_as, q1, bob):
    response = api_as(bob).post("/objectives", {"cycle": "2026Q1", "title": "A new idea"})
    assert response.status_code == 201 and response.json()["status"] == "draft"


def test_the_transitions_are_in_the_openapi_schema(api_as, admin):
    paths = api_as(admin).get("/openapi.json").json()["paths"]
    for action in ("propose", "send-back", "accept", "confirm"):
        assert "post" in paths[f"/api/v1/objectives/{{objective_id}}/{action}"]
