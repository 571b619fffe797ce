"""Writes to cycles: access check, date rules, one transaction, audit entry."""

import datetime

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from okrflow.actors import is_system
from okrflow.audit import log
from okrflow.cycles import phases
from okrflow.cycles.models import Cycle, CyclePhase
from okrflow.cycles.rules import check_cycle, check_sane_date
from okrflow.errors import DomainError, locked
from okrflow.org.access import can_manage_cycles, require, same_org
from okrflow.org.services import validated
from okrflow.writes import apply_update

CYCLE_FIELDS = ["code", "name", "kind", "start_date", "end_date", "parent_id"]


def _check_children_fit(cycle: Cycle) -> None:
    for child in cycle.children.all():
        if child.start_date < cycle.start_date or child.end_date > cycle.end_date:
            raise DomainError(
                "child_outside",
                _("Cycle {code} would no longer fit inside this cycle.").format(code=child.code),
                field="end_date",
            )


@transaction.atomic
def create_cycle(actor, organization, *, code, name, kind, start_date, end_date, parent=None):
    require(can_manage_cycles(actor) and (is_system(actor) or actor.organization_id == organization.pk))
    if parent is not None and parent.organization_id != organization.pk:
        raise DomainError("not_found", _("Parent cycle not found."), field="parent")
    check_cycle(kind=kind, start_date=start_date, end_date=end_date, parent=parent)
    cycle = Cycle(organization=organization, code=(code or "").strip(), name=(name or "").strip(),
                  kind=kind, start_date=start_date, end_date=end_date, parent=parent)
    validated(cycle).save()
    log.record(cycle, "cycle.create", actor=actor,
               changes={k: [None, v] for k, v in log.snapshot(cycle, CYCLE_FIELDS).items()})
    _ensure_phase_rows(cycle)  # the seven steps with their proposed dates (part of creating it)
    return cycle


def _validate_cycle(cycle: Cycle, _original=None) -> None:
    if cycle.parent is not None and cycle.parent.organization_id != cycle.organization_id:
        raise DomainError("not_found", _("Parent cycle not found."), field="parent")
    if cycle.parent_id == cycle.pk:
        raise DomainError("cycle_loop", _("A cycle cannot contain itself."), field="parent")
    check_cycle(kind=cycle.kind, start_date=cycle.start_date, end_date=cycle.end_date,
                parent=cycle.parent)
    _check_children_fit(cycle)
    validated(cycle)


@transaction.atomic
def update_cycle(actor, cycle: Cycle, **changes) -> Cycle:
    require(can_manage_cycles(actor) and same_org(actor, cycle))
    old = {}

    def validate(obj, original):
        old.update(start=original.start_date, end=original.end_date)
        _validate_cycle(obj)

    updated = apply_update(Cycle.objects, cycle.pk, changes, fields=CYCLE_FIELDS, action="cycle.update",
                           actor=actor, validate=validate)
    if old and (old["start"], old["end"]) != (updated.start_date, updated.end_date):
        _follow_new_dates(updated, old["start"], old["end"])
    return updated


def _follow_new_dates(cycle: Cycle, old_start, old_end) -> None:
    """The phases nobody moved follow the cycle's new dates; the ones planned by hand stay."""
    before = phases.proposed_dates(old_start, old_end)
    after = phases.proposed_dates(cycle.start_date, cycle.end_date)
    for phase, (first, last) in before.items():
        CyclePhase.objects.filter(cycle=cycle, phase=phase, start_date=first, end_date=last).update(
            start_date=after[phase][0], end_date=after[phase][1])


# ── the seven steps' dates and pilots (issue 9) ─────────────────────────────────────────────

PHASE_FIELDS = ["start_date", "end_date"]
# How far from its cycle a phase may be moved: set starts before the cycle, update and celebrate
# run after it; a quarter either side is room enough and catches a mistyped year.
PHASE_MARGIN = datetime.timedelta(days=92)


def _check_may_plan(actor, cycle) -> None:
    require(can_manage_cycles(actor) and same_org(actor, cycle))


def _ensure_phase_rows(cycle: Cycle) -> list[CyclePhase]:
    """The cycle's missing phase rows, created with their proposed dates (the caller checked
    access and holds the transaction)."""
    have = set(CyclePhase.objects.filter(cycle=cycle).values_list("phase", flat=True))
    missing = [CyclePhase(organization_id=cycle.organization_id, cycle=cycle, phase=phase,
                          start_date=first, end_date=last)
               for phase, (first, last) in phases.proposed_dates(cycle.start_date, cycle.end_date).items()
               if phase not in have]
    return CyclePhase.objects.bulk_create(missing) if missing else []


