"""Every write to objectives, key results and alignment links goes through here.

Each function checks access (AccessDenied), validates (DomainError, nothing stored), runs in one
transaction with the row locked, raises `version` on every change (StaleWrite when the caller's
`expected_version` is old) and writes an audit entry with the field diff. Web, API, importer
and CLI all call these. The console acts as okrflow.actors.SYSTEM.
"""

import copy
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from okrflow.actors import is_system, person_of
from okrflow.audit import log
from okrflow.cycles import phases
from okrflow.cycles.rules import check_sane_date
from okrflow.errors import AccessDenied, DomainError, locked, require_current
from okrflow.events import emit_on_commit, key_result_changed, objective_changed
from okrflow.okrs import rules, states
from okrflow.okrs.access import can_edit_objective
from okrflow.okrs.models import KeyResult, KeyResultKind, Objective, ObjectiveLink
from okrflow.org.services import validated
from okrflow.writes import apply_update, set_fields

OBJECTIVE_FIELDS = ["ref", "cycle_id", "owner_unit_id", "owner_person_id", "title", "description",
                    "category_id", "origin", "visibility", "status", "parent_objective_id",
                    "parent_key_result_id", "position"]
KR_FIELDS = ["ref", "title", "kind", "start_value", "target_value", "unit", "weight", "owner_id",
             "due_date", "position", "current_value"]
OBJECTIVE_CHANGEABLE = {"ref", "cycle", "owner_unit", "owner_person", "title", "description",
                        "category", "origin", "visibility", "status", "parent_objective",
                        "parent_key_result", "position"}
KR_CHANGEABLE = {"ref", "title", "kind", "start_value", "target_value", "unit", "weight", "owner",
                 "due_date", "position"}


def _remembering(apply, fields, before: dict):
    """`apply` for apply_update that first notes the locked row's audited fields in `before`,
    so the service can announce the same diff the audit entry holds."""
    def remember_then_apply(obj, changes):
        before.update(log.snapshot(obj, fields))
        apply(obj, changes)
    return remember_then_apply


def _announce(signal, name, obj, actor, change, changes) -> None:
    """objective_changed / key_result_changed after commit (okrflow/events.py); an update that
    changed nothing announces nothing."""
    if changes:
        emit_on_commit(signal, **{name: obj}, actor=actor, change=change, changes=changes)


def _require_edit(actor, objective) -> None:
    if not can_edit_objective(actor, objective):
        raise AccessDenied()


def _unknown(changes, allowed) -> None:
    unknown = set(changes) - allowed
    if unknown:
        raise TypeError("cannot change {}".format(", ".join(sorted(unknown))))


def _changed_fields(changed, original) -> set[str]:
    """The fields whose value really differs between the locked row and the row as it would be."""
    return {f.name for f in changed._meta.concrete_fields
            if getattr(changed, f.attname) != getattr(original, f.attname)}


def _check_gate(actor, changed, original) -> dict | None:
    """The one gate (okrflow/cycles/phases.py), first: what the objective's state locks; and a
    state changes only by its transitions (okrflow/okrs/states.py) — the console may set one
    directly (the importer's file is the record of what was agreed). Then what the change does
    to the state: a content change to a proposal or an agreement sends it back to draft on the
    row about to be saved (returns the consensus as it was, for the audit entry; else None)."""
    fields = _changed_fields(changed, original)
    phases.check_unlocked(original.status, fields)
    if "status" in fields and not is_system(actor):
        raise DomainError("bad_transition", _("An objective's state changes by submitting, accepting "
                                              "or sending it back, or with its cycle."), field="status")
    if "status" not in fields and _reopens(actor, original.status, fields):
        return states.reopen(changed)
    return None


def _reopens(actor, state, changed, *, key_result=False) -> bool:
    """The other half of the gate: a content change to a proposed or agreed objective (or to its
    key results) sends it back to draft (phases.state_after_change; okrs/states.py records it).
    The console keeps the state, as the importer does: what it writes is the organization's
    record of what was agreed (okrflow/interchange/writing.py)."""
    return (not is_system(actor)
            and phases.state_after_change(state, changed, key_result=key_result) != state)


def _lock_objective_first(kr) -> None:
    """Lock a key result's objective before the key result itself: the order every writer takes
    (create_key_result, the state changes). A change that may reopen the objective locked the key
    result first and then its objective, and deadlocked on PostgreSQL against a writer holding the
    objective (tests/security/test_racing_writes.py). A vanished objective answers NotFound."""
    locked(Objective.objects, pk=kr.objective_id)


