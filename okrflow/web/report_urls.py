"""The documents (okrflow/reports): the printable page, its downloads and heavy documents' jobs."""

from django.urls import path

from okrflow.web.views import reports

urlpatterns = [
    path("reports/<slug:name>/", reports.report_page, name="report"),
    path("reports/files/<int:job_id>/", reports.report_file, name="report_file"),
    path("reports/files/<int:job_id>/download/", reports.report_file_download, name="report_file_download"),
]
