"""Background jobs of the reports (Django's Tasks API; `okrflow worker` runs them)."""

from django_tasks import task


@task()
def generate_file_task(job_id: int) -> str:
    """Build a heavy document (okrflow/reports/models.py::ReportFile) and store its file."""
    from okrflow.reports.services import run_file

    return run_file(job_id)
