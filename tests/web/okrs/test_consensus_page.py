"""The objective page's Set step: the state badge, the buttons the reader may use, the history of
the agreement, and the member sees why their proposal was sent back."""

import pytest
from django.test import Client

from okrflow.okrs import states
from okrflow.okrs.models import Objective, ObjectiveStatus
from tests.okrs.factories import make_objective


def client_of(person) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(person)
    return client


@pytest.fixture
def draft(q1, bob):
    return make_objective(q1, owner=bob, title="Ship the app", status=ObjectiveStatus.DRAFT)


def test_bob_submits_his_draft_from_the_page(draft, bob):
    page = client_of(bob).get(f"/objectives/{draft.pk}/").content.decode()
    assert "Submit to the manager" in page and "Send back" not in page
    response = client_of(bob).post(f"/objectives/{draft.pk}/state/propose/", {"version": draft.version},
                                   follow=True)
    assert Objective.objects.get(pk=draft.pk).status == ObjectiveStatus.PROPOSED
    assert "Submitted to the manager." in response.content.decode()


def test_alice_sends_the_proposal_back_and_bob_reads_why(draft, bob, alice):
    states.propose(bob, draft)
    page = client_of(alice).get(f"/objectives/{draft.pk}/").content.decode()
    assert "Accept" in page and "Send back" in page
    client_of(alice).post(f"/objectives/{draft.pk}/state/send-back/",
                          {"comment": "Put a number on “faster”"})
    page = client_of(bob).get(f"/objectives/{draft.pk}/").content.decode()
    assert Objective.objects.get(pk=draft.pk).status == ObjectiveStatus.DRAFT
    assert "sent this objective back" in page and "Put a number on “faster”" in page


def test_a_send_back_without_a_reason_is_refused_with_a_message(draft, bob, alice):
    states.propose(bob, draft)
    response = client_of(alice).post(f"/objectives/{draft.pk}/state/send-back/", {"comment": ""}, follow=True)
    assert "Say why you send it back" in response.content.decode()
    assert Objective.objects.get(pk=draft.pk).status == ObjectiveStatus.PROPOSED


def test_alice_accepts_and_the_history_says_who_did_what(draft, bob, alice):
    states.propose(bob, draft)
    client_of(alice).post(f"/objectives/{draft.pk}/state/accept/")
    page = client_of(bob).get(f"/objectives/{draft.pk}/").content.decode()
    assert Objective.objects.get(pk=draft.pk).status == ObjectiveStatus.AGREED
    assert "History of the agreement" in page and "accepted it" in page and "submitted it" in page


def test_a_colleague_gets_403_and_nothing_changes(draft, bob, carol):
    states.propose(bob, draft)
    assert client_of(carol).post(f"/objectives/{draft.pk}/state/accept/").status_code == 403
    assert Objective.objects.get(pk=draft.pk).status == ObjectiveStatus.PROPOSED


def test_an_objective_created_on_the_web_starts_as_a_draft(q1, bob):
    form = {"title": "A new idea", "description": "", "owner": f"person:{bob.pk}", "category": "",
            "origin": "bottom_up", "visibility": "public", "parent": ""}
    client_of(bob).post("/objectives/new/", form)
    assert Objective.objects.get(title="A new idea").status == ObjectiveStatus.DRAFT


def test_the_histories_speak_words_not_action_codes_or_state_codes(draft, bob, alice):
    states.propose(bob, draft)
    states.send_back(alice, draft, comment="Put a number on it")
    page = client_of(bob).get(f"/objectives/{draft.pk}/").content.decode()
    assert "objective.send_back" not in page and "objective.propose" not in page
    assert "(proposed)" not in page and "(draft)" not in page
    assert "sent the objective back to draft" in page and "submitted the objective to the manager" in page
    assert "(Proposed)" in page and "(Draft)" in page


def test_the_agreement_history_is_read_with_the_page_history_and_kept_when_that_is_full(draft, bob, alice):
    """The panel takes the Set step's entries from the page's history read (one audit query for
    both); once the history shown is full (its 30 newest entries), the panel reads its own, so the
    first submission still shows."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from okrflow.audit.models import AuditEntry
    states.propose(bob, draft)
    client = client_of(alice)
    with CaptureQueriesContext(connection) as captured:
        page = client.get(f"/objectives/{draft.pk}/").content.decode()
    assert "submitted it" in page
    assert sum('FROM "audit_auditentry"' in query["sql"] for query in captured) == 1
    AuditEntry.objects.bulk_create(
        AuditEntry(organization_id=draft.organization_id, action="objective.update", actor=alice,
                   object_type="okrs.objective", object_id=str(draft.pk), object_repr=draft.title,
                   changes={"title": ["a", "b"]})
        for _ in range(30))
    with CaptureQueriesContext(connection) as full:
        page = client.get(f"/objectives/{draft.pk}/").content.decode()
    assert "History of the agreement" in page and "submitted it" in page
    assert page.count("Alice") >= 30
    assert len(full) == len(captured) + 1  # the panel's own read; no query per entry or actor
