"""The one scoring rule (issue 3), as pure functions and as set-wise database queries.

Pure functions take plain numbers; the query functions compute the same numbers in SQL for
many objectives at once (one query, never one per key result), so web, API, export and
reports all show identical scores. Every score is rounded to SCORE_DIGITS places at the end:
float noise (0.6 computed as 0.5999999999) must never move a score into another grade band,
and SQLite and PostgreSQL then agree to the last digit.

Drafts and proposals never count (issue 9): an objective's own score is shown on its card, but
only objectives in COUNTED_STATUSES (agreed, published, closed) enter an owner's, the company's or
a parent's mean — `counts(status)` is the rule, `counted()` its SQL twin.

Owner keys used by owner_scores(): ("unit", unit_id) for a unit's objectives (the root unit's
key is the company's score) and ("person", person_id) for a person's.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, Count, F, FloatField, Q, Sum, Value, When
from django.db.models.functions import Cast, Greatest, Least
from django.utils.translation import gettext_lazy as _

from okrflow.okrs.models import COUNTED_STATUSES, KeyResult, Objective, ObjectiveLink, OkrPolicy

SCORE_DIGITS = 6

GRADES = ("poor", "fair", "good", "excellent")

# Labels for the UI; colours are names the templates and charts map to their palette.
GRADE_LABELS = {
    "poor": {"label": _("Poor"), "colour": "red"},
    "fair": {"label": _("Fair"), "colour": "orange"},
    "good": {"label": _("Good"), "colour": "green"},
    "excellent": {"label": _("Excellent"), "colour": "blue"},
}


def tidy(score: float) -> float:
    return round(float(score), SCORE_DIGITS)


def _number(value) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def kr_score(start, target, current) -> float:
    """clamp((current − start) / (target − start), 0, 1); with target = start: reached or not.

    A target below the start means "decrease", which the same formula handles. Milestones run
    from 0 to 1. The differences are taken exactly (Decimal), the division in floats, like SQL.
    """
    start, target, current = _number(start), _number(target), _number(current)
    if target == start:
        return 1.0 if current == target else 0.0
    ratio = float(current - start) / float(target - start)
    return tidy(min(1.0, max(0.0, ratio)))


def objective_score(weighted: Iterable[tuple]) -> float | None:
    """Σ weight × score / Σ weight over (weight, kr_score) pairs; None without key results."""
    total = weight_sum = 0.0
    for weight, score in weighted:
        total += float(weight) * score
        weight_sum += float(weight)
    if not weight_sum:
        return None
    return tidy(total / weight_sum)


def owner_score(objective_scores: Iterable) -> float | None:
    """The plain mean of the objectives' scores that exist (objectives without KRs are skipped)."""
    scores = [s for s in objective_scores if s is not None]
    return tidy(sum(scores) / len(scores)) if scores else None


def counts(status: str) -> bool:
    """Whether an objective in `status` counts in means, roll-ups and reports (drafts and
    proposals do not)."""
    return status in COUNTED_STATUSES


def counted(prefix: str = "") -> Q:
    """counts() as an SQL condition over objectives (`prefix` reaches them through a relation)."""
    return Q(**{f"{prefix}status__in": COUNTED_STATUSES})


def grade(score, policy=None) -> str | None:
    """The grade band of a score under the organization's policy (an OkrPolicy; None: defaults)."""
    if score is None:
        return None
    if policy is None:
        policy = OkrPolicy()
    score = tidy(score)
    if score < float(policy.fair_from):
        return "poor"
    if score < float(policy.good_from):
        return "fair"
    if score < float(policy.excellent_from):
        return "good"
    return "excellent"


# --- set-wise, in the database --------------------------------------------------------------

def kr_score_expression(prefix: str = ""):
    """The rule as one SQL expression over a key result's columns (`prefix` reaches them
    through a relation, e.g. "key_results__")."""
    start, target, current = (F(prefix + name) for name in ("start_value", "target_value", "current_value"))
    # Casting the differences keeps SQLite from integer division and PostgreSQL in floats.
    ratio = Cast(current - start, FloatField()) / Cast(target - start, FloatField())
    return Case(
        When(Q(**{prefix + "target_value": start}),
             then=Case(When(Q(**{prefix + "current_value": target}), then=Value(1.0)),
                       default=Value(0.0), output_field=FloatField())),
        default=Greatest(Value(0.0), Least(Value(1.0), ratio)),
        output_field=FloatField(),
    )


def _unsliced(queryset):
    """A page of a list (a sliced queryset) cannot be re-ordered or grouped: select its ids."""
    if queryset.query.is_sliced:
        return queryset.model.objects.filter(pk__in=list(queryset.values_list("pk", flat=True)))
    return queryset


