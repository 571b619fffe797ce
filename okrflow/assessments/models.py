"""Self-assessment (自评) and the manager's review, per key result; the three-part summary per
objective (issue 9, shared/DOMAIN.md §5).

The self-assessment is for learning, not for appraisal: it never changes the OKR score (which
okrflow/okrs/scoring.py computes from values and nobody stores) and appears in no HR export but
the person's review sheet (okrflow/assessments/sheet.py). Every write goes through
okrflow/assessments/services.py.
"""

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from okrflow.tenancy import TenantModel

SCORE = {"max_digits": 4, "decimal_places": 3}


class ReviewState(models.TextChoices):
    PENDING = "pending", pgettext_lazy("self-assessment review", "Awaiting review")
    AGREED = "agreed", pgettext_lazy("self-assessment review", "Agreed")
    ADJUSTED = "adjusted", pgettext_lazy("self-assessment review", "Adjusted")


class SelfAssessment(TenantModel):
    """A key result's self-score (0–1) with its comment, the computed score it was given beside,
    and the manager's review: agreed (the self-score stands) or adjusted (a new score, with a
    comment). One per key result; the cycle is its objective's."""

    key_result = models.OneToOneField("okrs.KeyResult", on_delete=models.CASCADE,
                                      related_name="self_assessment", verbose_name=_("key result"))
    score = models.DecimalField(_("self-score"), **SCORE)
    comment = models.TextField(_("comment"), blank=True)
    computed_score = models.DecimalField(
        _("computed score"), **SCORE,
        help_text=_("The key result's score by its check-ins when the self-score was given."))
    assessed_by = models.ForeignKey("org.Person", on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("assessed by"))
    assessed_at = models.DateTimeField(_("assessed at"))
    review_state = models.CharField(_("review"), max_length=20, choices=ReviewState.choices,
                                    default=ReviewState.PENDING)
    reviewed_score = models.DecimalField(_("reviewed score"), null=True, blank=True, **SCORE)
    review_comment = models.TextField(_("review comment"), blank=True)
    reviewed_by = models.ForeignKey("org.Person", on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("reviewed by"))
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")
        ordering = ["key_result_id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(score__gte=Decimal(0), score__lte=Decimal(1)),
                name="self_assessment_score_0_1",
                violation_error_message=_("A self-score runs from 0 to 1."),
            ),
            models.CheckConstraint(
                condition=Q(computed_score__gte=Decimal(0), computed_score__lte=Decimal(1)),
                name="self_assessment_computed_0_1",
                violation_error_message=_("A computed score runs from 0 to 1."),
            ),
            models.CheckConstraint(
                condition=Q(reviewed_score__isnull=True)
                | Q(reviewed_score__gte=Decimal(0), reviewed_score__lte=Decimal(1)),
                name="self_assessment_reviewed_0_1",
                violation_error_message=_("A reviewed score runs from 0 to 1."),
            ),
            models.CheckConstraint(
                condition=Q(review_state="pending") | Q(reviewed_score__isnull=False),
                name="self_assessment_review_has_score",
                violation_error_message=_("A review holds the score it agreed to or set."),
            ),
        ]
        indexes = [models.Index(fields=["organization", "review_state"])]

    def __str__(self) -> str:
        return f"{self.key_result} · {self.score}"

    @property
    def final_score(self) -> Decimal:
        """The score after the review: the manager's where reviewed, else the self-score."""
        return self.reviewed_score if self.reviewed_score is not None else self.score


class ObjectiveSummary(TenantModel):
    """The owner's three-part summary of an objective at the end of the cycle: what was achieved,
    what was not, and why (the seeds' 自评 summary)."""

    objective = models.OneToOneField("okrs.Objective", on_delete=models.CASCADE,
                                     related_name="summary", verbose_name=_("objective"))
    achieved = models.TextField(_("what was achieved"), blank=True)
    missed = models.TextField(_("what was not achieved"), blank=True)
    why = models.TextField(_("why"), blank=True)
    written_by = models.ForeignKey("org.Person", on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("written by"))
    written_at = models.DateTimeField(_("written at"))

    class Meta:
        verbose_name = _("objective summary")
        verbose_name_plural = _("objective summaries")
        ordering = ["objective_id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(achieved="", missed="", why=""),
                name="objective_summary_not_empty",
                violation_error_message=_("Write at least one part of the summary."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.objective)
