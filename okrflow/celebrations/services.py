"""Every write to celebrations, reward tiers and kudos goes through here.

Each function checks access, validates (nothing is stored on bad input), runs in one transaction
and writes the audit entry. Kudos send `kudos_given` after commit; notifications tells the
recipient (okrflow/notifications/receivers_celebrate.py).
"""

import datetime

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from okrflow.actors import is_system, person_of
from okrflow.audit import log
from okrflow.celebrations.access import may_celebrate, may_change_celebration
from okrflow.celebrations.models import Celebration, CelebrationLevel, Kudos, RewardTier
from okrflow.celebrations.tiers import saved_tiers
from okrflow.cycles.rules import check_sane_date
from okrflow.errors import AccessDenied, DomainError, NotFound, locked
from okrflow.events import emit_on_commit, kudos_given
from okrflow.okrs.access import visible_key_results, visible_objectives
from okrflow.okrs.models import COUNTED_STATUSES, KeyResult, Objective
from okrflow.okrs.scoring import GRADES
from okrflow.org.access import can_manage_cycles, require
from okrflow.writes import checked_text

TITLE_LIMIT, NOTES_LIMIT, MESSAGE_LIMIT = 200, 4000, 500


def _same_org(actor, organization_id) -> None:
    if not is_system(actor) and actor.organization_id != organization_id:
        raise NotFound()


# --- reward tiers ---------------------------------------------------------------------------

@transaction.atomic
def save_reward_tiers(actor, organization, tiers: dict) -> list[RewardTier]:
    """Set the organization's tiers: {grade: (name, description)} for some or all grades; a grade
    with an empty name has no tier of its own (it earns the next lower grade's). Admins and the
    OKR champion only."""
    require(can_manage_cycles(actor))
    _same_org(actor, organization.pk)
    unknown = set(tiers) - set(GRADES)
    if unknown:
        raise DomainError("bad_grade", _("Unknown grade."), field="min_grade")
    existing = {t.min_grade: t for t in RewardTier.objects.for_org(organization).select_for_update()}
    changes = {}
    for grade in GRADES:
        if grade not in tiers:
            continue
        name, description = tiers[grade]
        name = checked_text(name, field=f"{grade}-name", limit=120)
        description = checked_text(description, field=f"{grade}-description", limit=1000)
        tier = existing.get(grade)
        if not name:
            if tier is not None:
                tier.delete()
                changes[grade] = [tier.name, None]
            continue
        if tier is None:
            RewardTier.objects.create(organization=organization, min_grade=grade, name=name,
                                      description=description)
            changes[grade] = [None, name]
        elif (tier.name, tier.description) != (name, description):
            changes[grade] = [tier.name, name]
            tier.name, tier.description = name, description
            tier.save(update_fields=["name", "description"])
    if changes:
        log.record(organization, "reward_tiers.update", actor=actor, changes=changes,
                   organization=organization)
    return saved_tiers(organization)


# --- celebrations ---------------------------------------------------------------------------

def _celebrated(actor, cycle, objectives, key_results):
    """The objectives and key results to celebrate: the actor may see them, they belong to the
    cycle and count (drafts and proposals are not achievements yet)."""
    objective_ids = {getattr(o, "pk", o) for o in objectives}
    kr_ids = {getattr(k, "pk", k) for k in key_results}
    if is_system(actor):
        seen_objectives = Objective.objects.for_org(cycle.organization_id)
        seen_krs = KeyResult.objects.for_org(cycle.organization_id)
    else:
        seen_objectives, seen_krs = visible_objectives(actor), visible_key_results(actor)
    found = list(seen_objectives.filter(pk__in=objective_ids))
    found_krs = list(seen_krs.filter(pk__in=kr_ids).select_related("objective"))
    if len(found) != len(objective_ids) or len(found_krs) != len(kr_ids):
        raise DomainError("not_found", _("One of the OKRs to celebrate was not found."), field="objectives")
    if any(o.cycle_id != cycle.pk for o in found) or any(k.objective.cycle_id != cycle.pk for k in found_krs):
        raise DomainError("other_cycle", _("Celebrate OKRs of this cycle only."), field="objectives")
    if any(o.status not in COUNTED_STATUSES for o in found + [k.objective for k in found_krs]):
        raise DomainError("not_agreed", _("Drafts and proposals are not achievements yet: "
                                          "celebrate agreed OKRs."), field="objectives")
    return found, found_krs


def _tier(actor, organization_id, tier, reason):
    if tier is None:
        return None, ""
    found = RewardTier.objects.for_org(organization_id).filter(pk=getattr(tier, "pk", tier)).first()
    if found is None:
        raise DomainError("not_found", _("Reward tier not found."), field="tier_override")
    reason = checked_text(reason, field="override_reason", limit=1000)
    if not reason:
        raise DomainError("reason_required", _("Say why this celebration gets another reward tier."),
                          field="override_reason")
    return found, reason


