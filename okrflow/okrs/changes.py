"""Change requests for a published annual key result (issue 9, "After publishing").

Publishing locks a key result's title and target (cycles/phases.py). An annual key result guides
the whole year, so its title or target may still change, but only this way: the key result's
owner (or the objective's) proposes the new values with a reason, the objective owner's manager
(or an admin) approves or rejects, and on approval the key result changes through this one
explicit path past the lock, with the diff and the reason in its audit history. One pending
request per key result at a time. Tita shows the approver the old and new values side by side:
the decision page does the same (okrflow/web/views/okrs_changes.py).
"""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from okrflow.actors import is_system
from okrflow.audit import log
from okrflow.cycles.models import CycleKind
from okrflow.errors import AccessDenied, DomainError, locked
from okrflow.events import change_request_decided, emit_on_commit, key_result_changed
from okrflow.okrs import rules
from okrflow.okrs.models import (
    ChangeRequestState,
    KeyResult,
    KeyResultChangeRequest,
    KeyResultKind,
    ObjectiveStatus,
)
from okrflow.org.access import heads_unit_or_above, is_above
from okrflow.org.services import validated

FOUR_PLACES = Decimal("0.0001")  # the stored precision of values (okrs.models.VALUE)
REQUEST_FIELDS = ["key_result_id", "old_title", "new_title", "old_target", "new_target", "reason", "state"]


def is_changeable_by_request(kr) -> bool:
    """A key result of a published objective of an annual cycle."""
    objective = kr.objective
    return objective.status == ObjectiveStatus.PUBLISHED and objective.cycle.kind == CycleKind.ANNUAL


def may_request(actor, kr) -> bool:
    """The key result's owner or the objective's owner (the owning person, or the head of the
    owning unit)."""
    if is_system(actor):
        return True
    if actor.organization_id != kr.organization_id:
        return False
    objective = kr.objective
    if actor.pk in (kr.owner_id, objective.owner_person_id):
        return True
    return objective.owner_unit_id is not None and objective.owner_unit.head_id == actor.pk


def may_decide(actor, request) -> bool:
    """The objective owner's manager (anyone above them in the manager chain or heading a unit
    above them; for a unit's objective, the head of a unit above it) or an admin — never the
    person who asked."""
    if is_system(actor):
        return True
    if actor.organization_id != request.organization_id or actor.pk == request.requested_by_id:
        return False
    if actor.is_org_admin:
        return True
    objective = request.key_result.objective
    if objective.owner_person_id:
        return is_above(actor, objective.owner_person)
    parent = objective.owner_unit.parent if objective.owner_unit_id else None
    return parent is not None and heads_unit_or_above(actor, parent)


def pending_for(kr) -> KeyResultChangeRequest | None:
    return kr.change_requests.filter(state=ChangeRequestState.PENDING).first()


def _clean_proposal(kr, new_title, new_target, reason):
    title = (new_title if new_title is not None else kr.title)
    title = title.strip() if isinstance(title, str) else title
    if not title:
        raise DomainError("title_required", _("A key result needs a title."), field="new_title")
    target = kr.target_value if new_target in (None, "") else rules.as_decimal(new_target, "new_target")
    if target == target.quantize(FOUR_PLACES):  # 120.00000 is 120: only real digits past 4 are refused
        target = target.quantize(FOUR_PLACES)
    if kr.kind == KeyResultKind.MILESTONE and target != kr.target_value:
        raise DomainError("milestone_target",
                          _("A milestone runs from not done to done: only its title can change."),
                          field="new_target")
    if target == kr.start_value and kr.kind != KeyResultKind.MILESTONE:
        raise DomainError("target_is_start", _("The new target must differ from the start value."),
                          field="new_target")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("reason_required", _("Say why the key result should change."), field="reason")
    if title == kr.title and target == kr.target_value:
        raise DomainError("nothing_changes",
                          _("The proposal keeps the title and the target as they are: change at least one."),
                          field="new_title")
    return title, target, reason


@transaction.atomic
def request_change(actor, kr, *, new_title=None, new_target=None, reason) -> KeyResultChangeRequest:
    """Propose a new title and/or target for a published annual key result, with a reason."""
    kr = locked(KeyResult.objects.select_related("objective__cycle", "objective__owner_unit"), pk=kr.pk)
    if not may_request(actor, kr):
        raise AccessDenied()
    if not is_changeable_by_request(kr):
        raise DomainError("not_requestable",
                          _("Only a published annual key result changes by request; edit this one directly."))
    if pending_for(kr) is not None:
        raise DomainError("request_pending",
                          _("A change of this key result is already waiting for a decision."))
    title, target, reason = _clean_proposal(kr, new_title, new_target, reason)
    request = KeyResultChangeRequest(
        organization_id=kr.organization_id, key_result=kr, requested_by=actor, old_title=kr.title,
        new_title=title, old_target=kr.target_value, new_target=target, reason=reason)
    validated(request).save()
    log.record(request, "change_request.create", actor=actor,
               changes={k: [None, v] for k, v in log.snapshot(request, REQUEST_FIELDS).items()})
    return request


@transaction.atomic
def decide(actor, request, *, approve: bool, comment: str = "") -> KeyResultChangeRequest:
    """Approve (the key result takes the new values) or reject a pending change request."""
    request = locked(KeyResultChangeRequest.objects.select_related(
        "key_result__objective__owner_person__manager", "key_result__objective__owner_person__unit",
        "key_result__objective__owner_unit__parent", "key_result__objective__cycle"), pk=request.pk)
    if not may_decide(actor, request):
        raise AccessDenied()
    if request.state != ChangeRequestState.PENDING:
        raise DomainError("already_decided", _("This change request has been decided already."))
    comment = (comment or "").strip()
    if not approve and not comment:
        raise DomainError("comment_required", _("Say why the change is rejected."), field="comment")
    if approve:
        _apply(actor, request)
    request.state = ChangeRequestState.APPROVED if approve else ChangeRequestState.REJECTED
    request.decided_by = None if is_system(actor) else actor
    request.decided_at = timezone.now()
    request.decision_comment = comment
    request.save(update_fields=["state", "decided_by", "decided_at", "decision_comment"])
    log.record(request, "change_request.decide", actor=actor,
               changes={"state": [ChangeRequestState.PENDING, request.state], "comment": [None, comment]})
    emit_on_commit(change_request_decided, request=request, actor=actor, approved=approve)
    return request


def _apply(actor, request) -> None:
    """The one path past the lock: the key result takes the approved title and target, and its
    history records the diff with the reason and the request."""
    kr = locked(KeyResult.objects, pk=request.key_result_id)
    if not is_changeable_by_request(request.key_result):
        raise DomainError("not_requestable", _("This key result can no longer change by request."))
    before = log.snapshot(kr, ["title", "target_value"])
    kr.title, kr.target_value = request.new_title, request.new_target
    if kr.last_checkin_date is None:
        kr.current_value = kr.start_value
    validated(kr)
    kr.version += 1
    kr.updated_at = timezone.now()
    kr.save(update_fields=["title", "target_value", "current_value", "version", "updated_at"])
    delta = log.diff(before, log.snapshot(kr, ["title", "target_value"]))
    log.record(kr, "key_result.change_approved", actor=actor,
               changes={**delta, "reason": [None, request.reason], "change_request": [None, request.pk]})
    emit_on_commit(key_result_changed, key_result=kr, actor=actor, change="updated", changes=delta)
