"""The self-assessment API: GET/PUT /key-results/{id}/self-assessment and PUT …/review."""

import pytest

from okrflow.assessments.models import ReviewState, SelfAssessment
from okrflow.audit.models import AuditEntry
from okrflow.okrs.models import Visibility
from tests.assessments.conftest import publish
from tests.okrs.factories import make_key_result, make_objective


def path(kr, review=False):
    return f"/key-results/{kr.pk}/self-assessment" + ("/review" if review else "")


def test_the_owner_puts_a_self_score_and_reads_it_back(api_as, published, kr, bob):
    client = api_as(bob)
    answer = client.call("put", path(kr), {"score": 0.7, "comment": "稳定了"})
    assert answer.status_code == 200, answer.content
    body = client.get(path(kr)).json()
    assert (body["score"], body["computed_score"], body["comment"], body["review_state"]) == (
        0.7, 0.6, "稳定了", "pending")
    assert (body["can_assess"], body["can_review"]) == (True, False)


def test_before_any_self_assessment_the_computed_score_is_offered(api_as, published, kr, bob):
    body = api_as(bob).get(path(kr)).json()
    assert (body["assessed"], body["score"], body["computed_score"]) == (False, None, 0.6)


def test_a_score_of_1_2_is_refused_with_its_message(api_as, published, kr, bob):
    answer = api_as(bob).call("put", path(kr), {"score": 1.2, "comment": "x"})
    assert answer.status_code == 400
    assert answer.json() == {"code": "bad_score", "field": "score",
                             "message": "A score runs from 0 to 1; 1.2 is outside that range."}
    assert not SelfAssessment.objects.exists()


def test_a_gap_without_a_comment_is_a_400_naming_the_comment(api_as, published, kr, bob):
    answer = api_as(bob).call("put", path(kr), {"score": 0.1})
    assert (answer.status_code, answer.json()["code"], answer.json()["field"]) == (
        400, "comment_required", "comment")


def test_an_unpublished_cycle_answers_409(api_as, q1, kr, bob):
    answer = api_as(bob).call("put", path(kr), {"score": 0.6})
    assert (answer.status_code, answer.json()["code"]) == (409, "not_open")


def test_a_text_score_is_a_422(api_as, published, kr, bob):
    assert api_as(bob).call("put", path(kr), {"score": "lots"}).status_code == 422


def test_the_manager_reviews_and_adjusting_needs_a_comment(api_as, published, kr, bob, alice):
    api_as(bob).call("put", path(kr), {"score": 0.7})
    manager = api_as(alice)
    refused = manager.call("put", path(kr, review=True), {"agree": False, "score": 0.5})
    assert (refused.status_code, refused.json()["field"]) == (400, "comment")
    answer = manager.call("put", path(kr, review=True), {"agree": False, "score": 0.5, "comment": "算上事故"})
    assert answer.status_code == 200, answer.content
    assert (answer.json()["review_state"], answer.json()["reviewed_score"]) == ("adjusted", 0.5)


def test_reviewing_before_a_self_assessment_is_a_409(api_as, published, kr, alice):
    answer = api_as(alice).call("put", path(kr, review=True), {"agree": True})
    assert (answer.status_code, answer.json()["code"]) == (409, "not_assessed")


def state():
    return (AuditEntry.objects.count(),
            sorted(SelfAssessment.objects.values_list("score", "review_state", "version")))


@pytest.fixture
def world(q1, kr, kr2, bob, carol):
    private = make_objective(q1, owner=bob, visibility=Visibility.PRIVATE, title="私人目标")
    private_kr = make_key_result(private, start=0, target=1, owner=bob)
    carols_kr = make_key_result(make_objective(q1, owner=carol), start=0, target=4, owner=carol)
    publish(q1)
    from okrflow.assessments.services import self_assess
    self_assess(bob, kr2)
    return {"kr": kr, "kr2": kr2, "private_kr": private_kr, "carols_kr": carols_kr}


# (method, key result, review?, body, "persona:status ...")
MATRIX = [
    ("get", "kr", False, None, "bob:200 alice:200 admin:200 hr:200 carol:403 dave:403 mallory:404"),
    ("get", "private_kr", False, None, "bob:200 alice:200 carol:404 hr:404 mallory:404"),
    ("put", "kr", False, {"score": 0.6}, "bob:200 alice:403 admin:403 hr:403 carol:403 mallory:404"),
    ("put", "private_kr", False, {"score": 0}, "bob:200 carol:404 mallory:404"),
    ("put", "carols_kr", False, {"score": 0}, "carol:200 bob:403 alice:403"),
    ("put", "kr2", True, {"agree": True},
     "alice:200 admin:200 bob:403 hr:403 carol:403 dave:403 mallory:404"),
]
CASES = [pytest.param(method, target, review, body, persona, int(status),
                      id=f"{persona}-{method}-{target}-{review}")
         for method, target, review, body, expected in MATRIX
         for persona, status in (pair.split(":") for pair in expected.split())]


@pytest.mark.parametrize(("method", "target", "review", "body", "persona", "status"), CASES)
def test_the_self_assessment_permission_matrix_holds(request, api_as, world, method, target, review, body,
                                                     persona, status, hr, dave, admin, mallory):
    client = api_as(request.getfixturevalue(persona))
    before = state()
    answer = client.call(method, path(world[target], review), body)
    assert answer.status_code == status, answer.content
    if status >= 400:
        assert answer.json()["code"] in {"forbidden", "not_found"}
        assert state() == before
    elif method == "put" and review:
        assert SelfAssessment.objects.get(key_result=world[target]).review_state == ReviewState.AGREED


def test_the_endpoints_are_in_the_openapi_schema(api_as, bob):
    paths = api_as(bob).get("/openapi.json").json()["paths"]
    assert {"get", "put"} <= set(paths["/api/v1/key-results/{kr_id}/self-assessment"])
    assert "put" in paths["/api/v1/key-results/{kr_id}/self-assessment/review"]