def _with_sums(objectives):
    """Objectives annotated with Σ weight × score (`weighted`) and Σ weight (`weight_sum`)."""
    weight = Cast(F("key_results__weight"), FloatField())
    return _unsliced(objectives).order_by().annotate(
        weighted=Sum(weight * kr_score_expression("key_results__")), weight_sum=Sum(weight))


def _weighted_sums(objectives):
    """(objective id, owner unit id, owner person id, Σ w·s, Σ w) per objective, one query."""
    return _with_sums(objectives).values_list("id", "owner_unit_id", "owner_person_id", "weighted",
                                              "weight_sum")


def ratio(weighted, weight_sum) -> float | None:
    return tidy(weighted / weight_sum) if weight_sum else None


def objective_scores(objectives) -> dict:
    """{objective id: score or None} for a queryset of objectives, in one query."""
    return {oid: ratio(w, ws) for oid, _unit, _person, w, ws in _weighted_sums(objectives)}


def kr_scores(key_results) -> dict:
    """{key result id: score} for a queryset of key results, in one query."""
    rows = _unsliced(key_results).order_by().annotate(score=kr_score_expression()).values_list("id", "score")
    return {kr_id: tidy(score) for kr_id, score in rows}


def owner_scores(cycle, objectives=None) -> dict:
    """{("unit", id) | ("person", id): mean objective score or None} for a cycle, one query.

    The company's score is its root unit's. `objectives` narrows the set (e.g. to what a
    reader may see); by default all of the cycle's objectives count.
    """
    if objectives is None:
        objectives = Objective.objects.for_org(cycle.organization)
    by_owner = defaultdict(list)
    for _oid, unit_id, person_id, w, ws in _weighted_sums(objectives.filter(counted(), cycle=cycle)):
        key = ("person", person_id) if person_id else ("unit", unit_id)
        by_owner[key].append(ratio(w, ws))
    return {key: owner_score(scores) for key, scores in by_owner.items()}


def aligned_below(objective_or_ids) -> Q:
    """Objectives aligned directly below an objective (or any of a list of ids): supporting it or
    one of its key results. The ids are looked up first through the alignment indexes, so the
    condition handed to a larger query is a short list that the planner drives by, never a scan
    of the organization's objectives."""
    ids = [objective_or_ids.pk] if hasattr(objective_or_ids, "pk") else list(objective_or_ids)
    # Two index lookups, unordered: an OR of both (with the model's ordering) made SQLite scan.
    below_objectives = Objective.objects.filter(parent_objective_id__in=ids).order_by()
    below_key_results = Objective.objects.filter(
        parent_key_result_id__in=KeyResult.objects.filter(objective_id__in=ids).order_by().values("pk")
    ).order_by()
    found = [*below_objectives.values_list("pk", flat=True), *below_key_results.values_list("pk", flat=True)]
    return Q(pk__in=found)


def has_aligned(condition: Q) -> bool:
    """Whether an aligned_below() condition names any objective (reading none is then skipped:
    an empty `pk__in` still costs a whole read-model query's compilation)."""
    return any(child[0] == "pk__in" and child[1] for child in condition.children)


# --- roll-up for display ----------------------------------------------------------------------

@dataclass(frozen=True)
class Rollup:
    """An objective's own score and how the objectives aligned under it are doing.

    `children` counts direct children (supporting the objective or one of its key results);
    `contributors` counts horizontal "contributes to" links, shown but never in any score.
    """

    score: float | None
    children: int
    children_mean: float | None
    contributors: int


def rollups(objectives, visible=None) -> dict:
    """{objective id: Rollup} for a queryset of objectives, in three queries.

    `visible` (a queryset of objectives, e.g. access.visible_objectives(person)) limits the
    children counted to what the reader may see.
    """
    own = objective_scores(objectives)
    ids = list(own)
    children = visible if visible is not None else Objective.objects.all()
    children = children.filter(aligned_below(ids))
    parent_of = Case(When(parent_objective__isnull=False, then=F("parent_objective_id")),
                     default=F("parent_key_result__objective_id"))
    child_scores = defaultdict(list)
    rows = _with_sums(children.annotate(parent_of=parent_of)).values_list(
        "parent_of", "weighted", "weight_sum", "status")
    child_counts = defaultdict(int)
    for parent_id, w, ws, status in rows:
        child_counts[parent_id] += 1
        if counts(status):  # a draft below is shown, never in the mean
            child_scores[parent_id].append(ratio(w, ws))
    links = dict(
        ObjectiveLink.objects.filter(Q(to_objective_id__in=ids) | Q(to_key_result__objective_id__in=ids))
        .annotate(target=Case(When(to_objective__isnull=False, then=F("to_objective_id")),
                              default=F("to_key_result__objective_id")))
        .values("target").annotate(n=Count("id")).values_list("target", "n")
    )
    return {
        oid: Rollup(score=score, children=child_counts[oid],
                    children_mean=owner_score(child_scores[oid]), contributors=links.get(oid, 0))
        for oid, score in own.items()
    }
