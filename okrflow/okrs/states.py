"""The Set step (制定): an objective's way from draft to agreed, by consensus (issue 9).

    propose   the owner (or whoever may edit it) submits the draft to the manager
    accept    each side accepts: the owner side (the owning person; for a unit's objective the
              unit's head) and the manager side (the owner's manager, the parent unit's head, an
              admin or the OKR champion). Submitting counts as the submitter's side accepting.
    confirm   a department's objective (a unit right below the company) also needs the company
              head's confirmation (the head of the root unit; an admin when it has none). The
              company head accepting as the department's manager confirms at the same time.
    send_back the manager side (or, for a department, the company head) returns a proposed or
              agreed objective to draft with a required reason; every acceptance is cleared.

The objective becomes agreed when the last acceptance arrives. In a cycle that is already
published an objective agreed later is published at once (two transitions, two events): the
cycle's objectives are published together only when the cycle is (okrflow/publishing). A
company objective has no manager above it: its owner side (the company head) is enough.

Every transition goes through okrflow.cycles.phases.next_state on the locked row, raises the
version, writes one audit entry (the reason of a send-back is kept in it: the objective page shows
it; comments live above this app) and sends its event after commit (okrflow/events.py).
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from okrflow.actors import is_system
from okrflow.audit import log
from okrflow.cycles import phases
from okrflow.errors import AccessDenied, DomainError, locked, require_current
from okrflow.events import (
    emit_on_commit,
    objective_agreed,
    objective_proposed,
    objective_published,
    objective_sent_back,
)
from okrflow.okrs.access import OWNER_RELATIONS, can_edit_objective
from okrflow.okrs.models import Objective
from okrflow.org.access import company_head_id
from okrflow.org.reader import reader_of

CONSENSUS_FIELDS = ["status", "owner_agreed_at", "manager_agreed_by_id", "manager_agreed_at",
                    "confirmed_by_id", "confirmed_at"]
# The audit actions of the Set step, in the order a history shows them.
CONSENSUS_ACTIONS = ("objective.propose", "objective.accept", "objective.confirm",
                     "objective.send_back", "objective.agree", "objective.publish")
MAX_COMMENT = 2000


# ---- who is on which side (the owner rows must be loaded: OWNER_RELATIONS) --------------------

def is_department(objective) -> bool:
    """Owned by a unit right below the company (its confirmation is the company head's)."""
    unit = objective.owner_unit
    return unit is not None and unit.parent_id is not None and unit.parent.parent_id is None


def is_owner_side(actor, objective) -> bool:
    if is_system(actor) or actor.organization_id != objective.organization_id:
        return False
    if objective.owner_person_id:
        return objective.owner_person_id == actor.pk
    if objective.owner_unit.parent_id is None and objective.owner_unit.head_id is None:
        return actor.runs_okr_process  # a company without a head: an admin speaks for it
    return objective.owner_unit.head_id == actor.pk


def is_manager_side(actor, objective) -> bool:
    """The owner's manager, the parent unit's head (or anyone above), an admin or the champion;
    never the owner themselves."""
    if is_system(actor):
        return True
    if actor.organization_id != objective.organization_id or is_owner_side(actor, objective):
        return False
    reader = reader_of(actor)
    if reader.everything:
        return True
    if objective.owner_person_id:
        return reader.manages_person(objective.owner_person)
    parent = objective.owner_unit.parent
    return parent is not None and (parent.head_id == actor.pk or reader.manages_unit(parent))


def may_confirm(actor, objective) -> bool:
    if is_system(actor):
        return True
    if actor.organization_id != objective.organization_id:
        return False
    head_id = company_head_id(objective.organization)
    return actor.pk == head_id if head_id else actor.runs_okr_process


def may_send_back(actor, objective) -> bool:
    return is_manager_side(actor, objective) or (is_department(objective) and may_confirm(actor, objective))


def needs_manager(objective) -> bool:
    return not (objective.owner_unit_id and objective.owner_unit.parent_id is None)


def consensus_reached(objective) -> bool:
    return (objective.owner_agreed_at is not None
            and (objective.manager_agreed_at is not None or not needs_manager(objective))
            and (objective.confirmed_at is not None or not is_department(objective)))


def available_actions(actor, objective) -> list[str]:
    """The Set step's actions `actor` may take on `objective` now (the page's buttons)."""
    actions = []
    if objective.status == phases.DRAFT and can_edit_objective(actor, objective):
        actions.append("propose")
    if objective.status == phases.PROPOSED and _acceptance(actor, objective):
        actions.append("accept")
    if (objective.status == phases.PROPOSED and is_department(objective)
            and objective.confirmed_at is None and may_confirm(actor, objective)):
        actions.append("confirm")
    if objective.status in (phases.PROPOSED, phases.AGREED) and may_send_back(actor, objective):
        actions.append("send_back")
    return actions


def _acceptance(actor, objective) -> dict:
    """The stamps `actor` would add by accepting (empty: nothing left for them to accept)."""
    now = timezone.now()
    if is_owner_side(actor, objective):
        return {"owner_agreed_at": now} if objective.owner_agreed_at is None else {}
    stamps = {}
    if is_manager_side(actor, objective) and objective.manager_agreed_at is None and needs_manager(objective):
        stamps.update(manager_agreed_by=None if is_system(actor) else actor, manager_agreed_at=now)
    head_id = company_head_id(objective.organization)
    if (stamps and is_department(objective) and objective.confirmed_at is None
            and not is_system(actor) and head_id == actor.pk):
        stamps.update(confirmed_by=actor, confirmed_at=now)
    return stamps


def _comment(comment, *, required: bool) -> str:
    comment = (comment or "").strip() if isinstance(comment, str) or comment is None else None
    if comment is None:
        raise DomainError("invalid", _("The comment must be text."), field="comment")
    if required and not comment:
        raise DomainError("comment_required", _("Say why you send it back: the owner will read it."),
                          field="comment")
    if len(comment) > MAX_COMMENT:
        raise DomainError("too_long", _("Keep the comment under {n} characters.").format(n=MAX_COMMENT),
                          field="comment")
    return comment


# ---- the one sequence of a transition ----------------------------------------------------------

def _locked(objective, expected_version):
    row = locked(Objective.objects.select_related(*OWNER_RELATIONS, "owner_unit__parent", "cycle",
                                                  "organization"), pk=objective.pk)
    require_current(row, expected_version)
    return row


def _save(actor, objective, action, before, *, comment="", events=()):
    _write(objective)
    _record(actor, objective, action, before, comment=comment, events=events)


def _write(objective):
    objective.version += 1
    objective.updated_at = timezone.now()
    columns = [field.removesuffix("_id") for field in CONSENSUS_FIELDS]
    objective.save(update_fields=[*columns, "version", "updated_at"])


def _record(actor, objective, action, before, *, comment="", events=()):
    changes = log.diff(before, log.snapshot(objective, CONSENSUS_FIELDS))
    if comment:
        changes["comment"] = [None, comment]
    log.record(objective, action, actor=actor, changes=changes)
    for signal, extra in events:
        emit_on_commit(signal, objective=objective, actor=actor, **extra)


def _settle(actor, objective, events: list) -> None:
    """proposed → agreed once every acceptance is in; → published too in a published cycle."""
    if objective.status != phases.PROPOSED or not consensus_reached(objective):
        return
    objective.status = phases.next_state(objective.status, phases.AGREE)
    events.append((objective_agreed, {}))
    arrived = phases.state_on_arrival(objective.status, cycle_published=objective.cycle.is_published,
                                      cycle_closed=objective.cycle.is_closed)
    if arrived != objective.status:
        objective.status = arrived
        events.append((objective_published, {}))


@transaction.atomic
def propose(actor, objective, *, comment="", expected_version=None) -> Objective:
    """draft → proposed: submitted to the other side (the submitter's side has accepted)."""
    objective = _locked(objective, expected_version)
    if not can_edit_objective(actor, objective):
        raise AccessDenied()
    comment = _comment(comment, required=False)
    before = log.snapshot(objective, CONSENSUS_FIELDS)
    objective.status = phases.next_state(objective.status, phases.PROPOSE)
    for field, value in _acceptance(actor, objective).items():
        setattr(objective, field, value)
    events = [(objective_proposed, {"comment": comment})]
    _settle(actor, objective, events)
    _save(actor, objective, "objective.propose", before, comment=comment, events=events)
    return objective


@transaction.atomic
def accept(actor, objective, *, expected_version=None) -> Objective:
    """One side's acceptance of a proposal; agreed when it is the last one needed."""
    objective = _locked(objective, expected_version)
    if not (is_owner_side(actor, objective) or is_manager_side(actor, objective)):
        raise AccessDenied()
    phases.next_state(objective.status, phases.AGREE)  # only a proposal can be accepted
    stamps = _acceptance(actor, objective)
    if not stamps:
        raise DomainError("already_accepted", _("You have already accepted this objective; "
                                                "it waits for the other side."))
    before = log.snapshot(objective, CONSENSUS_FIELDS)
    for field, value in stamps.items():
        setattr(objective, field, value)
    events = []
    _settle(actor, objective, events)
    _save(actor, objective, "objective.accept", before, events=events)
    return objective


@transaction.atomic
def confirm(actor, objective, *, expected_version=None) -> Objective:
    """The company head confirms a department's proposed objective."""
    objective = _locked(objective, expected_version)
    if not may_confirm(actor, objective):
        raise AccessDenied()
    phases.next_state(objective.status, phases.AGREE)  # only a proposal can be confirmed
    if not is_department(objective):
        raise DomainError("no_confirmation", _("Only a department's objectives are confirmed by the "
                                               "company head."))
    if objective.confirmed_at is not None:
        raise DomainError("already_accepted", _("This objective is confirmed already."))
    before = log.snapshot(objective, CONSENSUS_FIELDS)
    objective.confirmed_by = None if is_system(actor) else actor
    objective.confirmed_at = timezone.now()
    events = []
    _settle(actor, objective, events)
    _save(actor, objective, "objective.confirm", before, events=events)
    return objective


@transaction.atomic
def send_back(actor, objective, *, comment, expected_version=None) -> Objective:
    """proposed or agreed → draft, with the reason; every acceptance is cleared."""
    objective = _locked(objective, expected_version)
    if not may_send_back(actor, objective):
        raise AccessDenied()
    comment = _comment(comment, required=True)
    before = log.snapshot(objective, CONSENSUS_FIELDS)
    objective.status = phases.next_state(objective.status, phases.SEND_BACK)
    _clear_acceptances(objective)
    _save(actor, objective, "objective.send_back", before, comment=comment,
          events=[(objective_sent_back, {"comment": comment})])
    return objective


def _clear_acceptances(objective) -> None:
    objective.owner_agreed_at = objective.manager_agreed_at = objective.confirmed_at = None
    objective.manager_agreed_by = objective.confirmed_by = None


# A content change to a proposed or agreed objective (or to its key results) sends it back to
# draft: what was agreed is no longer what it says (phases.state_after_change decides;
# okrflow/okrs/services.py applies it in the change's own transaction). Audited and announced as
# a send-back, with this reason.

def reopen(objective) -> dict | None:
    """On the locked row in memory: back to draft, every acceptance cleared. Returns the
    consensus fields as they were (for `record_reopened`), or None when its state stays."""
    if objective.status not in (phases.PROPOSED, phases.AGREED):
        return None
    before = log.snapshot(objective, CONSENSUS_FIELDS)
    objective.status = phases.next_state(objective.status, phases.SEND_BACK)
    _clear_acceptances(objective)
    return before


def record_reopened(actor, objective, before) -> None:
    """The audit entry and the event of a `reopen` once the row is saved."""
    comment = gettext("Changed after it was submitted or agreed: it needs to be agreed again.")
    _record(actor, objective, "objective.send_back", before, comment=comment,
            events=[(objective_sent_back, {"comment": comment})])


def reopen_after_change(actor, objective) -> Objective:
    """`reopen` for a change to another row (a key result added, changed or removed)."""
    objective = _locked(objective, None)
    before = reopen(objective)
    if before is not None:
        _write(objective)
        record_reopened(actor, objective, before)
    return objective


def consensus_among(objective, entries):
    """consensus_history out of entries already read: `entries` must be ALL of the objective's
    audit entries except check-ins (other objects' mixed in are skipped), newest first, the
    audit log's order."""
    label = objective._meta.label_lower
    return [entry for entry in reversed(entries)
            if entry.object_type == label and entry.object_id == str(objective.pk)
            and entry.action in CONSENSUS_ACTIONS]


def consensus_history(objective):
    """The Set step's audit entries of an objective, oldest first (who accepted when; the reasons
    it was sent back, in `changes["comment"][1]`)."""
    return (log.history(objective).filter(action__in=CONSENSUS_ACTIONS)
            .select_related("actor").order_by("at", "id"))
