"""Pure rules for cycle dates (no database access)."""

import datetime

from django.utils.translation import gettext_lazy as _

from okrflow.cycles.models import CycleKind
from okrflow.errors import DomainError

# Which kinds may sit inside which: a quarter inside a year, a month inside a quarter or a year.
ALLOWED_PARENT_KINDS = {
    CycleKind.ANNUAL: set(),
    CycleKind.QUARTERLY: {CycleKind.ANNUAL},
    CycleKind.MONTHLY: {CycleKind.QUARTERLY, CycleKind.ANNUAL},
    CycleKind.CUSTOM: {CycleKind.ANNUAL, CycleKind.QUARTERLY, CycleKind.MONTHLY, CycleKind.CUSTOM},
}

# Planning dates (cycles, due dates) live in these years: 0001-01-01 or 9999-12-31 is a typo or
# a probe, and would overflow date arithmetic (a week after 9999-12-31 does not exist).
EARLIEST_YEAR, LATEST_YEAR = 2000, 2100


def check_sane_date(day, field: str) -> None:
    """Raise DomainError for a planning date outside EARLIEST_YEAR–LATEST_YEAR (None passes)."""
    if day is not None and not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
        raise DomainError(
            "date_out_of_range",
            _("Enter a date between {first} and {last}.").format(
                first=datetime.date(EARLIEST_YEAR, 1, 1), last=datetime.date(LATEST_YEAR, 12, 31)),
            field=field,
        )


def check_cycle(*, kind, start_date, end_date, parent=None) -> None:
    """Raise DomainError unless the dates and the nesting make sense."""
    if start_date is None or end_date is None:
        raise DomainError("dates_required", _("A cycle needs a start date and an end date."))
    check_sane_date(start_date, "start_date")
    check_sane_date(end_date, "end_date")
    if end_date < start_date:
        raise DomainError("ends_before_start", _("A cycle cannot end before it starts."),
                          field="end_date")
    if parent is None:
        return
    if parent.kind not in ALLOWED_PARENT_KINDS.get(kind, set()):
        raise DomainError(
            "bad_parent_kind",
            _("A {kind} cycle cannot be placed inside a {parent_kind} cycle.").format(
                kind=CycleKind(kind).label, parent_kind=CycleKind(parent.kind).label),
            field="parent",
        )
    if start_date < parent.start_date or end_date > parent.end_date:
        raise DomainError(
            "outside_parent",
            _("The cycle must lie inside its parent cycle ({start} – {end}).").format(
                start=parent.start_date, end=parent.end_date),
            field="parent",
        )


def default_cycle(cycles, today: datetime.date):
    """The cycle shown, and reported on, when nobody chose one (the pages' default, the weekly
    report's cycle): of `cycles` (an organization's), the quarterly cycle containing `today`,
    else the cycle that starts last."""
    for cycle in cycles:
        if cycle.kind == CycleKind.QUARTERLY and cycle.contains(today):
            return cycle
    return max(cycles, key=lambda c: (c.start_date, c.pk), default=None)
