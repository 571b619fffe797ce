"""Change requests of a published annual key result (okrflow/okrs/changes.py): the owner asks
with a reason, the manager or an admin decides; on approval the key result changes with the
diff and the reason in its history; the decision page shows old and new side by side."""

from decimal import Decimal

import pytest

from okrflow.audit.models import AuditEntry
from okrflow.errors import AccessDenied, DomainError
from okrflow.events import change_request_decided
from okrflow.okrs import changes
from okrflow.okrs.models import ChangeRequestState, KeyResult, KeyResultChangeRequest, Objective
from tests.api.conftest import ApiClient, token_for
from tests.okrs.factories import make_key_result, make_objective


def published(objective):
    Objective.objects.filter(pk=objective.pk).update(status="published")
    objective.refresh_from_db()
    return objective


@pytest.fixture
def annual_kr(year, bob):
    objective = make_objective(year, owner=bob, title="全年把构建时间缩短一半", ref="O-YEAR-BOB")
    kr = make_key_result(objective, start=20, target=10, unit="min", owner=bob, ref="KR-YEAR-BOB")
    published(objective)
    return KeyResult.objects.select_related("objective__cycle").get(pk=kr.pk)


def ask(kr, actor, **fields):
    fields = {"new_target": Decimal("8"), "reason": "新的缓存方案让目标可以更进一步", **fields}
    return changes.request_change(actor, kr, **fields)


def test_the_owner_asks_and_the_manager_approves_with_the_diff_and_reason_in_history(
        annual_kr, bob, alice, django_capture_on_commit_callbacks):
    request = ask(annual_kr, bob, new_title="全年构建时间降到 8 分钟")
    heard = []
    change_request_decided.connect(lambda sender, **kw: heard.append(kw), weak=False, dispatch_uid="t-cr")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            changes.decide(alice, request, approve=True, comment="同意")
    finally:
        change_request_decided.disconnect(dispatch_uid="t-cr")
    kr = KeyResult.objects.get(pk=annual_kr.pk)
    assert (kr.title, kr.target_value) == ("全年构建时间降到 8 分钟", Decimal("8"))
    assert kr.version == annual_kr.version + 1
    entry = AuditEntry.objects.get(object_type="okrs.keyresult", object_id=str(kr.pk),
                                   action="key_result.change_approved")
    assert entry.changes["target_value"][1] == "8.0000"
    assert entry.changes["title"] == [annual_kr.title, "全年构建时间降到 8 分钟"]
    assert entry.changes["reason"] == [None, "新的缓存方案让目标可以更进一步"]
    assert KeyResultChangeRequest.objects.get().state == ChangeRequestState.APPROVED
    assert heard and heard[0]["approved"] is True and heard[0]["request"].pk == request.pk


def test_a_rejection_needs_a_comment_and_leaves_the_key_result_as_it_was(annual_kr, bob, alice):
    request = ask(annual_kr, bob)
    with pytest.raises(DomainError) as refused:
        changes.decide(alice, request, approve=False)
    assert refused.value.code == "comment_required"
    changes.decide(alice, request, approve=False, comment="先按原目标执行一个季度")
    kr = KeyResult.objects.get(pk=annual_kr.pk)
    assert kr.target_value == Decimal("10") and kr.version == annual_kr.version
    assert KeyResultChangeRequest.objects.get().state == ChangeRequestState.REJECTED


def test_a_pending_request_blocks_a_second_one(annual_kr, bob):
    ask(annual_kr, bob)
    with pytest.raises(DomainError) as refused:
        ask(annual_kr, bob, new_target=Decimal("7"))
    assert refused.value.code == "request_pending"
    assert KeyResultChangeRequest.objects.count() == 1


def test_a_request_needs_a_reason_and_a_real_change(annual_kr, bob):
    with pytest.raises(DomainError) as no_reason:
        ask(annual_kr, bob, reason="  ")
    with pytest.raises(DomainError) as no_change:
        ask(annual_kr, bob, new_target=Decimal("10"))
    assert (no_reason.value.code, no_reason.value.field) == ("reason_required", "reason")
    assert no_change.value.code == "nothing_changes"
    assert not KeyResultChangeRequest.objects.exists()


def test_only_published_annual_key_results_change_by_request(q1, bob):
    objective = make_objective(q1, owner=bob)
    quarterly = make_key_result(objective, owner=bob)
    published(objective)
    with pytest.raises(DomainError) as refused:
        ask(KeyResult.objects.get(pk=quarterly.pk), bob)
    assert refused.value.code == "not_requestable"


