"""Notifications: what a person wants to hear about, the rhythm of reminders, the chat bots of
an organization, the notification centre and the log of every delivery attempt.

Flow: services.notify() writes one Notification (the message, in the recipient's language) and
one Delivery per outside channel (email, each chat endpoint); tasks.deliver sends a Delivery in
the background, records every DeliveryAttempt and retries with backoff.
"""

import datetime
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from okrflow.notifications.channels.addresses import validate_webhook_url
from okrflow.tenancy import TenantModel


class NotificationKind(models.TextChoices):
    CHECKIN_REMINDER = "checkin_reminder", _("Check-in reminder")
    STANDUP_NUDGE = "standup_nudge", _("Stand-up nudge")
    MENTION = "mention", _("Mention")
    WEEKLY_SUMMARY = "weekly_summary", _("Weekly team summary")
    CYCLE_DIGEST = "cycle_digest", _("Published cycle digest")
    # The seven-step cycle's personal notices (issue 9), each with its own preferences.
    OBJECTIVE_PROPOSED = "objective_proposed", _("An objective submitted for my agreement")
    OBJECTIVE_SENT_BACK = "objective_sent_back", _("My objective sent back")
    OBJECTIVE_AGREED = "objective_agreed", _("My objective agreed")
    SELF_ASSESSMENT = "self_assessment", _("Self-assessments and their reviews")
    KUDOS = "kudos", _("Kudos")
    CHANGE_REQUEST_DECIDED = "change_request_decided", _("Decisions on my change requests")
    WORKSHOP_MINUTES = "workshop_minutes", _("Minutes of the meetings I took part in")
    SCHEDULED_REPORT = "scheduled_report", _("The weekly company report")


class Channel(models.TextChoices):
    EMAIL = "email", _("Email")
    CHAT = "chat", _("Chat")


class NotificationPreference(TenantModel):
    """Which channels one person wants for one kind of notice. No row means DEFAULT_CHANNELS;
    all three off means the person does not get this kind at all."""

    # Chat posts go to a group, so personal nudges stay out of it unless someone opts in.
    DEFAULT_CHANNELS = {
        NotificationKind.CHECKIN_REMINDER: {"in_app": True, "email": True, "chat": False},
        NotificationKind.STANDUP_NUDGE: {"in_app": True, "email": False, "chat": False},
        NotificationKind.MENTION: {"in_app": True, "email": True, "chat": False},
        NotificationKind.WEEKLY_SUMMARY: {"in_app": True, "email": True, "chat": True},
        NotificationKind.CYCLE_DIGEST: {"in_app": True, "email": True, "chat": False},
        NotificationKind.OBJECTIVE_PROPOSED: {"in_app": True, "email": True, "chat": False},
        NotificationKind.OBJECTIVE_SENT_BACK: {"in_app": True, "email": True, "chat": False},
        NotificationKind.OBJECTIVE_AGREED: {"in_app": True, "email": True, "chat": False},
        NotificationKind.SELF_ASSESSMENT: {"in_app": True, "email": True, "chat": False},
        NotificationKind.KUDOS: {"in_app": True, "email": True, "chat": False},
        NotificationKind.CHANGE_REQUEST_DECIDED: {"in_app": True, "email": True, "chat": False},
        NotificationKind.WORKSHOP_MINUTES: {"in_app": True, "email": True, "chat": False},
        NotificationKind.SCHEDULED_REPORT: {"in_app": True, "email": True, "chat": False},
    }

    person = models.ForeignKey("org.Person", on_delete=models.CASCADE,
                               related_name="notification_preferences", verbose_name=_("person"))
    kind = models.CharField(_("kind"), max_length=30, choices=NotificationKind.choices)
    in_app = models.BooleanField(_("in the notification centre"), default=True)
    email = models.BooleanField(_("by email"), default=True)
    chat = models.BooleanField(_("in the team chat"), default=False)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        ordering = ["person_id", "kind", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "kind"], name="one_preference_per_person_and_kind",
                violation_error_message=_("This person already has a setting for this kind of notice."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_kind_display()}"

    @property
    def channels(self) -> dict:
        return {"in_app": self.in_app, "email": self.email, "chat": self.chat}


class Frequency(models.TextChoices):
    WEEKLY = "weekly", _("Weekly")
    BIWEEKLY = "biweekly", _("Every two weeks")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


def validate_time_zone(name: str) -> None:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValidationError(_("Unknown time zone: {name}.").format(name=name)) from None


def default_time_zone() -> str:
    # A callable, so that the migration does not freeze one installation's TIME_ZONE.
    return settings.TIME_ZONE


