"""Meetings over the API: schedule, read (planned times), list, cancel; refusals are
{"code", "message", "field"} and store nothing."""

import pytest

from okrflow.workshops.models import Participant, Workshop
from tests.api.conftest import ApiClient, token_for


@pytest.fixture
def api():
    return lambda person: ApiClient(f"Bearer {token_for(person)}")


def body(templates, **fields):
    return {
        "template": templates["standup"].pk,
        "title": "后端站会",
        "starts_at": "2099-03-02T09:00:00+08:00",
        "facilitator": "alice@acme.test",
        "participants": ["bob@acme.test"],
        "units": ["SALES"],
        **fields,
    }


def test_scheduling_reading_and_cancelling_a_meeting(
    api, templates, alice, bob, carol, django_capture_on_commit_callbacks
):
    client = api(alice)
    with django_capture_on_commit_callbacks(execute=True):
        created = client.post("/workshops", body(templates))
    assert created.status_code == 201, created.content
    meeting = created.json()
    assert meeting["ends_at"] == "2099-03-02T01:15:00Z"
    assert [(i["title"], i["planned_start"][11:16]) for i in meeting["agenda"]][:1] == [
        ("Each person: yesterday, today, obstacles", "01:00")
    ]
    assert {p["name"] for p in meeting["participants"]} == {"Alice 王", "Bob 李", "Carol 张"}
    assert api(bob).get(f"/workshops/{meeting['id']}").json()["participants"][0]["email"] is None
    assert [w["id"] for w in api(carol).get("/workshops").json()["items"]] == [meeting["id"]]
    cancelled = client.post(f"/workshops/{meeting['id']}/cancel", None)
    assert cancelled.json()["state"] == "cancelled" and cancelled.json()["invitation_sequence"] == 1
    again = client.post(f"/workshops/{meeting['id']}/cancel", None)
    assert (again.status_code, again.json()["message"]) == (400, "This meeting is already cancelled.")


@pytest.mark.parametrize(
    ("fields", "status", "field", "message"),
    [
        ({"starts_at": "2099-03-02T09:00:00"}, 400, "starts_at", "Enter a date and time."),
        (
            {"starts_at": "2001-03-02T09:00:00+08:00"},
            400,
            "starts_at",
            "The meeting cannot start in the past.",
        ),
        (
            {"participants": ["nobody@acme.test"]},
            400,
            "participants",
            "No one with this email works in your organization: nobody@acme.test",
        ),
        (
            {"participants": ["mallory@globex.test"]},
            400,
            "participants",
            "No one with this email works in your organization: mallory@globex.test",
        ),
        (
            {"participants": ["bob@acme.test", "bob@acme.test"]},
            400,
            "participants",
            "Bob 李 is listed twice.",
        ),
        ({"units": ["ROOT-OF-NOWHERE"]}, 400, "units", "Invite units of your organization only."),
        (
            {"video_link": "javascript:alert(1)"},
            400,
            "video_link",
            "Enter a web address starting with https://.",
        ),
    ],
)
def test_a_refused_meeting_says_why_and_stores_nothing(
    api, templates, alice, bob, carol, mallory, fields, status, field, message
):
    response = api(alice).post("/workshops", body(templates, **fields))
    assert response.status_code == status, response.content
    assert (response.json()["field"], response.json()["message"]) == (field, message)
    assert not Workshop.objects.exists() and not Participant.objects.exists()


def test_another_organizations_template_is_not_found(api, templates, mallory):
    response = api(mallory).post(
        "/workshops", body(templates, facilitator="mallory@globex.test", participants=[], units=[])
    )
    assert response.status_code == 404
