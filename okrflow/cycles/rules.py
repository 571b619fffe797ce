"""Pure rules for cycle dates (no database access)."""

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


def check_cycle(*, kind, start_date, end_date, parent=None) -> None:
    """Raise DomainError unless the dates and the nesting make sense."""
    if start_date is None or end_date is None:
        raise DomainError("dates_required", _("A cycle needs a start date and an end date."))
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
