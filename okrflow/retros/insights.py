"""What a retrospective reads, set-wise: the unit's aggregated self-assessment data
(okrflow/assessments/aggregates.py::unit_summary: grades, averages, missed key results, check-in
discipline) and the confidence history — the weekly average confidence of the unit's key results.
The management's retrospective reads the whole company (the root unit's path).
"""

from dataclasses import dataclass

from django.db.models import Avg, Count
from django.db.models.functions import TruncWeek

from okrflow.assessments.aggregates import UnitSummary, unit_key_results, unit_summary
from okrflow.checkins.models import CheckIn
from okrflow.okrs.access import visible_objectives


@dataclass(frozen=True)
class RetroInsights:
    summary: UnitSummary
    confidence: list  # [(week start, average confidence 0–100, check-ins)]


def scope_path(cycle, unit) -> str:
    return (unit or cycle.organization.root_unit()).path


def confidence_history(cycle, unit_path: str) -> list:
    """(week, average confidence, number of check-ins) per week of the check-ins recorded with a
    confidence on the unit's counted key results: one grouped query."""
    rows = (CheckIn.objects.filter(key_result__in=unit_key_results(cycle, unit_path).values("pk"),
                                   confidence__isnull=False)
            .annotate(week=TruncWeek("date")).order_by().values("week")
            .annotate(average=Avg("confidence"), n=Count("pk")).order_by("week"))
    return [(row["week"], round(row["average"]), row["n"]) for row in rows]


def insights_for(viewer, cycle, unit) -> RetroInsights:
    """The retrospective's data as `viewer` may read it: counts and averages for everyone allowed
    to read the retrospective; the missed key results only of objectives the viewer may see (a
    private objective's title stays private)."""
    path = scope_path(cycle, unit)
    summary = unit_summary(cycle, path)
    ids = {m.objective_id for m in summary.missed}
    seen = set(visible_objectives(viewer).filter(pk__in=ids).values_list("pk", flat=True)) if ids else set()
    summary.missed[:] = [m for m in summary.missed if m.objective_id in seen]
    return RetroInsights(summary=summary, confidence=confidence_history(cycle, path))
