"""The stored dashboard figures (web.DashboardFigures): computed by a job, read by the pages.

The same life as the company board (okrflow/web/views/home_boards.py): a page reads the stored
row (one query), and when it is missing or older than FRESH it asks for a refresh once
(`requested_at` claimed by one UPDATE) and shows what there is, with the time it was computed.
"""

import datetime

from django.core.cache import cache
from django.db.models import Q
from django.utils import timezone

from okrflow.checkins import rules as checkin_rules
from okrflow.cycles.models import Cycle
from okrflow.org.models import Unit
from okrflow.reports.dashboard import findings_by_unit, scope_figures
from okrflow.web.models import DashboardFigures

FRESH = datetime.timedelta(minutes=10)


def refresh_dashboard(cycle_id: int, unit_id: int, *, now=None) -> str:
    """Compute and store one unit's dashboard figures (the job's body)."""
    cycle = Cycle.objects.select_related("organization").filter(pk=cycle_id).first()
    unit = Unit.objects.filter(pk=unit_id).first()
    if cycle is None or unit is None or unit.organization_id != cycle.organization_id:
        return "gone"
    now = now or timezone.now()
    # The rules check reads the whole cycle (a minute at 10,000 people): one run serves every
    # unit's refresh in this worker for FRESH.
    findings = cache.get_or_set(f"okrflow:dashboard-findings:{cycle.pk}", lambda: findings_by_unit(cycle),
                                FRESH.total_seconds())
    data = scope_figures(cycle, unit, checkin_rules.today(), findings=findings)
    DashboardFigures.objects.update_or_create(cycle=cycle, unit=unit, defaults={
        "organization_id": cycle.organization_id, "data": data, "computed_at": now})
    return "computed"


def stored_figures(cycle, unit, *, now=None) -> DashboardFigures | None:
    """The unit's stored figures once computed (None before the job's first run), asking for a
    refresh when they are missing or stale: one query, three when it asks."""
    now = now or timezone.now()
    rows = DashboardFigures.objects.filter(cycle=cycle, unit=unit)
    row = rows.first()
    if row is None or row.computed_at is None or now - row.computed_at > FRESH:
        _ask_for_refresh(cycle, unit, row, now)
        row = rows.first()  # an inline backend (the tests') has filled it
    return row if row is not None and row.computed_at is not None else None


def _ask_for_refresh(cycle, unit, row, now) -> None:
    from okrflow.web.tasks import refresh_dashboard_task

    if row is None:
        row, claimed = DashboardFigures.objects.get_or_create(
            cycle=cycle, unit=unit, defaults={"organization_id": cycle.organization_id, "requested_at": now})
    else:
        claimed = bool(DashboardFigures.objects.filter(pk=row.pk).filter(
            Q(requested_at__isnull=True) | Q(requested_at__lt=now - FRESH)).update(requested_at=now))
    if claimed:
        refresh_dashboard_task.enqueue(cycle.pk, unit.pk)
