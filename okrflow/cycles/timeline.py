"""A cycle's seven steps as dates: the stored phases (planned by the admin or the champion) over
the dates proposed from the cycle (phases.proposed_dates), and where a day stands among them.

A read: a cycle without stored phases (made before issue 9, or by a test factory) shows its
proposed dates, and nothing is written on the way (cycles/services.ensure_phases stores them
when someone plans). One query per cycle, cached on the cycle object.
"""

import datetime
from dataclasses import dataclass

from django.utils import translation

from okrflow.cycles import phases
from okrflow.cycles.models import CyclePhase

# The seeds' names of the seven steps, shown beside the translated label (in Chinese first).
CHINESE_NAMES = {
    phases.Phase.SET: "制定", phases.Phase.PUBLISH: "发布", phases.Phase.EXECUTE: "执行",
    phases.Phase.SELF_ASSESS: "自评", phases.Phase.REFLECT: "反思", phases.Phase.UPDATE: "更新",
    phases.Phase.CELEBRATE: "庆祝",
}

_CACHE = "_okrflow_phase_dates"


def phase_dates(cycle) -> dict[str, tuple[datetime.date, datetime.date]]:
    """{phase: (first day, last day)} of the cycle: stored where planned, else proposed."""
    cached = getattr(cycle, _CACHE, None)
    if cached is None:
        cached = dict(phases.proposed_dates(cycle.start_date, cycle.end_date))
        stored = CyclePhase.objects.filter(cycle_id=cycle.pk).values_list("phase", "start_date", "end_date")
        cached.update({phase: (first, last) for phase, first, last in stored})
        setattr(cycle, _CACHE, cached)
    return cached


def forget(cycle) -> None:
    """Drop the cached dates (after a phase was moved)."""
    cycle.__dict__.pop(_CACHE, None)


def current_phases(cycle, day: datetime.date) -> list[str]:
    """The steps the day stands in, in order (steps overlap: publish with the start of execute,
    reflect, update and celebrate in the week after the cycle)."""
    return phases.phases_on(phase_dates(cycle), day)


@dataclass(frozen=True)
class Step:
    """One phase as the timeline shows it."""

    phase: str
    label: str          # in the reader's language
    other_name: str     # the seeds' Chinese name in English pages, the English name in Chinese ones
    start_date: datetime.date
    end_date: datetime.date
    is_current: bool
    is_past: bool
    offset: float       # where the bar starts and how wide it is, in percent of the timeline
    width: float


def _english_label(phase) -> str:
    with translation.override("en"):
        return str(phases.Phase(phase).label)


def steps(cycle, today: datetime.date) -> dict:
    """The timeline of the cycle: its steps in order and today's marker (percent, None outside)."""
    dates = phase_dates(cycle)
    first = min(start for start, _end in dates.values())
    last = max(end for _start, end in dates.values())
    span = (last - first).days + 1
    current = current_phases(cycle, today)
    chinese = (translation.get_language() or "").lower().startswith("zh")

    def percent(day) -> float:
        return round(100 * (day - first).days / span, 2)

    rows = []
    for phase in phases.PHASE_ORDER:
        start, end = dates[phase]
        rows.append(Step(
            phase=phase, label=str(phases.Phase(phase).label),
            other_name=_english_label(phase) if chinese else CHINESE_NAMES[phase],
            start_date=start, end_date=end, is_current=phase in current, is_past=end < today,
            offset=percent(start), width=max(round(100 * ((end - start).days + 1) / span, 2), 1.5)))
    marker = percent(today) + round(50 / span, 2) if first <= today <= last else None
    return {"steps": rows, "first": first, "last": last, "today": today, "marker": marker,
            "current": [row.label for row in rows if row.is_current]}
