"""OKR cycles (周期): annual cycles contain quarterly ones; monthly and custom cycles exist too."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

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
