"""What a unit's self-assessments add up to, set-wise: the data the unit's page and the
retrospective (okrflow/retros, 反思) are built on.

`unit_summary(cycle, unit_path)` — stable signature, for the retrospectives — answers in a fixed
number of queries whatever the size of the unit (the policy, one aggregate over the key results,
the missed key results, the people's check-in counts). The unit is a materialized path
(okrflow/org/tree.py): its objectives are those owned by the unit or a unit below it, or by a
person in one of them; only objectives that count (agreed, published, closed: drafts never do)
and, in a pilot cycle, only what the pilot covers (okrflow/cycles/pilots.py).

Scores: the OKR score is the one rule of okrflow/okrs/scoring.py in its SQL form; the
self-assessment never changes it. Grades use the organization's policy bands, compared as
scoring.grade compares the rounded score (tidy: 6 places), so SQL and Python agree at a boundary.
"""

import math
from dataclasses import dataclass, field

from django.db.models import Avg, Count, F, FloatField, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Cast, Coalesce

from okrflow.checkins.models import CheckIn
from okrflow.cycles import pilots
from okrflow.okrs import scoring
from okrflow.okrs.models import COUNTED_STATUSES, KeyResult, Objective, policy_for
from okrflow.org.models import Person
from okrflow.org.tree import below

# How many missed key results a summary lists (worst first); `missed_count` tells them all.
MISSED_LIMIT = 200
DISCIPLINE_LIMIT = 50  # the people who checked in least: a department of 1,250 is not listed whole
# tidy(score) < threshold ⇔ score < threshold − half a unit of the 6th place (thresholds have 3).
_HALF_UNIT = 0.5 * 10 ** -scoring.SCORE_DIGITS


@dataclass(frozen=True)
class MissedKeyResult:
    """A key result whose OKR score is below the policy's "fair from" (0.4 by default)."""

    key_result_id: int
    title: str
    objective_id: int
    objective_title: str
    owner: str
    score: float
    self_score: float | None


@dataclass(frozen=True)
class CheckinDiscipline:
    """How often one person of the unit checked in over the cycle (check-ins they recorded on
    the cycle's key results)."""

    person_id: int
    name: str
    checkins: int
    weeks: int

    @property
    def per_week(self) -> float:
        return round(self.checkins / self.weeks, 2) if self.weeks else 0.0


@dataclass(frozen=True)
class UnitSummary:
    """A unit's key results in a cycle and their self-assessments, aggregated.

    `grades` counts all key results by the grade of their OKR score; `self_grades` the assessed
    ones by the grade of their final self-assessed score (the manager's where reviewed). The
    averages: `average_computed` over all key results, `average_self` (the self-scores as given),
    `average_final` (after review) and `average_computed_assessed` (the OKR score of the same
    assessed key results: the fair comparison with `average_self`).
    """

    key_results: int
    assessed: int
    reviewed: int
    grades: dict[str, int]
    self_grades: dict[str, int]
    average_computed: float | None
    average_self: float | None
    average_final: float | None
    average_computed_assessed: float | None
    missed: list[MissedKeyResult] = field(default_factory=list)
    missed_count: int = 0
    checkins: list[CheckinDiscipline] = field(default_factory=list)
    weeks: int = 1

    @property
    def share_assessed(self) -> float | None:
        return round(self.assessed / self.key_results, 4) if self.key_results else None


def cycle_weeks(cycle) -> int:
    """The number of (started) weeks a cycle runs."""
    return max(1, math.ceil(((cycle.end_date - cycle.start_date).days + 1) / 7))


def unit_objectives(cycle, unit_path: str):
    """The cycle's counted objectives of the unit at `unit_path` and everything below it."""
    in_unit = below("owner_unit__path", unit_path) | below("owner_person__unit__path", unit_path)
    return (Objective.objects.for_org(cycle.organization_id)
            .filter(in_unit, pilots.objectives_q(cycle), cycle=cycle, status__in=COUNTED_STATUSES))


def unit_key_results(cycle, unit_path: str):
    """Their key results, annotated with `okr_score` (the one rule), `self_score` and
    `final_score` (NULL when not assessed)."""
    return (KeyResult.objects.filter(objective__in=unit_objectives(cycle, unit_path).values("pk"))
            .annotate(okr_score=scoring.kr_score_expression(),
                      self_score=Cast("self_assessment__score", FloatField()),
                      final_score=Cast(Coalesce("self_assessment__reviewed_score",
                                                "self_assessment__score"), FloatField())))