def _reopen_for_key_result(actor, objective, changed) -> Objective:
    """The objective as it is after a change of `changed` to one of its key results."""
    if _reopens(actor, objective.status, changed, key_result=True):
        return states.reopen_after_change(actor, objective)
    return objective


def _clean_text(value):
    return value.strip() if isinstance(value, str) else value


def next_ref(model, organization, prefix: str) -> str:
    """A free reference like "O-12": one more than the objects the organization holds."""
    taken = model.objects.for_org(organization)
    number = taken.count() + 1
    while taken.filter(ref=f"{prefix}-{number}").exists():
        number += 1
    return f"{prefix}-{number}"


def _check_ref_free(obj) -> None:
    model = type(obj)
    if model.objects.for_org(obj.organization).filter(ref=obj.ref).exclude(pk=obj.pk).exists():
        message = (_("An objective with this reference already exists.") if model is Objective
                   else _("A key result with this reference already exists."))
        raise DomainError("ref_taken", message, field="ref")


def _validate_objective(objective: Objective) -> None:
    if objective.cycle_id is None:
        raise DomainError("cycle_required", _("Choose the cycle of this objective."), field="cycle")
    if objective.owner_unit_id is None and objective.owner_person_id is None:
        raise DomainError("owner_required", _("Choose who owns this objective."), field="owner")
    rules.check_same_org(objective, objective.cycle, "cycle")
    rules.check_same_org(objective, objective.owner_unit, "owner_unit")
    rules.check_same_org(objective, objective.owner_person, "owner_person")
    rules.check_same_org(objective, objective.category, "category")
    rules.check_objective_choices(objective)
    rules.check_parent(objective)
    _check_ref_free(objective)
    validated(objective)


@transaction.atomic
def create_objective(actor, organization, *, cycle, title, owner_unit=None, owner_person=None, ref=None,
                     description="", category=None, origin="top_down", visibility="public",
                     parent_objective=None, parent_key_result=None, status="agreed", position=0,
                     continued_from=None) -> Objective:
    """A new objective. Without an owner it belongs to the actor; company objectives are owned
    by the root unit. `continued_from`: the previous cycle's objective it continues (retros)."""
    if owner_unit is None and owner_person is None:
        owner_person = person_of(actor)
    objective = Objective(
        organization=organization, cycle=cycle, owner_unit=owner_unit, owner_person=owner_person,
        ref=_clean_text(ref) or next_ref(Objective, organization, "O"), title=_clean_text(title or ""),
        description=_clean_text(description or ""), category=category, origin=origin,
        visibility=visibility, status=status, parent_objective=parent_objective,
        parent_key_result=parent_key_result, position=position, continued_from=continued_from)
    if not is_system(actor) and actor.organization_id != organization.pk:
        raise AccessDenied()
    if not is_system(actor) and status in (phases.PUBLISHED, phases.CLOSED):
        raise DomainError("bad_transition", _("A new objective starts as a draft; it is published "
                                              "with its cycle."), field="status")
    if cycle is not None:  # agreed in a cycle already published: published, like the Set step's
        objective.status = phases.state_on_arrival(status, cycle_published=cycle.is_published,
                                                   cycle_closed=cycle.is_closed)
    _validate_objective(objective)
    _require_edit(actor, objective)
    objective.save()
    created = {k: [None, v] for k, v in log.snapshot(objective, OBJECTIVE_FIELDS).items()}
    log.record(objective, "objective.create", actor=actor, changes=created)
    _announce(objective_changed, "objective", objective, actor, "created", created)
    return objective


def _apply_objective_changes(objective: Objective, changes: dict) -> None:
    # One owner and one parent at a time: naming the new one replaces the old.
    if changes.get("owner_person") is not None and "owner_unit" not in changes:
        changes["owner_unit"] = None
    if changes.get("owner_unit") is not None and "owner_person" not in changes:
        changes["owner_person"] = None
    if changes.get("parent_objective") is not None and "parent_key_result" not in changes:
        changes["parent_key_result"] = None
    if changes.get("parent_key_result") is not None and "parent_objective" not in changes:
        changes["parent_objective"] = None
    set_fields(objective, changes)


