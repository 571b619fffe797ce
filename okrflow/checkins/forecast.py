"""Where a key result is heading: a least-squares line through its check-ins (value over time,
in days) extended to the cycle's end, scored by the one scoring rule.

Pure functions over (date, value) pairs, plus `histories()` which loads many key results'
check-ins in one query for the pages. The trend is deliberately simple and explained in one
sentence, so people can argue with it.

At risk has this one definition (`is_at_risk`), used by every page, agenda and mail that says
"at risk" (the weekly check-in, the team's weekly page, the meeting agendas, the weekly summary):
a key result is at risk when the owner's latest confidence is below the policy's
`at_risk_confidence` (50 by default: the owner themselves doubts it), OR its projected score is
in the policy's lowest band (below `fair_from`, 0.4 by default: "0.4 or less is bad",
DOMAIN.md §4). Issue 8 kept the more careful of the two meanings that existed (the weekly summary
looked at the confidence only): either signal is enough. A key result without a forecast (too
few check-ins, a milestone) is at risk by its confidence alone.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext

from okrflow.checkins.models import CheckIn
from okrflow.okrs.models import KeyResultKind, OkrPolicy
from okrflow.okrs.scoring import grade, kr_score

NO_HISTORY = "too_few_checkins"
MILESTONE = "milestone"


@dataclass(frozen=True)
class Forecast:
    """The projection of one key result; `projected_value` is None when there is no trend."""

    projected_value: Decimal | None
    projected_score: float | None
    per_week: Decimal | None
    explanation: str
    reason: str = ""  # why there is no forecast (a code), empty when there is one


def latest_per_date(history) -> list[tuple]:
    """One (date, value) per date, in date order. `history` is in the order recorded; on one
    date the reading recorded last counts, as for the key result's current value."""
    by_date = {}
    for day, value in history:
        by_date[day] = Decimal(str(value))
    return sorted(by_date.items())


def trend(points) -> tuple[float, float]:
    """(slope per day, value at the first date) of the least-squares line through the points
    (at least two distinct dates)."""
    origin = points[0][0]
    xs = [(day - origin).days for day, _value in points]
    ys = [float(value) for _day, value in points]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread
    return slope, mean_y - slope * mean_x


def _number(value, places: int = 2) -> Decimal:
    """Rounded for people: 86.0000 → 86, 12.5 → 12.5."""
    rounded = Decimal(str(round(float(value), places)))
    return rounded.quantize(Decimal(1)) if rounded == rounded.to_integral_value() else rounded.normalize()


def _signed(value: Decimal) -> str:
    return f"+{value}" if value >= 0 else str(value)


def forecast(history, *, start_value, target_value, end_date) -> Forecast:
    """The projected value and score at `end_date` (the cycle's end) from the check-in
    history, a list of (date, value) in the order recorded."""
    points = latest_per_date(history)
    if len(points) < 2:
        return Forecast(None, None, None, reason=NO_HISTORY, explanation=gettext(
            "No forecast yet: it needs check-ins on at least two different dates."))
    slope, at_origin = trend(points)
    projected = _number(at_origin + slope * (end_date - points[0][0]).days, 4)
    score = kr_score(start_value, target_value, projected)
    per_week = _number(slope * 7)
    explanation = gettext(
        "At the current pace ({pace} per week) the value reaches {value} by {date}: "
        "projected score {score}."
    ).format(pace=_signed(per_week), value=_number(projected), date=formats.date_format(end_date),
             score=f"{score:.2f}")
    return Forecast(projected, score, per_week, explanation=explanation)


def is_at_risk(result: Forecast, confidence=None, policy=None) -> bool:
    """The one at-risk rule (see the module docstring for the rule and why); `policy` is the
    organization's OkrPolicy (None: the defaults)."""
    policy = policy if policy is not None else OkrPolicy()
    if confidence is not None and confidence < policy.at_risk_confidence:
        return True
    return grade(result.projected_score, policy) == "poor"


def at_risk_first(rows, policy=None) -> list:
    """(key result, forecast) pairs with the at-risk ones first; within each group the lowest
    projected score first (no forecast after any forecast), then by key result id."""
    def order(row):
        kr, result = row
        score = result.projected_score
        return (not is_at_risk(result, kr.confidence, policy), score is None, score or 0.0, kr.pk)

    return sorted(rows, key=order)


def histories(key_results) -> dict:
    """{key result id: [(date, value), ...] in the order recorded} in one query."""
    found = defaultdict(list)
    rows = (CheckIn.objects.filter(key_result__in=[kr.pk for kr in key_results])
            .order_by("key_result_id", "date", "id").values_list("key_result_id", "date", "value"))
    for kr_id, day, value in rows:
        found[kr_id].append((day, value))
    return found


def forecasts_for(key_results) -> dict:
    """{key result id: Forecast} for key results with their objective's cycle loaded
    (select_related("objective__cycle")); one query for all their check-ins."""
    history = histories(key_results)
    return {kr.pk: forecast_key_result(kr, history.get(kr.pk, [])) for kr in key_results}


def forecast_key_result(kr, history) -> Forecast:
    """The forecast of one key result (its objective's cycle loaded). A milestone is done or
    not, so a line through 0s and 1s would mean nothing: it gets no forecast."""
    if kr.kind == KeyResultKind.MILESTONE:
        return Forecast(None, None, None, reason=MILESTONE, explanation=gettext(
            "A milestone is either done or not: there is no trend to forecast."))
    return forecast(history, start_value=kr.start_value, target_value=kr.target_value,
                    end_date=kr.objective.cycle.end_date)


# --- confidence trends --------------------------------------------------------------------------

def confidence_trend(history) -> list[tuple]:
    """A key result's (date, confidence) series from (date, confidence) readings in the order
    recorded: one point per date (the last recorded), readings without confidence skipped."""
    return latest_per_date((day, confidence) for day, confidence in history if confidence is not None)


def objective_confidence_trend(kr_histories, weeks) -> list[tuple]:
    """(week start, mean confidence) for an objective: per week, the mean of each key result's
    latest confidence by the week's end (key results without one yet are left out; None when
    none has one). `kr_histories` holds one (date, confidence) history per key result."""
    trends = [confidence_trend(history) for history in kr_histories]
    series = []
    for monday in weeks:
        week_end = monday + timedelta(days=6)
        latest = [next((c for day, c in reversed(trend) if day <= week_end), None) for trend in trends]
        known = [float(c) for c in latest if c is not None]
        series.append((monday, round(sum(known) / len(known), 1) if known else None))
    return series


def confidence_histories(key_results) -> dict:
    """{key result id: [(date, confidence), ...] in the order recorded} in one query."""
    found = defaultdict(list)
    rows = (CheckIn.objects.filter(key_result__in=[kr.pk for kr in key_results], confidence__isnull=False)
            .order_by("key_result_id", "date", "id").values_list("key_result_id", "date", "confidence"))
    for kr_id, day, confidence in rows:
        found[kr_id].append((day, confidence))
    return found
