"""Check-ins: a key result's value (and the owner's confidence) on a date."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from okrflow.okrs.models import VALUE
from okrflow.tenancy import TenantModel


class CheckIn(TenantModel):
    """One reading of a key result. The latest by date (then by the order recorded) is current."""

    key_result = models.ForeignKey("okrs.KeyResult", on_delete=models.CASCADE, related_name="checkins",
                                   verbose_name=_("key result"))
    date = models.DateField(_("date"))
    value = models.DecimalField(_("value"), **VALUE)
    confidence = models.PositiveSmallIntegerField(
        _("confidence"), null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(100)])
    note = models.TextField(_("note"), blank=True)
    author = models.ForeignKey("org.Person", on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="checkins", verbose_name=_("author"))
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["key_result_id", "date", "id"]
        indexes = [models.Index(fields=["key_result", "date", "id"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(confidence__isnull=True) | Q(confidence__gte=0, confidence__lte=100),
                name="checkin_confidence_0_100",
                violation_error_message=_("Confidence runs from 0 to 100."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.value}"