@transaction.atomic
def update_objective(actor, objective: Objective, *, expected_version=None, **changes) -> Objective:
    _unknown(changes, OBJECTIVE_CHANGEABLE)
    _require_edit(actor, objective)

    reopened = {}

    def validate(changed, original):
        reopened["before"] = _check_gate(actor, changed, original)
        _validate_objective(changed)
        _require_edit(actor, changed)  # also over the objective as it would become (a new owner)

    before = {}
    objective = apply_update(Objective.objects, objective.pk, changes, fields=OBJECTIVE_FIELDS,
                             action="objective.update", actor=actor, expected_version=expected_version,
                             apply=_remembering(_apply_objective_changes, OBJECTIVE_FIELDS, before),
                             validate=validate)
    delta = log.diff(before, log.snapshot(objective, OBJECTIVE_FIELDS))
    _announce(objective_changed, "objective", objective, actor, "updated", delta)
    if reopened.get("before") is not None:
        states.record_reopened(actor, objective, reopened["before"])
    return objective


@transaction.atomic
def delete_objective(actor, objective: Objective, *, expected_version=None) -> None:
    """Deletes the objective with its key results and check-ins; aligned children lose their parent."""
    _require_edit(actor, objective)
    objective = locked(Objective.objects, pk=objective.pk)
    phases.check_deletable(objective.status)
    require_current(objective, expected_version)
    # Lock the key results too, so that a check-in racing this delete either lands first (and is
    # deleted with them) or finds its key result gone (NotFound), never a dangling row.
    list(KeyResult.objects.filter(objective=objective).select_for_update(of=("self",)).values_list("pk"))
    deleted = {k: [v, None] for k, v in log.snapshot(objective, OBJECTIVE_FIELDS).items()}
    log.record(objective, "objective.delete", actor=actor, changes=deleted)
    gone = copy.copy(objective)  # delete() clears the instance's pk; receivers get the row as it was
    objective.delete()
    _announce(objective_changed, "objective", gone, actor, "deleted", deleted)


def _normalise_kr(kr: KeyResult) -> None:
    """Numbers as Decimals; milestones run from 0 (not done) to 1 (done)."""
    rules.check_kind(kr.kind)
    if kr.kind == KeyResultKind.MILESTONE:
        kr.start_value, kr.target_value = Decimal(0), Decimal(1)
    for field in ("start_value", "target_value", "weight"):
        setattr(kr, field, rules.as_decimal(getattr(kr, field), field))
    kr.due_date = rules.as_date(kr.due_date, "due_date")
    check_sane_date(kr.due_date, "due_date")
    rules.check_weight(kr.weight)


def _validate_kr(kr: KeyResult) -> None:
    rules.check_same_org(kr, kr.owner, "owner")
    _check_ref_free(kr)
    validated(kr)


@transaction.atomic
def create_key_result(actor, objective: Objective, *, title, target_value, kind="number", start_value=0,
                      unit="", weight=1, owner=None, due_date=None, ref=None, position=0,
                      carried_from=None, carry_reason="") -> KeyResult:
    """`carried_from` / `carry_reason`: the previous cycle's key result carried over, and why (retros)."""
    _require_edit(actor, objective)
    objective = locked(Objective.objects, pk=objective.pk)  # a racing delete: NotFound
    check_can_add_key_result(objective.status)
    kr = KeyResult(organization=objective.organization, objective=objective,
                   title=_clean_text(title or ""), kind=kind, start_value=start_value,
                   target_value=target_value, unit=_clean_text(unit or ""), weight=weight,
                   owner=owner, due_date=due_date, position=position, carried_from=carried_from,
                   carry_reason=_clean_text(carry_reason or ""),
                   ref=_clean_text(ref) or next_ref(KeyResult, objective.organization, "KR"))
    _normalise_kr(kr)
    kr.current_value = kr.start_value
    _validate_kr(kr)
    kr.save()
    created = {k: [None, v] for k, v in log.snapshot(kr, KR_FIELDS).items()}
    log.record(kr, "key_result.create", actor=actor, changes=created)
    _announce(key_result_changed, "key_result", kr, actor, "created", created)
    kr.objective = _reopen_for_key_result(actor, objective, {"objective"})
    return kr


def check_can_add_key_result(status: str) -> None:
    """A published (or closed) objective's key results are fixed: none is added (the importer
    asks the same)."""
    if status in (phases.PUBLISHED, phases.CLOSED):
        raise DomainError("locked", _("This objective is published: no key result can be added "
                                      "until the cycle closes."))


