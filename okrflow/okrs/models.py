"""Objectives and key results, their alignment, categories and the organization's OKR policy.

Scores are not stored: they follow from values by the one rule in okrflow/okrs/scoring.py.
A key result keeps a copy of its latest check-in (current_value, confidence) so that scores
can be computed set-wise in one query; okrflow/checkins/services.py keeps that copy true.
"""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from okrflow.tenancy import TenantModel

ref_help = _("A stable name for this item in files and other systems; unique in the organization.")
VALUE = {"max_digits": 20, "decimal_places": 4}


class Category(TenantModel):
    """A business category for the objective system diagram (目标体系模式图)."""

    name = models.CharField(_("name"), max_length=80)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["position", "name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "name"], name="category_name_unique_in_org",
                violation_error_message=_("A category with this name already exists."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class Origin(models.TextChoices):
    TOP_DOWN = "top_down", _("Top-down")
    BOTTOM_UP = "bottom_up", _("Bottom-up")
    NEGOTIATED = "negotiated", _("Negotiated")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    PRIVATE = "private", _("Private")


class ObjectiveStatus(models.TextChoices):
    """An objective's state in the seven-step cycle; the transitions are okrflow/cycles/phases.py's."""

    DRAFT = "draft", pgettext_lazy("objective status", "Draft")
    PROPOSED = "proposed", pgettext_lazy("objective status", "Proposed")
    AGREED = "agreed", pgettext_lazy("objective status", "Agreed")
    PUBLISHED = "published", pgettext_lazy("objective status", "Published")
    CLOSED = "closed", pgettext_lazy("objective status", "Closed")


# Objectives that count in scores, averages and reports (drafts and proposals never do), and those
# whose key results take check-ins (the cycle is running). The pure table: cycles/phases.py.
COUNTED_STATUSES = (ObjectiveStatus.AGREED, ObjectiveStatus.PUBLISHED, ObjectiveStatus.CLOSED)
LIVE_STATUSES = (ObjectiveStatus.AGREED, ObjectiveStatus.PUBLISHED)


class Objective(TenantModel):
    """An objective (O) of the company, a unit or a person in one cycle.

    The company owns objectives through the root unit. `parent_objective` / `parent_key_result`
    is the vertical alignment (at most one of them); ObjectiveLink holds further horizontal
    "contributes to" links, which are shown but never counted twice in scores.
    """

    cycle = models.ForeignKey("cycles.Cycle", on_delete=models.PROTECT, related_name="objectives",
                              verbose_name=_("cycle"))
    owner_unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="objectives", verbose_name=_("owning unit"))
    owner_person = models.ForeignKey("org.Person", on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="objectives", verbose_name=_("owning person"))
    ref = models.CharField(_("reference"), max_length=64, help_text=ref_help)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    category = models.ForeignKey(Category, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="objectives", verbose_name=_("category"))
    origin = models.CharField(_("origin"), max_length=20, choices=Origin.choices,
                              default=Origin.TOP_DOWN)
    visibility = models.CharField(_("visibility"), max_length=20, choices=Visibility.choices,
                                  default=Visibility.PUBLIC)
    status = models.CharField(_("status"), max_length=20, choices=ObjectiveStatus.choices,
                              default=ObjectiveStatus.AGREED)
    # Consensus (制定): the owner's and the manager's acceptance of a proposal, and for a
    # department's objective the company head's confirmation, each cleared when it is sent back.
    owner_agreed_at = models.DateTimeField(_("accepted by the owner"), null=True, blank=True)
    manager_agreed_by = models.ForeignKey(
        "org.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("accepted by the manager"))
    manager_agreed_at = models.DateTimeField(_("accepted by the manager at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        "org.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("confirmed by the company head"))
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    # Update (更新): the objective of the previous cycle this one continues.
    continued_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="continuations",
        verbose_name=_("continues objective"))
    parent_objective = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="children",
        verbose_name=_("supports objective"))
    parent_key_result = models.ForeignKey(
        "okrs.KeyResult", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="children", verbose_name=_("supports key result"))
    position = models.PositiveIntegerField(_("position"), default=0)
    version = models.PositiveIntegerField(_("version"), default=1,
                                          help_text=_("Raised on every change; guards against lost updates."))
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        ordering = ["cycle_id", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "ref"], name="objective_ref_unique_in_org",
                violation_error_message=_("An objective with this reference already exists."),
            ),
            models.CheckConstraint(
                condition=(Q(owner_unit__isnull=False, owner_person__isnull=True)
                           | Q(owner_unit__isnull=True, owner_person__isnull=False)),
                name="objective_has_one_owner",
                violation_error_message=_("An objective is owned by the company, a unit or a person."),
            ),
            models.CheckConstraint(
                condition=Q(parent_objective__isnull=True) | Q(parent_key_result__isnull=True),
                name="objective_has_at_most_one_parent",
                violation_error_message=_("An objective supports one objective or one key result."),
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "cycle", "owner_unit"]),
            models.Index(fields=["organization", "cycle", "owner_person"]),
            # The API list's order (cycle, id): its first page streams from this index and stops
            # at the page instead of sorting every visible objective of the cycle.
            models.Index(fields=["organization", "cycle", "id"], name="okrs_objective_list_order"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def owner(self):
        return self.owner_person or self.owner_unit

    @property
    def is_company(self) -> bool:
        return self.owner_unit_id is not None and self.owner_unit.parent_id is None


class KeyResultKind(models.TextChoices):
    NUMBER = "number", _("Number")
    PERCENT = "percent", _("Percentage")
    CURRENCY = "currency", _("Currency")
    MILESTONE = "milestone", _("Milestone")


class KeyResult(TenantModel):
    """A key result (KR): a measurable outcome from start value to target value.

    A target below the start means "decrease". A milestone runs from 0 (not done) to 1 (done).
    current_value / confidence / last_checkin_date mirror the latest check-in (by date, then
    by the order recorded); with no check-in, current_value equals start_value.
    """

    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="key_results",
                                  verbose_name=_("objective"))
    ref = models.CharField(_("reference"), max_length=64, help_text=ref_help)
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=KeyResultKind.choices,
                            default=KeyResultKind.NUMBER)
    start_value = models.DecimalField(_("start value"), default=Decimal(0), **VALUE)
    target_value = models.DecimalField(_("target value"), **VALUE)
    unit = models.CharField(_("unit of measure"), max_length=20, blank=True)
    weight = models.DecimalField(_("weight"), max_digits=8, decimal_places=3, default=Decimal(1))
    owner = models.ForeignKey("org.Person", on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="key_results", verbose_name=_("owner"))
    due_date = models.DateField(_("due date"), null=True, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    current_value = models.DecimalField(_("current value"), default=Decimal(0), **VALUE)
    confidence = models.PositiveSmallIntegerField(
        _("confidence"), null=True, blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)])
    last_checkin_date = models.DateField(_("last check-in"), null=True, blank=True)
    # Update (更新): the key result of the previous cycle carried over into this one, and why.
    carried_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="carried_into",
        verbose_name=_("carried over from"))
    carry_reason = models.TextField(_("reason for carrying over"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("key result")
        verbose_name_plural = _("key results")
        ordering = ["objective_id", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "ref"], name="key_result_ref_unique_in_org",
                violation_error_message=_("A key result with this reference already exists."),
            ),
            models.CheckConstraint(
                condition=Q(weight__gt=0), name="key_result_weight_positive",
                violation_error_message=_("The weight must be greater than zero."),
            ),
            models.CheckConstraint(
                condition=Q(confidence__isnull=True) | Q(confidence__gte=0, confidence__lte=100),
                name="key_result_confidence_0_100",
                violation_error_message=_("Confidence runs from 0 to 100."),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ChangeRequestState(models.TextChoices):
    PENDING = "pending", pgettext_lazy("change request", "Pending")
    APPROVED = "approved", pgettext_lazy("change request", "Approved")
    REJECTED = "rejected", pgettext_lazy("change request", "Rejected")


class KeyResultChangeRequest(TenantModel):
    """A published annual key result's new title or target, proposed with a reason and decided
    by the owner's manager or an admin (okrflow/okrs/changes.py)."""

    key_result = models.ForeignKey(KeyResult, on_delete=models.CASCADE, related_name="change_requests",
                                   verbose_name=_("key result"))
    requested_by = models.ForeignKey("org.Person", on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("requested by"))
    old_title = models.CharField(_("old title"), max_length=200)
    new_title = models.CharField(_("new title"), max_length=200)
    old_target = models.DecimalField(_("old target"), **VALUE)
    new_target = models.DecimalField(_("new target"), **VALUE)
    reason = models.TextField(_("reason"))
    state = models.CharField(_("state"), max_length=20, choices=ChangeRequestState.choices,
                             default=ChangeRequestState.PENDING)
    decided_by = models.ForeignKey("org.Person", on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_comment = models.TextField(_("comment on the decision"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("key result change request")
        verbose_name_plural = _("key result change requests")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["key_result", "state"])]

    def __str__(self) -> str:
        return f"{self.key_result} → {self.new_title}"


class ObjectiveLink(TenantModel):
    """A horizontal "contributes to" link from an objective to another objective or key result."""

    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="links",
                                  verbose_name=_("objective"))
    to_objective = models.ForeignKey(Objective, on_delete=models.CASCADE, null=True, blank=True,
                                     related_name="contributors", verbose_name=_("contributes to objective"))
    to_key_result = models.ForeignKey(KeyResult, on_delete=models.CASCADE, null=True, blank=True,
                                      related_name="contributors",
                                      verbose_name=_("contributes to key result"))

    class Meta:
        verbose_name = _("alignment link")
        verbose_name_plural = _("alignment links")
        ordering = ["objective_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(to_objective__isnull=False, to_key_result__isnull=True)
                           | Q(to_objective__isnull=True, to_key_result__isnull=False)),
                name="link_has_one_target",
                violation_error_message=_("A link points to one objective or one key result."),
            ),
            models.UniqueConstraint(fields=["objective", "to_objective"], name="link_objective_once",
                                    violation_error_message=_("This link exists already.")),
            models.UniqueConstraint(fields=["objective", "to_key_result"], name="link_key_result_once",
                                    violation_error_message=_("This link exists already.")),
        ]

    def __str__(self) -> str:
        return f"{self.objective} → {self.to_objective or self.to_key_result}"


