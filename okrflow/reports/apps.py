from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Reports and documents: dashboards, the alignment map, and the documents of the source
    guides (目标体系模式图, 关键成果KRS和行动实施表, OKR cards, 月（季）绩效回顾表, the OKR book) on
    screen, in PDF and in XLSX."""

    name = "okrflow.reports"
    verbose_name = _("Reports")

    def ready(self):
        # Every document module registers its definition when imported; the weekly company
        # report is sent by the scheduler's tick and its mail carries the summary's PDF.
        from okrflow.notifications import scheduler
        from okrflow.notifications.channels import email
        from okrflow.reports import documents, schedules, services  # noqa: F401 (documents: registered)

        scheduler.register_tick_job("weekly_report", schedules.send_due)
        scheduler.register_tick_job("report_files_purged", services.purge_files)
        email.register_attachments(schedules.KIND, schedules.attachments)