def _validate_kr_change(changed, original) -> None:
    """The gate first (what the objective's state locks), then the key result's own rules."""
    phases.check_unlocked(changed.objective.status, _changed_fields(changed, original), key_result=True)
    _validate_kr(changed)


def _apply_kr_changes(kr: KeyResult, changes: dict) -> None:
    set_fields(kr, changes)
    _normalise_kr(kr)
    if kr.last_checkin_date is None:  # no reading yet: the current value is the start
        kr.current_value = kr.start_value


@transaction.atomic
def update_key_result(actor, kr: KeyResult, *, expected_version=None, **changes) -> KeyResult:
    _unknown(changes, KR_CHANGEABLE)
    _require_edit(actor, kr.objective)
    _lock_objective_first(kr)
    before = {}
    kr = apply_update(KeyResult.objects.select_related("objective"), kr.pk, changes, fields=KR_FIELDS,
                      action="key_result.update", actor=actor, expected_version=expected_version,
                      apply=_remembering(_apply_kr_changes, KR_FIELDS, before),
                      validate=_validate_kr_change)
    delta = log.diff(before, log.snapshot(kr, KR_FIELDS))
    _announce(key_result_changed, "key_result", kr, actor, "updated", delta)
    kr.objective = _reopen_for_key_result(actor, kr.objective, set(delta))
    return kr


@transaction.atomic
def delete_key_result(actor, kr: KeyResult, *, expected_version=None) -> None:
    _require_edit(actor, kr.objective)
    _lock_objective_first(kr)
    kr = locked(KeyResult.objects.select_related("objective"), pk=kr.pk)
    phases.check_deletable(kr.objective.status, key_result=True)
    require_current(kr, expected_version)
    deleted = {k: [v, None] for k, v in log.snapshot(kr, KR_FIELDS).items()}
    log.record(kr, "key_result.delete", actor=actor, changes=deleted)
    gone = copy.copy(kr)  # delete() clears the instance's pk; receivers get the row as it was
    kr.delete()
    _announce(key_result_changed, "key_result", gone, actor, "deleted", deleted)
    _reopen_for_key_result(actor, gone.objective, {"objective"})


def _link_target(objective, to_objective, to_key_result):
    if (to_objective is None) == (to_key_result is None):
        raise DomainError("link_target", _("A link points to one objective or one key result."))
    target = to_objective or to_key_result
    rules.check_same_org(objective, target, "to_objective" if to_objective else "to_key_result")
    target_objective_id = to_objective.pk if to_objective else to_key_result.objective_id
    if target_objective_id == objective.pk:
        raise DomainError("link_to_self", _("An objective cannot contribute to itself."))
    return {"to_objective": to_objective, "to_key_result": to_key_result}


@transaction.atomic
def add_link(actor, objective: Objective, *, to_objective=None, to_key_result=None) -> ObjectiveLink:
    """A horizontal "contributes to" link (shown in the tree, never counted in scores)."""
    _require_edit(actor, objective)
    objective = locked(Objective.objects, pk=objective.pk)
    target = _link_target(objective, to_objective, to_key_result)
    if ObjectiveLink.objects.filter(objective=objective, **target).exists():
        raise DomainError("link_exists", _("This link exists already."))
    link = ObjectiveLink.objects.create(organization=objective.organization, objective=objective, **target)
    _bump(objective)
    log.record(objective, "objective.link", actor=actor,
               changes={"to_objective_id": [None, link.to_objective_id],
                        "to_key_result_id": [None, link.to_key_result_id]})
    return link


@transaction.atomic
def remove_link(actor, objective: Objective, *, to_objective=None, to_key_result=None) -> None:
    _require_edit(actor, objective)
    objective = locked(Objective.objects, pk=objective.pk)
    target = _link_target(objective, to_objective, to_key_result)
    deleted, _counts = ObjectiveLink.objects.filter(objective=objective, **target).delete()
    if deleted:
        _bump(objective)
        log.record(objective, "objective.unlink", actor=actor,
                   changes={"to_objective_id": [getattr(to_objective, "pk", None), None],
                            "to_key_result_id": [getattr(to_key_result, "pk", None), None]})


def _bump(objective: Objective) -> None:
    objective.version += 1
    objective.updated_at = timezone.now()
    objective.save(update_fields=["version", "updated_at"])
