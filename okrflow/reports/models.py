"""A document generated in the background (a heavy report: the whole company's book or diagram)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from okrflow.notifications.models import Weekday
from okrflow.tenancy import TenantModel


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Could not be made")


class ReportFile(TenantModel):
    """One heavy document asked for on the web: a job (okrflow/reports/tasks.py) builds it as its
    owner may see it and writes the file to storage; the page polls its progress and offers the
    file — to its owner only — when it is done. `params` keeps the codes it was asked with."""

    owner = models.ForeignKey("org.Person", on_delete=models.CASCADE, related_name="+",
                              verbose_name=_("owner"))
    name = models.CharField(_("report"), max_length=40)
    params = models.JSONField(_("parameters"), default=dict)
    format = models.CharField(_("format"), max_length=8)
    language = models.CharField(_("language"), max_length=16, default="zh-hans")
    status = models.CharField(_("status"), max_length=10, choices=ReportStatus.choices,
                              default=ReportStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    file = models.FileField(_("file"), upload_to="reports/", blank=True)
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    error = models.TextField(_("error"), blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    finished = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("generated report")
        verbose_name_plural = _("generated reports")
        ordering = ["-created", "-pk"]
        constraints = [models.CheckConstraint(condition=models.Q(progress__lte=100),
                                              name="report_progress_0_100",
                                              violation_error_message=_("Progress runs from 0 to 100."))]

    def __str__(self) -> str:
        return f"{self.name}.{self.format} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in (ReportStatus.DONE, ReportStatus.FAILED)


class ReportSchedule(TenantModel):
    """The weekly company report of an organization (okrflow/reports/schedules.py): the company
    dashboard's summary mailed, with its PDF, on `weekday` to the chosen people. One per
    organization; set by admins and the OKR champion."""

    recipients = models.ManyToManyField("org.Person", related_name="+", blank=True,
                                        verbose_name=_("recipients"))
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices, default=Weekday.MONDAY)
    enabled = models.BooleanField(_("enabled"), default=False)
    # The sending job's claim (one job at a time, taken again if it died) and the figures of the
    # last report, which every recipient's PDF is made from when their mail is sent.
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True, editable=False)
    figures = models.JSONField(_("figures of the last report"), default=dict, blank=True, editable=False)

    class Meta:
        verbose_name = _("weekly report schedule")
        verbose_name_plural = _("weekly report schedules")
        ordering = ["organization_id", "pk"]
        constraints = [models.UniqueConstraint(fields=["organization"], name="one_report_schedule_per_org",
                                               violation_error_message=_("The organization has a weekly "
                                                                         "report schedule already."))]

    def __str__(self) -> str:
        return f"{self.organization} · {self.get_weekday_display()}"
