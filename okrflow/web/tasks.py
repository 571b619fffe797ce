"""Background jobs of the web shell (`okrflow worker` runs them from the database queue)."""

from django_tasks import task


@task()
def refresh_company_board_task(cycle_id: int) -> str:
    """Compute the company board of a cycle (okrflow/web/models.py::CompanyBoard)."""
    from okrflow.web.views.home_boards import refresh_company_board

    return refresh_company_board(cycle_id)


@task()
def refresh_dashboard_task(cycle_id: int, unit_id: int) -> str:
    """Compute the dashboard figures of a unit (the root: the company) in a cycle
    (okrflow/web/models.py::DashboardFigures)."""
    from okrflow.web.dashboard_store import refresh_dashboard

    return refresh_dashboard(cycle_id, unit_id)