class CheckinCadence(TenantModel):
    """The rhythm of check-ins (weekly or biweekly, on a weekday at a local time), of stand-up
    nudges and of the weekly team summary. The row without a unit is the organization's; a
    unit's row overrides it for the unit and the units below it."""

    unit = models.ForeignKey("org.Unit", on_delete=models.CASCADE, null=True, blank=True,
                             related_name="checkin_cadences", verbose_name=_("unit"),
                             help_text=_("Leave empty for the whole organization."))
    frequency = models.CharField(_("check-in frequency"), max_length=20, choices=Frequency.choices,
                                 default=Frequency.WEEKLY)
    weekday = models.PositiveSmallIntegerField(_("check-in day"), choices=Weekday.choices,
                                               default=Weekday.FRIDAY)
    time = models.TimeField(_("reminder time"), default=datetime.time(10, 0))
    anchor_date = models.DateField(
        _("first period starts"), default=datetime.date(2026, 1, 5),
        help_text=_("For every-two-weeks check-ins: a day in the first week of a period."))
    time_zone = models.CharField(_("time zone"), max_length=64, default=default_time_zone,
                                 validators=[validate_time_zone])
    standup_time = models.TimeField(_("stand-up nudge time"), null=True, blank=True,
                                    help_text=_("Monday to Friday; leave empty for no nudges."))
    summary_weekday = models.PositiveSmallIntegerField(_("weekly summary day"), choices=Weekday.choices,
                                                       null=True, blank=True,
                                                       help_text=_("Leave empty for no weekly summary."))
    summary_time = models.TimeField(_("weekly summary time"), default=datetime.time(17, 0))

    class Meta:
        verbose_name = _("check-in cadence")
        verbose_name_plural = _("check-in cadences")
        ordering = ["organization_id", "unit_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization"], condition=Q(unit__isnull=True), name="one_org_cadence",
                violation_error_message=_("The organization already has a check-in cadence."),
            ),
            models.UniqueConstraint(
                fields=["organization", "unit"], name="one_cadence_per_unit",
                violation_error_message=_("This unit already has a check-in cadence."),
            ),
            models.CheckConstraint(
                condition=Q(weekday__gte=0, weekday__lte=6), name="cadence_weekday_valid",
                violation_error_message=_("Choose a day of the week."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit or self.organization}: {self.get_frequency_display()}"

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)


class Platform(models.TextChoices):
    FEISHU = "feishu", _("Feishu / Lark")
    DINGTALK = "dingtalk", _("DingTalk")
    WECOM = "wecom", _("WeCom")
    SLACK = "slack", _("Slack")


class WebhookEndpoint(TenantModel):
    """A chat group's incoming-webhook bot. A unit's endpoints get the unit's notices; endpoints
    without a unit get the notices of people whose units have none."""

    name = models.CharField(_("name"), max_length=100)
    platform = models.CharField(_("platform"), max_length=20, choices=Platform.choices)
    url = models.URLField(_("webhook address"), max_length=500, validators=[validate_webhook_url],
                          help_text=_("An https:// address on the internet, as the chat platform gives it."))
    secret = models.CharField(_("signing secret"), max_length=200, blank=True,
                              help_text=_("Feishu and DingTalk sign each message with it when set."))
    unit = models.ForeignKey("org.Unit", on_delete=models.CASCADE, null=True, blank=True,
                             related_name="webhook_endpoints", verbose_name=_("unit"))
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("chat webhook")
        verbose_name_plural = _("chat webhooks")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_platform_display()})"


class Notification(TenantModel):
    """One message to one person, stored in the person's language. The centre lists those
    with in_app set; `dedupe_key` makes scheduled notices idempotent per person and period."""

    recipient = models.ForeignKey("org.Person", on_delete=models.CASCADE, related_name="notifications",
                                  verbose_name=_("recipient"))
    actor = models.ForeignKey("org.Person", on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name=_("from"))
    kind = models.CharField(_("kind"), max_length=30, choices=NotificationKind.choices)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    link = models.CharField(_("link"), max_length=500, blank=True)
    in_app = models.BooleanField(_("in the notification centre"), default=True)
    dedupe_key = models.CharField(_("once-only key"), max_length=120, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at", "-created_at"], name="notification_inbox")]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"], condition=~Q(dedupe_key=""),
                name="notification_once_per_key",
                violation_error_message=_("This notice was already sent."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    SENDING = "sending", _("Sending")
    RETRY = "retry", _("Will retry")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class Delivery(TenantModel):
    """Sending one notification through one outside channel (email, or one chat endpoint)."""

    MAX_ATTEMPTS = 5

    notification = models.ForeignKey(Notification, on_delete=models.CASCADE, related_name="deliveries",
                                     verbose_name=_("notification"))
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="deliveries", verbose_name=_("chat webhook"))
    status = models.CharField(_("status"), max_length=20, choices=DeliveryStatus.choices,
                              default=DeliveryStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="delivery_due")]
        constraints = [
            models.CheckConstraint(
                condition=Q(channel="email", endpoint__isnull=True) | Q(channel="chat"),
                name="delivery_endpoint_only_for_chat",
                violation_error_message=_("Only chat deliveries go to a webhook."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} · {self.notification} · {self.get_status_display()}"


class DeliveryAttempt(TenantModel):
    """One try at sending a delivery: when, and what went wrong if it did."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="attempt_log",
                                 verbose_name=_("delivery"))
    number = models.PositiveSmallIntegerField(_("attempt"), validators=[MinValueValidator(1),
                                                                        MaxValueValidator(100)])
    at = models.DateTimeField(_("when"), default=timezone.now)
    succeeded = models.BooleanField(_("succeeded"), default=False)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("delivery attempt")
        verbose_name_plural = _("delivery attempts")
        ordering = ["delivery_id", "number", "id"]
        constraints = [
            models.UniqueConstraint(fields=["delivery", "number"], name="delivery_attempt_number_once",
                                    violation_error_message=_("This attempt is already logged.")),
        ]

    def __str__(self) -> str:
        return f"#{self.number} {self.at:%Y-%m-%d %H:%M}"
