"""Update (更新): rolling a cycle's objectives into the next one, in the seeds' order — company
first, then departments, then people, each seeing the level above already drafted.

Continue an objective: a DRAFT copy in the next cycle linked by `continued_from` (no check-ins
copied; its key results only those chosen, afresh from their old start). Carry an unfinished key
result: only by an explicit choice with a reason (`carried_from`, `carry_reason`), starting from its
last value (start = the old current value, target kept or new), or keeping the old start with a new
target. Every write goes through okrflow/okrs/services.py, so its access rules and audit apply.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from okrflow.cycles.models import Cycle
from okrflow.errors import DomainError
from okrflow.okrs import rules, scoring
from okrflow.okrs.models import COUNTED_STATUSES, KeyResult, Objective, ObjectiveStatus
from okrflow.okrs.services import create_key_result, create_objective
from okrflow.retros.services import check_later_cycle

COMPANY, DEPARTMENTS, PEOPLE = "company", "departments", "people"
LEVELS = (COMPANY, DEPARTMENTS, PEOPLE)
LEVEL_LABELS = {COMPANY: _("Company"), DEPARTMENTS: _("Departments"), PEOPLE: _("People")}
# The level whose drafts a level reads first.
ABOVE = {DEPARTMENTS: COMPANY, PEOPLE: DEPARTMENTS}


def level_q(level: str, prefix: str = "") -> Q:
    if level == COMPANY:
        return Q(**{f"{prefix}owner_unit__parent__isnull": True, f"{prefix}owner_unit__isnull": False})
    if level == DEPARTMENTS:
        return Q(**{f"{prefix}owner_unit__parent__isnull": False})
    return Q(**{f"{prefix}owner_person__isnull": False})


def level_of(objective) -> str:
    if objective.owner_person_id is not None:
        return PEOPLE
    return COMPANY if objective.owner_unit.parent_id is None else DEPARTMENTS


def next_cycle_of(cycle):
    """The cycle of the same kind that starts first after `cycle` ends (None: not set up yet)."""
    return (Cycle.objects.for_org(cycle.organization)
            .filter(kind=cycle.kind, start_date__gt=cycle.end_date).order_by("start_date", "id").first())


@dataclass(frozen=True)
class Carry:
    """The explicit choice to carry a key result: why, and with which target.

    `keep_start`: keep the old start and take `target_value` (required); otherwise start from the
    last value towards `target_value` (default: the old target)."""

    reason: str
    target_value: object = None
    keep_start: bool = False


def is_unfinished(kr) -> bool:
    return scoring.kr_score(kr.start_value, kr.target_value, kr.current_value) < 1.0


def _check_carry(kr, carry: Carry) -> Decimal | None:
    if not (carry.reason or "").strip():
        raise DomainError("carry_reason_required",
                          _("Say why “{title}” is carried over: carry an unfinished key result only "
                            "when it is really needed.").format(title=kr.title), field="carry_reason")
    if not is_unfinished(kr):
        raise DomainError("finished", _("“{title}” reached its target: there is nothing to carry over.")
                          .format(title=kr.title), field="carry")
    target = (rules.as_decimal(carry.target_value, "target_value")
              if carry.target_value not in (None, "") else None)
    if carry.keep_start and target is None:
        raise DomainError("target_required", _("Give “{title}” its new target.").format(title=kr.title),
                          field="target_value")
    return target


def carry_key_result(actor, kr, into: Objective, carry: Carry) -> KeyResult:
    """A copy of `kr` under `into` (an objective of a later cycle), linked by carried_from."""
    target = _check_carry(kr, carry)
    check_later_cycle(kr.objective.cycle, into.cycle)
    start = kr.start_value if carry.keep_start else kr.current_value
    return create_key_result(
        actor, into, title=kr.title, kind=kr.kind, start_value=start,
        target_value=kr.target_value if target is None else target, unit=kr.unit, weight=kr.weight,
        owner=kr.owner, position=kr.position, carried_from=kr, carry_reason=carry.reason)


def _copy_key_result(actor, kr, into) -> KeyResult:
    return create_key_result(actor, into, title=kr.title, kind=kr.kind, start_value=kr.start_value,
                             target_value=kr.target_value, unit=kr.unit, weight=kr.weight, owner=kr.owner,
                             position=kr.position)


def _refuse_second_copies(draft, krs) -> None:
    """The wizard submitted twice copies nothing twice: a key result already in the draft (carried
    from it, or a copy under the same title) is refused, naming it."""
    if not krs:
        return
    there = draft.key_results.filter(Q(carried_from__in=krs) | Q(title__in=[kr.title for kr in krs]))
    carried, titles = set(), set()
    for carried_from_id, title in there.values_list("carried_from_id", "title"):
        carried.add(carried_from_id)
        titles.add(title)
    again = next((kr for kr in krs if kr.pk in carried or kr.title in titles), None)
    if again is not None:
        raise DomainError("already_copied", _("“{title}” is in the next cycle's draft already: it is not "
                                              "copied twice.").format(title=again.title), field="key_results")


def continuation(objective, next_cycle):
    return Objective.objects.filter(continued_from=objective, cycle=next_cycle).order_by("id").first()


def _parent_in(objective, next_cycle):
    """The level above already drafted: the next cycle's continuation of the old parent."""
    if objective.parent_objective_id is None:
        return None
    return continuation(objective.parent_objective, next_cycle)


@transaction.atomic
def continue_objective(actor, objective, next_cycle, *, copy=(), carry=None) -> Objective:
    """`objective` continued as a draft in `next_cycle` (once: a second call adds to the same
    draft). `copy`: key results copied afresh; `carry`: {key result: Carry}. Both must be key
    results of `objective`."""
    check_later_cycle(objective.cycle, next_cycle)
    carry = dict(carry or {})
    own = {kr.pk for kr in objective.key_results.all()}
    chosen = [kr.pk for kr in (*copy, *carry)]
    if any(pk not in own for pk in chosen) or len(set(chosen)) != len(chosen):
        raise DomainError("bad_key_result", _("Choose key results of this objective, each once."),
                          field="key_results")
    draft = continuation(objective, next_cycle)
    if draft is None:
        draft = create_objective(
            actor, objective.organization, cycle=next_cycle, title=objective.title,
            owner_unit=objective.owner_unit, owner_person=objective.owner_person,
            description=objective.description, category=objective.category, origin=objective.origin,
            visibility=objective.visibility, parent_objective=_parent_in(objective, next_cycle),
            status=ObjectiveStatus.DRAFT, position=objective.position, continued_from=objective)
    _refuse_second_copies(draft, [*copy, *carry])
    for kr in copy:
        _copy_key_result(actor, kr, draft)
    for kr, choice in carry.items():
        carry_key_result(actor, kr, draft, choice)
    return draft


def old_objectives(cycle, queryset):
    """The objectives of `cycle` that happened (agreed, published or closed: drafts never count)."""
    return queryset.filter(cycle=cycle, status__in=COUNTED_STATUSES)
