"""Reflect (反思) and update (更新): a unit's or the management's retrospective of a cycle, its
answers to the review checklist (seed 003, 回顾要点), the improvements that become next cycle's
action items, and what closing a cycle decided for each key result.

A retrospective is about learning, not blame: it reads the unit's aggregated self-assessments,
confidence history and check-in discipline, and it never feeds an appraisal.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from okrflow.tenancy import TenantModel

VERSION_HELP = _("Raised on every change; guards against lost updates.")


class RetroKind(models.TextChoices):
    DEPARTMENT = "department", _("Department retrospective")
    MANAGEMENT = "management", _("Management retrospective")


class Prompt(models.TextChoices):
    """The review checklist of seed 003 (回顾要点), in its order."""

    PROGRESS = "progress", _("Progress: where do we stand against the key results?")
    QUALITY = "quality", _("Quality: how well was the work done?")
    BALANCE = "balance", _("Balance: did the work move evenly across objectives and people?")
    COLLABORATION = "collaboration", _("Collaboration: how well did we work with each other and other units?")
    DEVIATION = "deviation", _("Deviation: did the results reach the expected level, and how far "
                               "off were they?")
    ACTIONS = "actions", _("Effectiveness of actions: did the actions and countermeasures we took work?")
    OBSTACLES = "obstacles", _("Obstacles: what got in the way?")
    BEYOND_CONTROL = "beyond_control", _("What could not be overcome or controlled?")
    CHANCE = "chance", _("Chance: were the results affected by chance factors?")
    REMOVE_OBSTACLES = "remove_obstacles", _("How will we remove these obstacles?")


class Retrospective(TenantModel):
    """One retrospective of a cycle: a department's (its unit) or the management's (no unit)."""

    cycle = models.ForeignKey("cycles.Cycle", on_delete=models.CASCADE, related_name="retrospectives",
                              verbose_name=_("cycle"))
    kind = models.CharField(_("kind"), max_length=20, choices=RetroKind.choices, default=RetroKind.DEPARTMENT)
    unit = models.ForeignKey("org.Unit", on_delete=models.CASCADE, null=True, blank=True,
                             related_name="retrospectives", verbose_name=_("unit"))
    went_well = models.TextField(_("what went well"), blank=True)
    went_badly = models.TextField(_("what did not go well"), blank=True)
    causes = models.TextField(_("causes"), blank=True)
    created_by = models.ForeignKey("org.Person", on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    version = models.PositiveIntegerField(_("version"), default=1, help_text=VERSION_HELP)

    class Meta:
        verbose_name = _("retrospective")
        verbose_name_plural = _("retrospectives")
        ordering = ["cycle_id", "kind", "unit_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind=RetroKind.DEPARTMENT, unit__isnull=False)
                           | Q(kind=RetroKind.MANAGEMENT, unit__isnull=True)),
                name="retro_department_has_unit_management_has_none",
                violation_error_message=_("A department retrospective has a unit; the management's "
                                          "has none."),
            ),
            models.UniqueConstraint(
                fields=["cycle", "unit"], condition=Q(unit__isnull=False),
                name="one_retro_per_unit_and_cycle",
                violation_error_message=_("This unit already has a retrospective for this cycle."),
            ),
            models.UniqueConstraint(
                fields=["cycle"], condition=Q(kind=RetroKind.MANAGEMENT),
                name="one_management_retro_per_cycle",
                violation_error_message=_("The management already has a retrospective for this cycle."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cycle} · {self.unit or self.get_kind_display()}"


class RetroAnswer(TenantModel):
    """The retrospective's answer to one prompt of the checklist."""

    retrospective = models.ForeignKey(Retrospective, on_delete=models.CASCADE, related_name="answers",
                                      verbose_name=_("retrospective"))
    prompt = models.CharField(_("prompt"), max_length=30, choices=Prompt.choices)
    text = models.TextField(_("answer"), blank=True)

    class Meta:
        verbose_name = _("retrospective answer")
        verbose_name_plural = _("retrospective answers")
        ordering = ["retrospective_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["retrospective", "prompt"], name="one_answer_per_prompt",
                                    violation_error_message=_("This prompt already has an answer.")),
        ]

    def __str__(self) -> str:
        return f"{self.retrospective} · {self.get_prompt_display()}"


class Improvement(TenantModel):
    """A concrete improvement with an owner and a due date; carried into the next cycle it
    becomes an action item (meetings.ActionItem) of one of its key results, linked here."""

    retrospective = models.ForeignKey(Retrospective, on_delete=models.CASCADE, related_name="improvements",
                                      verbose_name=_("retrospective"))
    text = models.CharField(_("improvement"), max_length=200)
    owner = models.ForeignKey("org.Person", on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="improvements", verbose_name=_("owner"))
    due_date = models.DateField(_("due date"), null=True, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    action_item = models.OneToOneField("meetings.ActionItem", on_delete=models.SET_NULL, null=True,
                                       blank=True, related_name="improvement",
                                       verbose_name=_("action item"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("improvement")
        verbose_name_plural = _("improvements")
        ordering = ["retrospective_id", "position", "id"]

    def __str__(self) -> str:
        return self.text


class Outcome(models.TextChoices):
    """What closing a cycle made of a key result (WorkBoard's copy-and-reset)."""

    ACHIEVED = "achieved", _("Closed as achieved")
    MISSED = "missed", _("Closed as missed")
    CARRIED = "carried", _("Carried over as is")
    CARRIED_NEW_TARGET = "carried_new_target", _("Carried over with a new target")


CARRY_OUTCOMES = (Outcome.CARRIED, Outcome.CARRIED_NEW_TARGET)


class ClosingDecision(TenantModel):
    """What became of one key result when its cycle closed, and where a carried one went."""

    cycle = models.ForeignKey("cycles.Cycle", on_delete=models.CASCADE, related_name="closing_decisions",
                              verbose_name=_("cycle"))
    key_result = models.OneToOneField("okrs.KeyResult", on_delete=models.CASCADE, related_name="closing",
                                      verbose_name=_("key result"))
    outcome = models.CharField(_("outcome"), max_length=30, choices=Outcome.choices)
    carried_into = models.ForeignKey("okrs.KeyResult", on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("carried into"))
    decided_by = models.ForeignKey("org.Person", on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided"), default=timezone.now)

    class Meta:
        verbose_name = _("closing decision")
        verbose_name_plural = _("closing decisions")
        ordering = ["cycle_id", "key_result_id"]

    def __str__(self) -> str:
        return f"{self.key_result} · {self.get_outcome_display()}"
