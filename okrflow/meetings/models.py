"""The execution rhythm (DOMAIN.md §5 step 3, 执行): weekly updates, action plans (行动计划),
daily stand-ups and their follow-ups, weekly meetings with their decisions, and comments.

Check-ins themselves live in okrflow/checkins; a WeeklyUpdate groups one person's check-ins of
one week and keeps the blockers they named beside each key result.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from okrflow.tenancy import TenantModel

VERSION_HELP = _("Raised on every change; guards against lost updates.")


class WeeklyUpdate(TenantModel):
    """One person's weekly check-in: the week it belongs to and when it was (last) submitted."""

    person = models.ForeignKey("org.Person", on_delete=models.CASCADE, related_name="weekly_updates",
                               verbose_name=_("person"))
    week_start = models.DateField(_("week starting"))
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    version = models.PositiveIntegerField(_("version"), default=1, help_text=VERSION_HELP)

    class Meta:
        verbose_name = _("weekly update")
        verbose_name_plural = _("weekly updates")
        ordering = ["-week_start", "person_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "week_start"], name="one_weekly_update_per_person_and_week",
                violation_error_message=_("This person already has an update for this week."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.week_start}"


class WeeklyUpdateEntry(TenantModel):
    """One key result's line of a weekly update: its check-in and the blockers named with it."""

    weekly_update = models.ForeignKey(WeeklyUpdate, on_delete=models.CASCADE, related_name="entries",
                                      verbose_name=_("weekly update"))
    checkin = models.OneToOneField("checkins.CheckIn", on_delete=models.CASCADE, related_name="weekly_entry",
                                   verbose_name=_("check-in"))
    blockers = models.TextField(_("blockers"), blank=True)

    class Meta:
        verbose_name = _("weekly update line")
        verbose_name_plural = _("weekly update lines")
        ordering = ["weekly_update_id", "id"]

    def __str__(self) -> str:
        return str(self.checkin)


class ActionStatus(models.TextChoices):
    TODO = "todo", _("To do")
    DOING = "doing", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_STATUSES = (ActionStatus.TODO, ActionStatus.DOING)


class ActionItem(TenantModel):
    """A task of a key result's action plan (行动计划), decomposed by 5W2H: what, why, who,
    when, where, how, how much (DOMAIN.md §3)."""

    key_result = models.ForeignKey("okrs.KeyResult", on_delete=models.CASCADE, related_name="action_items",
                                   verbose_name=_("key result"))
    title = models.CharField(_("title"), max_length=200)
    owner = models.ForeignKey("org.Person", on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="action_items", verbose_name=_("owner"))
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=ActionStatus.choices,
                              default=ActionStatus.TODO)
    what = models.TextField(_("what"), blank=True)
    why = models.TextField(_("why"), blank=True)
    who = models.TextField(_("who"), blank=True)
    when = models.TextField(_("when"), blank=True)
    where = models.TextField(_("where"), blank=True)
    how = models.TextField(_("how"), blank=True)
    how_much = models.TextField(_("how much"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, help_text=VERSION_HELP)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["key_result_id", "position", "id"]
        indexes = [models.Index(fields=["organization", "owner", "status"]),
                   models.Index(fields=["organization", "status", "due_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ActionStatus.values), name="action_item_status_valid",
                violation_error_message=_("Choose a valid status."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, today) -> bool:
        return self.status in OPEN_STATUSES and self.due_date is not None and self.due_date < today


class StandupEntry(TenantModel):
    """One person's daily stand-up: 昨日进展 / 今日计划 / 障碍. One per person per day."""

    person = models.ForeignKey("org.Person", on_delete=models.CASCADE, related_name="standup_entries",
                               verbose_name=_("person"))
    date = models.DateField(_("date"))
    yesterday = models.TextField(_("yesterday's progress"), blank=True)
    today = models.TextField(_("today's plan"), blank=True)
    blockers = models.TextField(_("blockers"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("stand-up entry")
        verbose_name_plural = _("stand-up entries")
        ordering = ["-date", "person_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "date"], name="one_standup_per_person_and_day",
                violation_error_message=_("This person already has a stand-up entry for this day."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.date}"


class FollowUpStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("status", "Open")
    DONE = "done", _("Done")


class FollowUp(TenantModel):
    """An obstacle taken out of the stand-up: someone owns removing it (it is not discussed
    in the meeting itself, DOMAIN.md §5 step 3)."""

    standup_entry = models.ForeignKey(StandupEntry, on_delete=models.SET_NULL, null=True, blank=True,
                                      related_name="follow_ups", verbose_name=_("stand-up entry"))
    text = models.TextField(_("obstacle"))
    owner = models.ForeignKey("org.Person", on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="follow_ups", verbose_name=_("owner"))
    status = models.CharField(_("status"), max_length=20, choices=FollowUpStatus.choices,
                              default=FollowUpStatus.OPEN)
    created_by = models.ForeignKey("org.Person", on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, help_text=VERSION_HELP)

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["status", "-created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=FollowUpStatus.values), name="follow_up_status_valid",
                violation_error_message=_("Choose a valid status."),
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]


class MeetingKind(models.TextChoices):
    DEPARTMENT = "department", _("Department weekly")
    MANAGEMENT = "management", _("Management weekly")


class WeeklyMeeting(TenantModel):
    """A department weekly (one unit) or the management weekly (the company) of one week."""

    kind = models.CharField(_("kind"), max_length=20, choices=MeetingKind.choices)
    unit = models.ForeignKey("org.Unit", on_delete=models.CASCADE, null=True, blank=True,
                             related_name="weekly_meetings", verbose_name=_("unit"))
    week_start = models.DateField(_("week starting"))
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey("org.Person", on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("weekly meeting")
        verbose_name_plural = _("weekly meetings")
        ordering = ["-week_start", "kind", "unit_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind=MeetingKind.DEPARTMENT, unit__isnull=False)
                           | Q(kind=MeetingKind.MANAGEMENT, unit__isnull=True)),
                name="meeting_unit_matches_kind",
                violation_error_message=_("A department weekly belongs to a unit; the management "
                                          "weekly to the whole company."),
            ),
            models.UniqueConstraint(
                fields=["organization", "unit", "week_start"], condition=Q(unit__isnull=False),
                name="one_department_weekly_per_unit_and_week",
                violation_error_message=_("This unit already has a weekly meeting for this week."),
            ),
            models.UniqueConstraint(
                fields=["organization", "week_start"], condition=Q(unit__isnull=True),
                name="one_management_weekly_per_week",
                violation_error_message=_("The management weekly of this week exists already."),
            ),
        ]

    def __str__(self) -> str:
        parts = [str(self.get_kind_display()), str(self.unit) if self.unit_id else "", str(self.week_start)]
        return " · ".join(part for part in parts if part)


class MeetingDecision(TenantModel):
    """A decision recorded in a weekly meeting: what, who carries it out, by when."""

    meeting = models.ForeignKey(WeeklyMeeting, on_delete=models.CASCADE, related_name="decisions",
                                verbose_name=_("meeting"))
    text = models.TextField(_("decision"))
    owner = models.ForeignKey("org.Person", on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="meeting_decisions", verbose_name=_("owner"))
    due_date = models.DateField(_("due date"), null=True, blank=True)
    created_by = models.ForeignKey("org.Person", on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("meeting decision")
        verbose_name_plural = _("meeting decisions")
        ordering = ["meeting_id", "created_at", "id"]

    def __str__(self) -> str:
        return self.text[:80]


# Exactly one of these is set on a comment; explicit foreign keys keep referential integrity
# (a GenericForeignKey could point at a deleted or foreign row).
COMMENT_TARGETS = ("objective", "key_result", "checkin", "action_item")


def _exactly_one_target() -> Q:
    options = Q()
    for chosen in COMMENT_TARGETS:
        options |= Q(**{f"{name}__isnull": name != chosen for name in COMMENT_TARGETS})
    return options


class Comment(TenantModel):
    """A remark on an objective, a key result, a check-in or an action item; @mentions notify."""

    author = models.ForeignKey("org.Person", on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="comments", verbose_name=_("author"))
    body = models.TextField(_("comment"))
    objective = models.ForeignKey("okrs.Objective", on_delete=models.CASCADE, null=True, blank=True,
                                  related_name="comments", verbose_name=_("objective"))
    key_result = models.ForeignKey("okrs.KeyResult", on_delete=models.CASCADE, null=True, blank=True,
                                   related_name="comments", verbose_name=_("key result"))
    checkin = models.ForeignKey("checkins.CheckIn", on_delete=models.CASCADE, null=True, blank=True,
                                related_name="comments", verbose_name=_("check-in"))
    action_item = models.ForeignKey(ActionItem, on_delete=models.CASCADE, null=True, blank=True,
                                    related_name="comments", verbose_name=_("action item"))
    mentioned = models.ManyToManyField("org.Person", blank=True, related_name="mentioned_in",
                                       verbose_name=_("mentioned"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=_exactly_one_target(), name="comment_has_one_target",
                violation_error_message=_("A comment belongs to exactly one item."),
            ),
        ]

    def __str__(self) -> str:
        return self.body[:80]

    @property
    def target(self):
        return next(getattr(self, name) for name in COMMENT_TARGETS if getattr(self, f"{name}_id"))