def _band_counts(name: str, policy) -> dict:
    """Count(...) aggregates of the annotation `name` per grade band (NULLs count in none)."""
    fair, good, excellent = (float(getattr(policy, f)) - _HALF_UNIT
                             for f in ("fair_from", "good_from", "excellent_from"))
    bands = {
        "poor": Q(**{f"{name}__lt": fair}),
        "fair": Q(**{f"{name}__gte": fair, f"{name}__lt": good}),
        "good": Q(**{f"{name}__gte": good, f"{name}__lt": excellent}),
        "excellent": Q(**{f"{name}__gte": excellent}),
    }
    return {f"{name}__{grade}": Count("pk", filter=condition) for grade, condition in bands.items()}


def _tidy(value) -> float | None:
    return None if value is None else scoring.tidy(value)


def unit_summary(cycle, unit_path: str) -> UnitSummary:
    """The unit's self-assessment data in `cycle` (see the module): four queries."""
    policy = policy_for(cycle.organization_id)
    key_results = unit_key_results(cycle, unit_path)
    totals = key_results.order_by().aggregate(
        key_results=Count("pk"), assessed=Count("self_assessment"),
        reviewed=Count("self_assessment", filter=~Q(self_assessment__review_state="pending")),
        average_computed=Avg("okr_score"), average_self=Avg("self_score"),
        average_final=Avg("final_score"),
        average_computed_assessed=Avg("okr_score", filter=Q(self_assessment__isnull=False)),
        missed_count=Count("pk", filter=Q(okr_score__lt=float(policy.fair_from) - _HALF_UNIT)),
        **_band_counts("okr_score", policy), **_band_counts("final_score", policy))
    missed_rows = (key_results.filter(okr_score__lt=float(policy.fair_from) - _HALF_UNIT)
                   .annotate(owner_name=Coalesce("owner__name", "objective__owner_person__name",
                                                 "objective__owner_unit__name"))
                   .order_by("okr_score", "pk")
                   .values_list("pk", "title", "objective_id", "objective__title", "owner_name",
                                "okr_score", "self_score")[:MISSED_LIMIT])
    return UnitSummary(
        key_results=totals["key_results"], assessed=totals["assessed"], reviewed=totals["reviewed"],
        grades={g: totals[f"okr_score__{g}"] for g in scoring.GRADES},
        self_grades={g: totals[f"final_score__{g}"] for g in scoring.GRADES},
        average_computed=_tidy(totals["average_computed"]), average_self=_tidy(totals["average_self"]),
        average_final=_tidy(totals["average_final"]),
        average_computed_assessed=_tidy(totals["average_computed_assessed"]),
        missed=[MissedKeyResult(kr_id, title, oid, otitle, owner or "", scoring.tidy(score), _tidy(own))
                for kr_id, title, oid, otitle, owner, score, own in missed_rows],
        missed_count=totals["missed_count"],
        checkins=checkin_discipline(cycle, unit_path),
        weeks=cycle_weeks(cycle),
    )


def checkin_discipline(cycle, unit_path: str) -> list[CheckinDiscipline]:
    """The active people of the unit (and below; in a pilot, those it covers) with the number of
    check-ins each recorded on the cycle's key results, fewest first, the first DISCIPLINE_LIMIT:
    one query."""
    weeks = cycle_weeks(cycle)
    counted = (CheckIn.objects.filter(author_id=OuterRef("pk"), key_result__objective__cycle=cycle)
               .order_by().values("author_id").annotate(n=Count("pk")).values("n")[:1])
    people = (Person.objects.for_org(cycle.organization_id)
              .filter(below("unit__path", unit_path), pilots.people_q(cycle), is_active=True)
              .annotate(n=Coalesce(Subquery(counted, output_field=IntegerField()), Value(0)))
              .order_by(F("n").asc(), "name", "pk").values_list("pk", "name", "n")[:DISCIPLINE_LIMIT])
    return [CheckinDiscipline(pk, name, n, weeks) for pk, name, n in people]
