"""Bearer tokens (missing, wrong, revoked) and the shape of paginated lists."""

import pytest

from okrflow.actors import SYSTEM
from okrflow.api.pagination import MAX_LIMIT
from okrflow.org.models import ApiToken
from okrflow.org.services import issue_token, revoke_token
from tests.api.conftest import ApiClient
from tests.factories import make_person


def test_it_refuses_a_request_without_a_token(anonymous, org):
    response = anonymous.get("/me")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"
    assert response["WWW-Authenticate"] == "Bearer"


@pytest.mark.parametrize("header", ["Bearer okr_not-a-real-token", "Basic Ym9iOnNlY3JldA==", "Bearer "])
def test_it_refuses_a_bad_token(header, bob):
    assert ApiClient(header).get("/me").status_code == 401


def test_it_refuses_a_revoked_token(bob):
    token, key = issue_token(SYSTEM, bob)
    client = ApiClient(f"Bearer {key}")
    assert client.get("/me").status_code == 200
    revoke_token(bob, token)
    assert client.get("/me").status_code == 401


def test_it_refuses_the_token_of_a_deactivated_person(bob):
    _, key = issue_token(SYSTEM, bob)
    bob.is_active = False
    bob.save(update_fields=["is_active"])
    assert ApiClient(f"Bearer {key}").get("/me").status_code == 401


def test_only_a_hash_of_the_token_is_stored(bob):
    _, key = issue_token(SYSTEM, bob)
    assert not ApiToken.objects.filter(key_hash=key).exists()
    assert ApiToken.objects.filter(key_hash=ApiToken.hash_key(key)).exists()


def test_lists_are_paginated_with_limit_and_offset(api_as, org, bob, tech):
    for n in range(7):
        make_person(org, email=f"p{n}@acme.test", unit=tech)
    client = api_as(bob)
    first = client.get("/people?limit=3").json()
    second = client.get("/people?limit=3&offset=3").json()
    assert first["count"] == second["count"] == 9
    assert len(first["items"]) == len(second["items"]) == 3
    assert not {p["id"] for p in first["items"]} & {p["id"] for p in second["items"]}
    assert client.get("/people?offset=100").json() == {"items": [], "count": 9}


def test_it_refuses_a_page_larger_than_the_maximum(api_as, bob):
    response = api_as(bob).get(f"/people?limit={MAX_LIMIT + 1}")
    assert response.status_code == 422
    assert response.json()["code"] == "invalid"
    assert response.json()["field"] == "limit"


def test_the_openapi_document_and_docs_are_served(client, db):
    schema = client.get("/api/v1/openapi.json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert "/api/v1/people/{person_id}" in paths
    assert "ETag" in paths["/api/v1/objectives/{objective_id}"]["get"]["responses"]["200"]["headers"]
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200
    assert b"/static/ninja/swagger-ui-bundle.js" in docs.content
    assert b"cdn." not in docs.content  # no CDN at run time; the CSP would block it anyway


def test_an_unknown_api_path_answers_with_a_json_404(client, db):
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
