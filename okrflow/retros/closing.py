"""Closing a cycle (the end of 更新): per key result, what becomes of it — closed as achieved or
missed, carried over as is, or carried with a new target into the next cycle (WorkBoard's
copy-and-reset, Profit.co's reflect-and-reset) — then the cycle's agreed and published objectives
become closed (read-only, okrflow/cycles/phases.py), drafts and proposals stay as they are (they
never count). One audit entry for the cycle and one `cycle_closed` event after commit.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from okrflow.actors import person_of
from okrflow.audit import log
from okrflow.cycles import phases
from okrflow.cycles.models import Cycle
from okrflow.errors import DomainError, locked
from okrflow.events import cycle_closed, emit_on_commit
from okrflow.okrs import scoring
from okrflow.okrs.models import LIVE_STATUSES, KeyResult, Objective, policy_for
from okrflow.org.access import can_manage_cycles, require, same_org
from okrflow.retros.models import CARRY_OUTCOMES, ClosingDecision, Outcome
from okrflow.retros.wizard import Carry, continue_objective


@dataclass(frozen=True)
class Decision:
    """What becomes of one key result; `reason` (and for a new target `target_value`) when carried."""

    outcome: str
    reason: str = ""
    target_value: object = None


def default_outcome(kr, policy) -> str:
    """A key result nobody decided on closes as achieved when its score reaches the "good" band
    (the seeds: 60–70% is good), else as missed. Nothing is carried without an explicit choice."""
    score = scoring.kr_score(kr.start_value, kr.target_value, kr.current_value)
    return Outcome.ACHIEVED if score >= float(policy.good_from) else Outcome.MISSED


def _as_decision(value) -> Decision:
    if isinstance(value, Decision):
        decision = value
    elif isinstance(value, str):
        decision = Decision(value)
    else:
        decision = Decision(**value)
    if decision.outcome not in Outcome.values:
        raise DomainError("bad_outcome", _("Choose what becomes of each key result."), field="outcome")
    return decision


@transaction.atomic
def close_cycle(actor, cycle, decisions=None, *, next_cycle=None) -> Cycle:
    """Close `cycle`. `decisions`: {key result or its id: Decision | outcome | dict}; key results
    not named get `default_outcome`. Carrying needs `next_cycle` and a reason."""
    require(can_manage_cycles(actor) and same_org(actor, cycle))
    cycle = locked(Cycle.objects, pk=cycle.pk, organization=cycle.organization_id)
    if cycle.is_closed:
        raise DomainError("already_closed", _("This cycle was closed already."))
    live = Objective.objects.filter(cycle=cycle, status__in=LIVE_STATUSES)
    krs = {kr.pk: kr for kr in KeyResult.objects.filter(objective__in=live)
           .select_related("objective__cycle", "objective__owner_unit", "objective__owner_person")}
    chosen = {}
    for key, value in (decisions or {}).items():
        pk = getattr(key, "pk", key)
        if pk not in krs:
            raise DomainError("not_in_cycle", _("Decide only on key results of this cycle's agreed or "
                                                "published objectives."), field="decisions")
        chosen[pk] = _as_decision(value)
    policy = policy_for(cycle.organization)
    carried, rows, counts = {}, [], dict.fromkeys(Outcome.values, 0)
    for pk, kr in sorted(krs.items()):
        decision = chosen.get(pk) or Decision(default_outcome(kr, policy))
        into = None
        if decision.outcome in CARRY_OUTCOMES:
            if next_cycle is None:
                raise DomainError("next_cycle_required",
                                  _("Choose the cycle that carried key results go into."), field="next_cycle")
            if decision.outcome == Outcome.CARRIED_NEW_TARGET and decision.target_value in (None, ""):
                raise DomainError("target_required",
                                  _("Give “{title}” its new target.").format(title=kr.title),
                                  field="target_value")
            target = decision.target_value if decision.outcome == Outcome.CARRIED_NEW_TARGET else None
            draft = continue_objective(actor, kr.objective, next_cycle,
                                       carry={kr: Carry(decision.reason, target_value=target)})
            into = draft.key_results.get(carried_from=kr)
            carried[pk] = into.pk
        counts[decision.outcome] += 1
        rows.append(ClosingDecision(organization=cycle.organization, cycle=cycle, key_result=kr,
                                    outcome=decision.outcome, carried_into=into, decided_by=person_of(actor)))
    ClosingDecision.objects.bulk_create(rows)
    now = timezone.now()
    closed = live.update(status=phases.next_state(phases.PUBLISHED, phases.CLOSE),
                         version=F("version") + 1, updated_at=now)
    cycle.closed_at, cycle.closed_by = now, person_of(actor)
    cycle.save(update_fields=["closed_at", "closed_by"])
    log.record(cycle, "cycle.close", actor=actor, changes={
        "closed_at": [None, now], "objectives_closed": [None, closed],
        "outcomes": [None, {k: v for k, v in counts.items() if v}], "carried": [None, carried]})
    emit_on_commit(cycle_closed, cycle=cycle, actor=actor)
    return cycle
