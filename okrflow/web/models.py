"""Models of the web shell: derived views that a request reads instead of computing."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from okrflow.tenancy import TenantModel


class CompanyBoard(TenantModel):
    """The company's state on the home page of the company head and the admins (its score, the
    units with the lowest scores, who has not checked in for two weeks), for one cycle.

    Computed by a job (okrflow/web/tasks.py), never by the request that shows it: it reads every
    unit's objectives and every person's key results, which at 100,000 people is seconds of work.
    A view that finds it missing or older than home_boards.BOARD_FRESH asks for a refresh (once:
    `requested_at`) and shows what there is. A derived cache, not a record: nothing else reads it.
    """

    cycle = models.OneToOneField("cycles.Cycle", on_delete=models.CASCADE, related_name="company_board",
                                 verbose_name=_("cycle"))
    data = models.JSONField(_("data"), default=dict)
    computed_at = models.DateTimeField(_("computed"), null=True, blank=True)
    requested_at = models.DateTimeField(_("refresh requested"), null=True, blank=True)

    class Meta:
        verbose_name = _("company board")
        verbose_name_plural = _("company boards")

    def __str__(self) -> str:
        return f"{self.cycle} · {self.computed_at}"


class UnitShare(TenantModel):
    """A unit's bottom-up share in a cycle (the unit with everything and everyone below it; the
    root unit: the company): how many of the objectives that count were proposed bottom-up or
    negotiated. Written for every unit at once by the company board's job (one pass over the
    cycle's objectives); the unit and company OKR pages read one row. Drafts never count."""

    cycle = models.ForeignKey("cycles.Cycle", on_delete=models.CASCADE, related_name="+",
                              verbose_name=_("cycle"))
    unit = models.ForeignKey("org.Unit", on_delete=models.CASCADE, related_name="+", verbose_name=_("unit"))
    counted = models.PositiveIntegerField(_("objectives that count"), default=0)
    bottom_up = models.PositiveIntegerField(_("bottom-up or negotiated"), default=0)

    class Meta:
        verbose_name = _("bottom-up share")
        verbose_name_plural = _("bottom-up shares")
        constraints = [models.UniqueConstraint(fields=["cycle", "unit"], name="one_share_per_unit_and_cycle")]

    def __str__(self) -> str:
        return f"{self.unit} · {self.bottom_up}/{self.counted}"


class DashboardFigures(TenantModel):
    """The figures of the company's dashboard (the root unit) or of a unit's, for one cycle:
    okrflow/reports/dashboard.py::scope_figures as plain data (counts, means, unit names; never
    an objective's title, so the same row serves every reader allowed to see the unit).

    Computed by a job (okrflow/web/tasks.py) like the company board: it reads every objective, key
    result and check-in at or below the unit. A page that finds it missing or older than
    dashboard_store.FRESH asks for a refresh (once: `requested_at`) and shows what there is,
    with the time it was computed."""

    cycle = models.ForeignKey("cycles.Cycle", on_delete=models.CASCADE, related_name="+",
                              verbose_name=_("cycle"))
    unit = models.ForeignKey("org.Unit", on_delete=models.CASCADE, related_name="+", verbose_name=_("unit"))
    data = models.JSONField(_("data"), default=dict)
    computed_at = models.DateTimeField(_("computed"), null=True, blank=True)
    requested_at = models.DateTimeField(_("refresh requested"), null=True, blank=True)

    class Meta:
        verbose_name = _("dashboard figures")
        verbose_name_plural = _("dashboard figures")
        constraints = [models.UniqueConstraint(fields=["cycle", "unit"],
                                               name="one_dashboard_per_unit_and_cycle")]

    def __str__(self) -> str:
        return f"{self.unit} · {self.cycle} · {self.computed_at}"
