"""The OKR rules check (issue 3, shared/DOMAIN.md §3-4): findings, never failures.

The rules are pure functions over plain facts (ObjectiveFacts, KeyResultFacts, CheckInFacts), so
the same code checks a whole cycle (lint_cycle: a few queries, then pure; the check-ins come in
as facts from okrflow/checkins/facts.py), a draft in the web
form while it is typed (lint_objective_draft) and the API. Thresholds come from the
organization's OkrPolicy. Messages are rendered in the language active when the check runs.

A finding's `ref` is the objective's or key result's ref, "company" / "unit:CODE" /
"person:EMAIL" for an owner, or the cycle's code.
"""

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from okrflow.cycles import pilots
from okrflow.okrs.models import COUNTED_STATUSES, KeyResult, Objective, OkrPolicy, Origin, policy_for
from okrflow.okrs.wording import vague_word_without_number

SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Finding:
    code: str
    severity: str
    ref: str
    message: str

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class KeyResultFacts:
    ref: str
    title: str
    has_owner: bool = True
    due_date: datetime.date | None = None


@dataclass(frozen=True)
class ObjectiveFacts:
    ref: str
    owner_ref: str  # "company", "unit:CODE" or "person:EMAIL"
    has_parent: bool = False
    origin: str = Origin.TOP_DOWN
    key_results: tuple = ()
    counted: bool = True  # agreed or later (models.COUNTED_STATUSES): drafts are checked, not counted


@dataclass(frozen=True)
class CycleFacts:
    code: str
    start_date: datetime.date
    end_date: datetime.date


@dataclass(frozen=True)
class CheckInFacts:
    kr_ref: str
    date: datetime.date
    confidence: int | None
    note: str = ""


@dataclass
class _Limits:
    max_objectives: int = 5
    max_key_results: int = 4
    min_key_results: int = 2
    min_bottom_up_ratio: float = 0.6
    confidence_drop: int = 30

    @classmethod
    def of(cls, policy) -> "_Limits":
        return cls(max_objectives=policy.max_objectives, max_key_results=policy.max_key_results,
                   min_key_results=policy.min_key_results,
                   min_bottom_up_ratio=float(policy.min_bottom_up_ratio),
                   confidence_drop=policy.confidence_drop)


# --- rules over one objective -------------------------------------------------------------------

def _key_result_count(objective: ObjectiveFacts, limits: _Limits) -> list[Finding]:
    count = len(objective.key_results)
    if count > limits.max_key_results:
        return [Finding("too_many_key_results", "warning", objective.ref, _(
            "This objective has {count} key results; keep to {limit} at most, the ones that matter most."
        ).format(count=count, limit=limits.max_key_results))]
    if count < limits.min_key_results:
        return [Finding("too_few_key_results", "warning", objective.ref, ngettext(
            "This objective has {count} key result; give it at least {limit} to measure it by.",
            "This objective has {count} key results; give it at least {limit} to measure it by.", count,
        ).format(count=count, limit=limits.min_key_results))]
    return []


def _alignment(objective: ObjectiveFacts) -> list[Finding]:
    if objective.owner_ref == "company" or objective.has_parent:
        return []
    return [Finding("not_aligned", "warning", objective.ref,
                    _("This objective supports no objective or key result above it."))]


def _key_result_rules(kr: KeyResultFacts, cycle: CycleFacts | None) -> list[Finding]:
    findings = []
    word = vague_word_without_number(kr.title)
    if word:
        findings.append(Finding("vague_wording", "warning", kr.ref, _(
            "“{word}” without a number is vague: state the metric and the target, "
            "e.g. “raise NPS from 30 to 45”.").format(word=word)))
    if not kr.has_owner:
        findings.append(Finding("missing_owner", "warning", kr.ref,
                                _("This key result has no owner; one person should own it.")))
    if cycle and kr.due_date and not cycle.start_date <= kr.due_date <= cycle.end_date:
        findings.append(Finding("due_outside_cycle", "error", kr.ref, _(
            "This key result is due on {date}, outside its cycle ({start} to {end})."
        ).format(date=kr.due_date, start=cycle.start_date, end=cycle.end_date)))
    return findings


def check_objective(objective: ObjectiveFacts, cycle: CycleFacts | None, policy) -> list[Finding]:
    """The rules that look at one objective and its key results."""
    limits = _Limits.of(policy)
    findings = _key_result_count(objective, limits) + _alignment(objective)
    for kr in objective.key_results:
        findings += _key_result_rules(kr, cycle)
    return findings


# --- rules over the whole cycle -------------------------------------------------------------------

def _objectives_per_owner(objectives: list[ObjectiveFacts], limits: _Limits) -> list[Finding]:
    counts = Counter(o.owner_ref for o in objectives)
    return [
        Finding("too_many_objectives", "warning", owner, _(
            "{count} objectives in this cycle; keep to {limit} at most and focus on the most important."
        ).format(count=count, limit=limits.max_objectives))
        for owner, count in counts.items() if count > limits.max_objectives
    ]


def _bottom_up_ratio(objectives: list[ObjectiveFacts], cycle: CycleFacts, limits: _Limits) -> list[Finding]:
    objectives = [o for o in objectives if o.counted]  # drafts and proposals are not the cycle's yet
    if not objectives:
        return []
    bottom_up = sum(o.origin in (Origin.BOTTOM_UP, Origin.NEGOTIATED) for o in objectives)
    share = bottom_up / len(objectives)
    if share >= limits.min_bottom_up_ratio:
        return []
    return [Finding("low_bottom_up_ratio", "warning", cycle.code, _(
        "Only {share}% of this cycle's objectives were proposed bottom-up or negotiated; "
        "aim for at least {target}%.").format(share=round(share * 100),
                                              target=round(limits.min_bottom_up_ratio * 100)))]


