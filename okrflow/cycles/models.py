"""OKR cycles (周期): annual cycles contain quarterly ones; monthly and custom cycles exist too."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from okrflow.cycles.phases import Phase
from okrflow.org.models import code_validator
from okrflow.tenancy import TenantModel


class CycleKind(models.TextChoices):
    ANNUAL = "annual", _("Annual")
    QUARTERLY = "quarterly", _("Quarterly")
    MONTHLY = "monthly", _("Monthly")
    CUSTOM = "custom", _("Custom")


class Cycle(TenantModel):
    """A period that OKRs belong to. A child cycle lies inside its parent's dates."""

    code = models.CharField(_("code"), max_length=40, validators=[code_validator])
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=20, choices=CycleKind.choices)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children",
        verbose_name=_("parent cycle"),
    )
    # The seven steps (okrflow/cycles/phases.py): published locks the cycle's OKRs; closed archives
    # them read-only (the banner names who closed it and when).
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey("org.Person", on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("published by"))
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey("org.Person", on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+", verbose_name=_("closed by"))
    # A pilot runs for the chosen units only (and everyone below them); empty: the whole company.
    pilot_units = models.ManyToManyField("org.Unit", blank=True, related_name="pilot_cycles",
                                         verbose_name=_("pilot units"))

    class Meta:
        verbose_name = _("cycle")
        verbose_name_plural = _("cycles")
        ordering = ["start_date", "-end_date", "code", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "code"], name="cycle_code_unique_in_org",
                violation_error_message=_("A cycle with this code already exists."),
            ),
            models.CheckConstraint(
                condition=Q(start_date__lte=F("end_date")), name="cycle_starts_before_it_ends",
                violation_error_message=_("A cycle cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def contains(self, day) -> bool:
        return self.start_date <= day <= self.end_date

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class CyclePhase(TenantModel):
    """One of a cycle's seven steps with its dates: proposed from the cycle's dates
    (phases.proposed_dates), editable by the admin or the OKR champion. Phases may overlap."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="phases",
                              verbose_name=_("cycle"))
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))

    class Meta:
        verbose_name = _("cycle phase")
        verbose_name_plural = _("cycle phases")
        ordering = ["cycle_id", "start_date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "phase"], name="one_phase_of_each_kind_per_cycle"),
            models.CheckConstraint(
                condition=Q(start_date__lte=F("end_date")), name="phase_starts_before_it_ends",
                violation_error_message=_("A phase cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cycle} · {self.get_phase_display()}"