@transaction.atomic
def ensure_phases(actor, cycle: Cycle) -> list[CyclePhase]:
    """Create the seven phases a cycle lacks, with dates proposed from the cycle's
    (phases.proposed_dates); returns the ones created. Cycles made before issue 9 get theirs
    the first time someone plans them (pages read proposed dates until then: a GET writes nothing)."""
    _check_may_plan(actor, cycle)
    locked(Cycle.objects, pk=cycle.pk)  # two planners at once create the rows once
    created = _ensure_phase_rows(cycle)
    if created:
        log.record(cycle, "cycle.phases", actor=actor,
                   changes={row.phase: [None, f"{row.start_date} – {row.end_date}"] for row in created})
    return created


def _validate_phase(row: CyclePhase, _original=None) -> None:
    for field in ("start_date", "end_date"):
        if not isinstance(getattr(row, field), datetime.date):
            raise DomainError("date_required", _("Enter the phase's first and last day."), field=field)
        check_sane_date(getattr(row, field), field)
    if row.end_date < row.start_date:
        raise DomainError("ends_before_start", _("A phase cannot end before it starts."), field="end_date")
    cycle = row.cycle
    earliest, latest = cycle.start_date - PHASE_MARGIN, cycle.end_date + PHASE_MARGIN
    if row.start_date < earliest or row.end_date > latest:
        raise DomainError(
            "phase_far_from_cycle",
            _("A phase of this cycle must lie between {first} and {last} (up to three months "
              "before and after the cycle).").format(first=earliest, last=latest),
            field="start_date" if row.start_date < earliest else "end_date")


def update_phase(actor, phase: CyclePhase, start_date, end_date) -> CyclePhase:
    """Move one phase of a cycle (the admin or the OKR champion); audited on the phase."""
    _check_may_plan(actor, phase.cycle)
    return apply_update(CyclePhase.objects.select_related("cycle"), phase.pk,
                        {"start_date": start_date, "end_date": end_date}, fields=PHASE_FIELDS,
                        action="cycle.phase_update", actor=actor, validate=_validate_phase)


@transaction.atomic
def plan_phases(actor, cycle: Cycle, dates: dict) -> list[CyclePhase]:
    """Move several phases of `cycle` at once, {phase: (first day, last day)}, all or nothing;
    the cycle's phases are created first if it has none yet. A refusal names the phase's field
    as "<phase>-start_date" / "<phase>-end_date" (the web form's fields)."""
    _check_may_plan(actor, cycle)
    unknown = sorted(set(dates) - set(phases.PHASE_ORDER))
    if unknown:
        raise DomainError("unknown_phase", _("There is no phase “{name}”.").format(name=unknown[0]),
                          field="phase")
    ensure_phases(actor, cycle)
    rows = {row.phase: row for row in CyclePhase.objects.filter(cycle=cycle).select_related("cycle")}
    moved = []
    for phase in phases.PHASE_ORDER:
        if phase not in dates:
            continue
        try:
            moved.append(update_phase(actor, rows[phase], *dates[phase]))
        except DomainError as error:
            raise DomainError(error.code, error.message, field=f"{phase}-{error.field}") from error
    return moved


@transaction.atomic
def set_pilot_units(actor, cycle: Cycle, units) -> Cycle:
    """Run `cycle` as a pilot for `units` (and everyone below them); no units: the whole company.
    One audit entry with the unit codes before and after."""
    _check_may_plan(actor, cycle)
    given, cycle = cycle, locked(Cycle.objects, pk=cycle.pk)
    units = list(units)
    if any(unit.organization_id != cycle.organization_id for unit in units):
        raise DomainError("not_found", _("Unit not found."), field="pilot_units")
    if any(unit.parent_id is None for unit in units):
        raise DomainError("pilot_is_company",
                          _("A pilot runs in one or two departments, not the whole company: leave "
                            "the units empty to run the cycle for everyone."), field="pilot_units")
    before = sorted(cycle.pilot_units.values_list("code", flat=True))
    after = sorted({unit.code for unit in units})
    if before != after:
        cycle.pilot_units.set(units)
        log.record(cycle, "cycle.pilot", actor=actor, changes={"pilot_units": [before, after]})
    given.__dict__.pop("_pilot_paths", None)  # pilots.pilot_paths' cache of the old answer
    return cycle