def _confidence_drops(checkins: Iterable[CheckInFacts], limits: _Limits) -> list[Finding]:
    """Check-ins come ordered by key result, date and order recorded; each is compared with
    the last confidence given before it for the same key result."""
    findings, last = [], {}
    for checkin in checkins:
        if checkin.confidence is None:
            continue
        before = last.get(checkin.kr_ref)
        last[checkin.kr_ref] = checkin.confidence
        if before is not None and before - checkin.confidence >= limits.confidence_drop \
                and not (checkin.note or "").strip():
            findings.append(Finding("confidence_drop_unexplained", "warning", checkin.kr_ref, _(
                "Confidence fell from {before} to {after} on {date} without a note: what changed?"
            ).format(before=before, after=checkin.confidence, date=checkin.date)))
    return findings


def check_cycle(objectives: list[ObjectiveFacts], checkins: Iterable[CheckInFacts], cycle: CycleFacts,
                policy) -> list[Finding]:
    """Every rule over one cycle's OKRs: objective by objective, then owners, then the cycle."""
    limits = _Limits.of(policy)
    findings = []
    for objective in objectives:
        findings += check_objective(objective, cycle, policy)
    findings += _objectives_per_owner(objectives, limits)
    findings += _confidence_drops(checkins, limits)
    findings += _bottom_up_ratio(objectives, cycle, limits)
    return findings


# --- loading facts from the database --------------------------------------------------------------

def owner_ref(objective: Objective) -> str:
    if objective.owner_person_id:
        return f"person:{objective.owner_person.email}"
    return "company" if objective.owner_unit.parent_id is None else f"unit:{objective.owner_unit.code}"


def _load_objectives(cycle) -> list[ObjectiveFacts]:
    """The cycle's objectives with their key results; in a pilot, only those the pilot covers
    (okrflow/cycles/pilots.py: the pilot units' and their people's)."""
    covered = pilots.objectives_q(cycle)
    objectives = list(Objective.objects.for_org(cycle.organization).filter(cycle=cycle).filter(covered)
                      .select_related("owner_unit", "owner_person").order_by("position", "id"))
    krs = defaultdict(list)
    rows = (KeyResult.objects.for_org(cycle.organization).filter(objective__cycle=cycle)
            .filter(pilots.objectives_q(cycle, "objective__"))
            .order_by("objective_id", "position", "id")
            .values_list("objective_id", "ref", "title", "owner_id", "due_date"))
    for objective_id, ref, title, owner_id, due_date in rows.iterator(chunk_size=5000):
        krs[objective_id].append(KeyResultFacts(ref, title, owner_id is not None, due_date))
    return [
        ObjectiveFacts(ref=o.ref, owner_ref=owner_ref(o), origin=o.origin,
                       has_parent=bool(o.parent_objective_id or o.parent_key_result_id),
                       key_results=tuple(krs[o.pk]), counted=o.status in COUNTED_STATUSES)
        for o in objectives
    ]


def lint_cycle(cycle, checkins: Iterable[CheckInFacts]) -> list[Finding]:
    """All findings for one cycle (a pilot: its covered objectives), in two queries (objectives,
    key results) beside the cycle's check-ins, which the caller passes in as facts
    (okrflow.checkins.facts.checkin_facts(cycle)): check-ins sit above OKRs in the apps'
    layering, so this module never reads them."""
    facts = CycleFacts(cycle.code, cycle.start_date, cycle.end_date)
    return check_cycle(_load_objectives(cycle), checkins, facts, policy_for(cycle.organization))


def lint_objective(objective: Objective) -> list[Finding]:
    """The findings for one stored objective and its key results (its page, the API)."""
    krs = tuple(KeyResultFacts(kr.ref, kr.title, kr.owner_id is not None, kr.due_date)
                for kr in objective.key_results.order_by("position", "id"))
    facts = ObjectiveFacts(ref=objective.ref, owner_ref=owner_ref(objective), origin=objective.origin,
                           has_parent=bool(objective.parent_objective_id or objective.parent_key_result_id),
                           key_results=krs)
    cycle = objective.cycle
    return check_objective(facts, CycleFacts(cycle.code, cycle.start_date, cycle.end_date),
                           policy_for(objective.organization))


def lint_objective_draft(*, owner_ref: str, key_results: Iterable[dict], has_parent=False, cycle=None,
                         organization=None, ref: str = "") -> list[Finding]:
    """The findings for one objective while it is drafted (the web form shows them live).

    `key_results` are dicts with "title" and optionally "ref", "owner" (anything truthy) and
    "due_date"; `cycle` (a Cycle) enables the due-date rule; `organization` picks its policy.
    Unsaved key results without a ref are named "KR<n>" by their position.
    """
    krs = tuple(
        KeyResultFacts(ref=kr.get("ref") or f"KR{n}", title=kr.get("title", ""),
                       has_owner=bool(kr.get("owner")), due_date=kr.get("due_date"))
        for n, kr in enumerate(key_results, start=1)
    )
    facts = ObjectiveFacts(ref=ref, owner_ref=owner_ref, has_parent=has_parent, key_results=krs)
    cycle_facts = CycleFacts(cycle.code, cycle.start_date, cycle.end_date) if cycle else None
    policy = policy_for(organization) if organization is not None else OkrPolicy()
    return check_objective(facts, cycle_facts, policy)
