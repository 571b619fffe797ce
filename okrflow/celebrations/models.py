"""Celebrate (庆祝): celebrations with the reward tier their OKRs earn, and kudos.

Celebrations happen at team (weekly), department (monthly) and management (quarterly) level.
The reward tiers are the organization's, by grade (the seeds: a department that did well gets a
richer reward, one that did poorly a simpler one); a celebration's tier is computed from the
celebrated OKRs' average score (okrflow/celebrations/tiers.py), never stored, and may be
overridden with a reason. Kudos go from one person to another, tied to an objective or key result.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from okrflow.tenancy import TenantModel


class Grade(models.TextChoices):
    """The grade bands of okrflow/okrs/scoring.py (GRADES), lowest first."""

    POOR = "poor", _("Poor")
    FAIR = "fair", _("Fair")
    GOOD = "good", _("Good")
    EXCELLENT = "excellent", _("Excellent")


class RewardTier(TenantModel):
    """What an achievement of at least `min_grade` earns, e.g. excellent → team dinner + bonus."""

    min_grade = models.CharField(_("from grade"), max_length=20, choices=Grade.choices)
    name = models.CharField(_("reward"), max_length=120)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("reward tier")
        verbose_name_plural = _("reward tiers")
        ordering = ["organization_id", "id"]  # shown in grade order: tiers.py
        constraints = [
            models.UniqueConstraint(fields=["organization", "min_grade"], name="one_reward_tier_per_grade",
                                    violation_error_message=_("This grade already has a reward tier.")),
        ]

    def __str__(self) -> str:
        return self.name


class CelebrationLevel(models.TextChoices):
    TEAM = "team", _("Team (weekly)")
    DEPARTMENT = "department", _("Department (monthly)")
    MANAGEMENT = "management", _("Management (quarterly)")


class Celebration(TenantModel):
    """An event that celebrates OKRs of a cycle: a team's, a department's or the company's."""

    cycle = models.ForeignKey("cycles.Cycle", on_delete=models.CASCADE, related_name="celebrations",
                              verbose_name=_("cycle"))
    level = models.CharField(_("level"), max_length=20, choices=CelebrationLevel.choices)
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"))
    # None: the company (a management celebration).
    unit = models.ForeignKey("org.Unit", on_delete=models.CASCADE, null=True, blank=True,
                             related_name="celebrations", verbose_name=_("unit"))
    objectives = models.ManyToManyField("okrs.Objective", blank=True, related_name="celebrations",
                                        verbose_name=_("objectives celebrated"))
    key_results = models.ManyToManyField("okrs.KeyResult", blank=True, related_name="celebrations",
                                         verbose_name=_("key results celebrated"))
    notes = models.TextField(_("notes"), blank=True)
    tier_override = models.ForeignKey(RewardTier, on_delete=models.SET_NULL, null=True, blank=True,
                                      related_name="+", verbose_name=_("reward tier chosen instead"))
    override_reason = models.TextField(_("why another tier"), blank=True)
    created_by = models.ForeignKey("org.Person", on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("celebration")
        verbose_name_plural = _("celebrations")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["organization", "cycle", "date"], name="celebration_by_cycle")]
        constraints = [
            models.CheckConstraint(
                condition=Q(tier_override__isnull=True) | ~Q(override_reason=""),
                name="celebration_override_has_reason",
                violation_error_message=_("Say why this celebration gets another reward tier."),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Kudos(TenantModel):
    """Thanks from one person to another for an objective or one of its key results. Seen by
    those who may see the objective (its visibility governs the kudos)."""

    giver = models.ForeignKey("org.Person", on_delete=models.CASCADE, related_name="kudos_given",
                              verbose_name=_("from"))
    recipient = models.ForeignKey("org.Person", on_delete=models.CASCADE, related_name="kudos_received",
                                  verbose_name=_("to"))
    objective = models.ForeignKey("okrs.Objective", on_delete=models.CASCADE, related_name="kudos",
                                  verbose_name=_("objective"))
    key_result = models.ForeignKey("okrs.KeyResult", on_delete=models.CASCADE, null=True, blank=True,
                                   related_name="kudos", verbose_name=_("key result"))
    message = models.CharField(_("message"), max_length=500)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("kudos")
        verbose_name_plural = _("kudos")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "-created_at"], name="kudos_by_recipient")]
        constraints = [
            models.CheckConstraint(condition=~Q(giver=models.F("recipient")), name="kudos_not_to_oneself",
                                   violation_error_message=_("Kudos go to someone else.")),
        ]

    def __str__(self) -> str:
        return f"{self.giver} → {self.recipient}"