class OkrPolicy(TenantModel):
    """The organization's OKR settings: grade bands and the thresholds of the rules check.

    Defaults follow the guides in shared/DOMAIN.md; `policy_for(org)` returns an unsaved
    default when an organization has not changed anything.
    """

    fair_from = models.DecimalField(_("fair from"), max_digits=4, decimal_places=3, default=Decimal("0.4"))
    good_from = models.DecimalField(_("good from"), max_digits=4, decimal_places=3, default=Decimal("0.6"))
    excellent_from = models.DecimalField(_("excellent from"), max_digits=4, decimal_places=3,
                                         default=Decimal("0.9"))
    max_objectives = models.PositiveSmallIntegerField(_("most objectives per owner"), default=5)
    max_key_results = models.PositiveSmallIntegerField(_("most key results per objective"), default=4)
    min_key_results = models.PositiveSmallIntegerField(_("fewest key results per objective"), default=2)
    min_bottom_up_ratio = models.DecimalField(_("least bottom-up share"), max_digits=4, decimal_places=3,
                                              default=Decimal("0.6"))
    confidence_drop = models.PositiveSmallIntegerField(_("confidence drop that needs a reason"), default=30)
    # The at-risk rule (okrflow/checkins/forecast.py::is_at_risk): a confidence below this, or a
    # projected score in the lowest grade band (below fair_from).
    at_risk_confidence = models.PositiveSmallIntegerField(
        _("at risk below confidence"), default=50, validators=[MaxValueValidator(100)],
        help_text=_("A key result whose owner's confidence (%) is below this is at risk, as is one "
                    "whose projected score is below “fair from”."))

    class Meta:
        verbose_name = _("OKR policy")
        verbose_name_plural = _("OKR policies")
        ordering = ["organization_id"]
        constraints = [
            models.UniqueConstraint(fields=["organization"], name="one_okr_policy_per_org"),
            models.CheckConstraint(
                condition=Q(fair_from__lte=models.F("good_from"))
                & Q(good_from__lte=models.F("excellent_from")),
                name="grade_bands_in_order",
                violation_error_message=_("Grade bands must rise: fair ≤ good ≤ excellent."),
            ),
        ]

    def __str__(self) -> str:
        return str(_("OKR policy"))


def policy_for(organization) -> OkrPolicy:
    """The organization's policy (an organization or its id), or the defaults when none is saved."""
    # One row per organization (unique): unordered, as first() would order it and compile that.
    saved = next(iter(OkrPolicy.objects.for_org(organization).order_by()[:1]), None)
    return saved or OkrPolicy(organization_id=getattr(organization, "pk", organization))