@transaction.atomic
def create_celebration(actor, cycle, *, level, title, date, unit=None, objectives=(), key_results=(),
                       notes="", tier_override=None, override_reason="") -> Celebration:
    """A team, department or management celebration of the cycle's OKRs."""
    _same_org(actor, cycle.organization_id)
    if level not in CelebrationLevel.values:
        raise DomainError("bad_level", _("Choose team, department or management."), field="level")
    if level == CelebrationLevel.MANAGEMENT:
        unit = None
    elif unit is None:
        raise DomainError("required", _("Choose the unit that celebrates."), field="unit")
    if unit is not None and unit.organization_id != cycle.organization_id:
        raise DomainError("not_found", _("Unit not found."), field="unit")
    if not may_celebrate(actor, level, unit):
        raise AccessDenied()
    if not isinstance(date, datetime.date):
        raise DomainError("required", _("Enter a date."), field="date")
    check_sane_date(date, field="date")
    found, found_krs = _celebrated(actor, cycle, objectives, key_results)
    tier, reason = _tier(actor, cycle.organization_id, tier_override, override_reason)
    celebration = Celebration.objects.create(
        organization_id=cycle.organization_id, cycle=cycle, level=level, unit=unit,
        title=checked_text(title, field="title", limit=TITLE_LIMIT, required=True), date=date,
        notes=checked_text(notes, field="notes", limit=NOTES_LIMIT), tier_override=tier,
        override_reason=reason,
        created_by=person_of(actor))
    celebration.objectives.set(found)
    celebration.key_results.set(found_krs)
    log.record(celebration, "celebration.create", actor=actor, changes={
        "title": [None, celebration.title], "level": [None, level],
        "unit_id": [None, getattr(unit, "pk", None)],
        "date": [None, date], "objectives": [None, sorted(o.pk for o in found)],
        "key_results": [None, sorted(k.pk for k in found_krs)],
        "tier_override_id": [None, getattr(tier, "pk", None)], "override_reason": [None, reason]})
    return celebration


@transaction.atomic
def override_tier(actor, celebration, *, tier, reason="") -> Celebration:
    """Give the celebration another tier than its OKRs earn (with a reason), or, with no tier,
    go back to the computed one."""
    _same_org(actor, celebration.organization_id)
    celebration = locked(Celebration.objects.select_related("unit"), pk=celebration.pk)
    require(may_change_celebration(actor, celebration))
    found, reason = _tier(actor, celebration.organization_id, tier, reason)
    before = [celebration.tier_override_id, celebration.override_reason]
    celebration.tier_override, celebration.override_reason = found, reason
    if before != [celebration.tier_override_id, reason]:
        celebration.save(update_fields=["tier_override", "override_reason"])
        log.record(celebration, "celebration.override", actor=actor, changes={
            "tier_override_id": [before[0], celebration.tier_override_id],
            "override_reason": [before[1], reason]})
    return celebration


@transaction.atomic
def delete_celebration(actor, celebration) -> None:
    _same_org(actor, celebration.organization_id)
    celebration = locked(Celebration.objects.select_related("unit"), pk=celebration.pk)
    require(may_change_celebration(actor, celebration))
    log.record(celebration, "celebration.delete", actor=actor)
    celebration.delete()


# --- kudos ----------------------------------------------------------------------------------

@transaction.atomic
def give_kudos(actor, recipient, *, objective=None, key_result=None, message) -> Kudos:
    """Thanks from the actor to `recipient` for an objective or key result the actor may see.
    Not to oneself; someone of another organization is not found."""
    if is_system(actor):
        raise AccessDenied()
    if recipient is None or recipient.organization_id != actor.organization_id:
        raise NotFound()
    if recipient.pk == actor.pk:
        raise DomainError("self_kudos", _("Kudos go to someone else, not to yourself."), field="recipient")
    if not recipient.is_active:
        raise DomainError("inactive", _("This person is deactivated."), field="recipient")
    if key_result is not None:
        key_result = visible_key_results(actor).filter(pk=key_result.pk).select_related("objective").first()
        if key_result is None:
            raise NotFound()
        objective = key_result.objective
    elif objective is not None:
        objective = visible_objectives(actor).filter(pk=objective.pk).first()
    if objective is None:
        raise NotFound()
    kudos = Kudos.objects.create(
        organization_id=actor.organization_id, giver=actor, recipient=recipient, objective=objective,
        key_result=key_result,
        message=checked_text(message, field="message", limit=MESSAGE_LIMIT, required=True))
    log.record(kudos, "kudos.give", actor=actor, changes={
        "recipient_id": [None, recipient.pk], "objective_id": [None, objective.pk],
        "key_result_id": [None, getattr(key_result, "pk", None)], "message": [None, kudos.message]})
    emit_on_commit(kudos_given, kudos=kudos, actor=actor)
    return kudos