def test_others_may_neither_ask_nor_decide(annual_kr, bob, carol, alice, admin):
    with pytest.raises(AccessDenied):
        ask(annual_kr, carol)
    request = ask(annual_kr, bob)
    for outsider in (carol, bob):  # bob asked: he does not approve his own request
        with pytest.raises(AccessDenied):
            changes.decide(outsider, request, approve=True)
    assert KeyResult.objects.get(pk=annual_kr.pk).target_value == Decimal("10")
    changes.decide(admin, request, approve=True)  # an admin may decide
    assert KeyResult.objects.get(pk=annual_kr.pk).target_value == Decimal("8")


def test_the_objective_page_shows_the_pending_request_and_the_decision_page_compares(
        client, annual_kr, bob, alice):
    request = ask(annual_kr, bob)
    client.force_login(alice)
    page = client.get(f"/objectives/{annual_kr.objective_id}/").content.decode()
    assert f"/change-requests/{request.pk}/" in page
    decision = client.get(f"/change-requests/{request.pk}/").content.decode()
    compare = decision[decision.index('data-testid="compare"'):decision.index("</table>")]
    assert "10 min" in compare and "8 min" in compare
    assert "新的缓存方案让目标可以更进一步" in decision and 'value="approve"' in decision
    response = client.post(f"/change-requests/{request.pk}/", {"decision": "approve", "comment": ""})
    assert response.status_code == 302
    assert KeyResult.objects.get(pk=annual_kr.pk).target_value == Decimal("8")
    history = client.get(f"/objectives/{annual_kr.objective_id}/").content.decode()
    assert "changed a key result by an approved change request" in history
    assert "新的缓存方案让目标可以更进一步" in history


def test_the_owner_asks_on_the_web_and_a_bad_target_is_shown_on_the_form(client, annual_kr, bob):
    client.force_login(bob)
    url = f"/key-results/{annual_kr.pk}/change-request/"
    refused = client.post(url, {"new_title": annual_kr.title, "new_target": "eight", "reason": "x"})
    assert refused.status_code == 200 and "Enter a number." in refused.content.decode()
    assert not KeyResultChangeRequest.objects.exists()
    sent = client.post(url, {"new_title": annual_kr.title, "new_target": "8", "reason": "更快"})
    assert sent.status_code == 302
    assert KeyResultChangeRequest.objects.get().new_target == Decimal("8")


def test_a_pending_request_on_the_objective_page_says_who_asks_and_when_in_no_more_queries(
        client, annual_kr, bob, alice, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone
    client.force_login(alice)
    url = f"/objectives/{annual_kr.objective_id}/"
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    request = ask(annual_kr, bob)
    with django_assert_max_num_queries(len(before)):
        page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"{bob.name} asks to change it · {timezone.localtime(request.created_at):%Y-%m-%d}" in page


def test_the_api_asks_and_decides(annual_kr, bob, alice, carol):
    as_bob, as_alice, as_carol = (ApiClient(f"Bearer {token_for(p)}") for p in (bob, alice, carol))
    asked = as_bob.post(f"/key-results/{annual_kr.pk}/change-requests", {"new_target": 8, "reason": "更快"})
    assert asked.status_code == 201, asked.content
    assert asked.json()["old_target"] == 10 and asked.json()["state"] == "pending"
    again = as_bob.post(f"/key-results/{annual_kr.pk}/change-requests", {"new_target": 7, "reason": "再快"})
    assert again.status_code == 409 and again.json()["code"] == "request_pending"
    request_id = asked.json()["id"]
    refused = as_carol.post(f"/change-requests/{request_id}/decision", {"approve": True})
    assert refused.status_code == 403
    decided = as_alice.post(f"/change-requests/{request_id}/decision", {"approve": True})
    assert decided.status_code == 200 and decided.json()["state"] == "approved"
    assert KeyResult.objects.get(pk=annual_kr.pk).target_value == Decimal("8")


def test_a_target_with_trailing_zeros_past_four_places_is_taken_and_real_digits_are_refused(annual_kr, bob):
    with pytest.raises(DomainError) as refused:
        ask(annual_kr, bob, new_target=Decimal("8.00001"))
    assert refused.value.field == "new_target"
    assert ask(annual_kr, bob, new_target=Decimal("8.00000")).new_target == Decimal("8")
