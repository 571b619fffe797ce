"""Closing a cycle: per key result what becomes of it; objectives closed, drafts untouched."""

from decimal import Decimal

import pytest

from okrflow.actors import SYSTEM
from okrflow.audit.models import AuditEntry
from okrflow.errors import AccessDenied, DomainError
from okrflow.events import cycle_closed
from okrflow.okrs.models import Objective
from okrflow.retros.closing import Decision, close_cycle
from okrflow.retros.models import ClosingDecision, Outcome
from tests.okrs.factories import make_checkin, make_key_result, make_objective


@pytest.fixture
def krs(q1, bob):
    objective = make_objective(q1, owner=bob)
    done = make_key_result(objective, title="Done")
    make_checkin(done, 100)
    half = make_key_result(objective, title="Half")
    make_checkin(half, 50)
    low = make_key_result(objective, title="Low")
    make_checkin(low, 10)
    Objective.objects.filter(pk=objective.pk).update(status="published")  # as publishing leaves it
    return {kr.title: kr for kr in (done, half, low)}


def test_closing_decides_each_key_result_and_closes_the_objectives(q1, q2, admin, krs, bob,
                                                                    django_capture_on_commit_callbacks):
    draft = make_objective(q1, owner=bob, status="draft")
    agreed = make_objective(q1, owner=bob, status="agreed")
    seen = []
    cycle_closed.connect(lambda **kw: seen.append(kw["cycle"].pk), weak=False, dispatch_uid="t-closed")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            close_cycle(admin, q1, {
                krs["Half"]: Decision(Outcome.CARRIED_NEW_TARGET, reason="Almost there", target_value="80"),
                krs["Low"].pk: "missed"}, next_cycle=q2)
    finally:
        cycle_closed.disconnect(dispatch_uid="t-closed")
    q1.refresh_from_db()
    assert q1.closed_by == admin and q1.closed_at is not None
    assert dict(Objective.objects.filter(cycle=q1).values_list("pk", "status")) == {
        krs["Done"].objective_id: "closed", agreed.pk: "closed", draft.pk: "draft"}
    outcomes = dict(ClosingDecision.objects.values_list("key_result__title", "outcome"))
    assert outcomes == {"Done": "achieved", "Half": "carried_new_target", "Low": "missed"}
    carried = ClosingDecision.objects.get(key_result=krs["Half"]).carried_into
    assert (carried.objective.cycle, carried.objective.status, carried.start_value, carried.target_value,
            carried.carried_from, carried.carry_reason) == (
        q2, "draft", Decimal(50), Decimal(80), krs["Half"], "Almost there")
    assert AuditEntry.objects.filter(action="cycle.close", object_id=str(q1.pk)).count() == 1
    assert seen == [q1.pk]


def test_carrying_as_is_keeps_the_target_and_starts_from_the_last_value(q1, q2, krs):
    close_cycle(SYSTEM, q1, {krs["Low"]: Decision(Outcome.CARRIED, reason="Still matters")}, next_cycle=q2)
    carried = ClosingDecision.objects.get(key_result=krs["Low"]).carried_into
    assert (carried.start_value, carried.target_value) == (Decimal(10), Decimal(100))


def test_carrying_without_a_reason_refuses_the_whole_close(q1, q2, admin, krs):
    with pytest.raises(DomainError) as error:
        close_cycle(admin, q1, {krs["Low"]: Decision(Outcome.CARRIED)}, next_cycle=q2)
    assert error.value.code == "carry_reason_required"
    q1.refresh_from_db()
    assert q1.closed_at is None and not ClosingDecision.objects.exists()
    assert not Objective.objects.filter(cycle=q2).exists()
    assert set(Objective.objects.filter(cycle=q1).values_list("status", flat=True)) == {"published"}


def test_carrying_needs_the_next_cycle(q1, admin, krs):
    with pytest.raises(DomainError) as error:
        close_cycle(admin, q1, {krs["Low"]: Decision(Outcome.CARRIED, reason="x")})
    assert error.value.code == "next_cycle_required"


def test_a_new_target_is_required_when_carrying_with_a_new_target(q1, q2, admin, krs):
    with pytest.raises(DomainError) as error:
        close_cycle(admin, q1, {krs["Low"]: Decision(Outcome.CARRIED_NEW_TARGET, reason="x")}, next_cycle=q2)
    assert error.value.code == "target_required"


def test_a_key_result_of_another_cycle_is_refused(q1, q2, admin, krs):
    other = make_key_result(make_objective(q2))
    with pytest.raises(DomainError) as error:
        close_cycle(admin, q1, {other: "achieved"})
    assert error.value.code == "not_in_cycle"


def test_an_unknown_outcome_is_refused(q1, admin, krs):
    with pytest.raises(DomainError) as error:
        close_cycle(admin, q1, {krs["Low"]: "forgotten"})
    assert error.value.code == "bad_outcome"


def test_only_admins_and_the_champion_close_a_cycle(q1, alice, mallory, krs):
    with pytest.raises(AccessDenied):
        close_cycle(alice, q1)
    with pytest.raises(AccessDenied):
        close_cycle(mallory, q1)


def test_a_cycle_is_closed_once(q1, admin, krs):
    close_cycle(admin, q1)
    with pytest.raises(DomainError) as error:
        close_cycle(admin, q1)
    assert error.value.code == "already_closed"
