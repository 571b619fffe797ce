"""Every write to notifications goes through here.

notify() is called by other apps (mentions, reminders, summaries): it stores the message and
queues its deliveries; nothing is ever sent inside the caller's request. Settings writes
(preferences, cadences, chat webhooks) check access, validate and are audited; notices and
their read marks are not audited (they are messages, not changes to the organization).
"""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from okrflow.actors import is_system
from okrflow.audit import log
from okrflow.errors import DomainError, NotFound
from okrflow.notifications.models import (
    Channel,
    CheckinCadence,
    Delivery,
    Notification,
    NotificationKind,
    NotificationPreference,
    WebhookEndpoint,
)
from okrflow.notifications.routing import channels_for, endpoints_for, speaking_to
from okrflow.org.access import can_manage_cycles, can_manage_structure, require, same_org
from okrflow.org.services import validated

CADENCE_FIELDS = ["frequency", "weekday", "time", "anchor_date", "time_zone", "standup_time",
                  "summary_weekday", "summary_time"]
WEBHOOK_FIELDS = ["name", "platform", "url", "secret", "unit_id", "active"]


def notify(recipient, kind, title, body="", link="", *, actor, dedupe_key="",
           chat_unit=None) -> Notification | None:
    """Tell one person something: the in-app notice plus email / chat per their preferences.

    Build `title` and `body` inside routing.speaking_to(recipient) so they are in the
    recipient's language. With a `dedupe_key`, a second call for the same person and key does
    nothing (scheduled reminders use it). Chat goes to the endpoints of `chat_unit` (default:
    the recipient's unit). `actor` is who caused the notice, or okrflow.actors.SYSTEM (the
    scheduler: stored as no person). Returns None when nothing was created.
    """
    if not is_system(actor) and actor.organization_id != recipient.organization_id:
        raise NotFound()
    if not recipient.is_active:
        return None
    channels = channels_for(recipient, kind)
    if not any(channels.values()):
        return None
    if dedupe_key and Notification.objects.filter(recipient=recipient, dedupe_key=dedupe_key).exists():
        return None
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                organization_id=recipient.organization_id, recipient=recipient,
                actor=None if is_system(actor) else actor, kind=kind,
                title=str(title)[:200], body=str(body), link=link, in_app=channels["in_app"],
                dedupe_key=dedupe_key)
            deliveries = _queue_deliveries(notification, channels, chat_unit)
    except IntegrityError:
        # A concurrent tick created the same once-only notice first.
        return None
    _enqueue(deliveries)
    return notification


def notify_each(recipients, kind, message, *, actor, dedupe_key, link="", enqueue=True) -> list[Delivery]:
    """Tell many people one kind of thing at once (a published cycle's digest), set-wise: a fixed
    number of queries for the batch whatever its size (callers chunk: a few hundred at a time).

    `message(person)` returns the (title, body) of one person's notice, built in their language.
    The same preferences and once-only key as notify(); chat is left out (a group's chat would get
    one post per person). Returns the email deliveries created; they are queued after commit,
    or, with `enqueue=False`, left for the caller to send (the console delivers them itself).
    """
    recipients = [person for person in recipients if person.is_active]
    if not recipients:
        return []
    chosen = {p.person_id: p.channels for p in NotificationPreference.objects.filter(
        person__in=recipients, kind=kind)}
    already = set(Notification.objects.filter(recipient__in=recipients, dedupe_key=dedupe_key)
                  .values_list("recipient_id", flat=True))
    notices = []
    for person in recipients:
        channels = chosen.get(person.pk) or NotificationPreference.DEFAULT_CHANNELS[kind]
        if person.pk in already or not (channels["in_app"] or channels["email"]):
            continue
        with speaking_to(person):
            title, body = message(person)
        notices.append(Notification(
            organization_id=person.organization_id, recipient=person,
            actor=None if is_system(actor) else actor, kind=kind, title=str(title)[:200],
            body=str(body), link=link, in_app=channels["in_app"], dedupe_key=dedupe_key))
        notices[-1].wants_email = channels["email"] and bool(person.email)
    with transaction.atomic():
        Notification.objects.bulk_create(notices)
        deliveries = Delivery.objects.bulk_create([
            Delivery(organization_id=n.organization_id, notification=n, channel=Channel.EMAIL)
            for n in notices if n.wants_email])
    if enqueue:
        _enqueue(deliveries)
    return deliveries


def notify_mention(actor, mentioned, *, where: str, link: str = "", excerpt: str = "") -> Notification | None:
    """Tell someone that `actor` mentioned them (comments call this once per @name); `where` is
    the title of what was commented on. Mentioning yourself sends nothing."""
    if mentioned.pk == actor.pk:
        return None
    with speaking_to(mentioned):
        title = gettext("{actor} mentioned you in {where}").format(actor=actor.name, where=where)
    return notify(mentioned, NotificationKind.MENTION, title, excerpt[:1000], link, actor=actor)


def _queue_deliveries(notification, channels, chat_unit) -> list:
    recipient, deliveries = notification.recipient, []
    if channels["email"] and recipient.email:
        deliveries.append(Delivery(organization_id=notification.organization_id, notification=notification,
                                   channel=Channel.EMAIL))
    if channels["chat"]:
        deliveries += [Delivery(organization_id=notification.organization_id, notification=notification,
                                channel=Channel.CHAT, endpoint=endpoint)
                       for endpoint in endpoints_for(recipient.organization,
                                                     chat_unit.pk if chat_unit else recipient.unit_id)]
    return Delivery.objects.bulk_create(deliveries)


def _enqueue(deliveries) -> None:
    # After the notice's transaction: the worker must find the rows it is asked to send. The
    # database backend would be atomic with the caller's transaction anyway; other backends not.
    from okrflow.notifications import tasks

    for delivery in deliveries:
        transaction.on_commit(lambda pk=delivery.pk: tasks.enqueue_delivery(pk))


# --- the notification centre -----------------------------------------------------------------

def inbox(person, *, limit=50):
    """The person's latest notices for the centre, newest first."""
    return Notification.objects.for_org(person.organization).filter(recipient=person, in_app=True)[:limit]


def unread_count(person) -> int:
    return Notification.objects.for_org(person.organization).filter(
        recipient=person, in_app=True, read_at__isnull=True).count()


def _own_notification(actor, notification_id) -> Notification:
    notification = Notification.objects.for_org(actor.organization).filter(
        pk=notification_id, recipient=actor).first()
    if notification is None:
        raise NotFound()
    return notification


def mark_read(actor, notification_id, *, now=None) -> Notification:
    """Mark one of the actor's own notices read (anyone else's is not found)."""
    notification = _own_notification(actor, notification_id)
    if notification.read_at is None:
        notification.read_at = now or timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def mark_all_read(actor, *, now=None) -> int:
    return Notification.objects.for_org(actor.organization).filter(
        recipient=actor, read_at__isnull=True).update(read_at=now or timezone.now())


# --- settings ----------------------------------------------------------------------------------

@transaction.atomic
def set_preference(actor, person, kind, *, in_app: bool, email: bool, chat: bool) -> NotificationPreference:
    """A person sets which channels bring them one kind of notice (admins and HR may too)."""
    is_self = is_system(actor) or actor.pk == person.pk
    require(same_org(actor, person) and (is_self or can_manage_structure(actor)))
    if kind not in NotificationKind.values:
        raise DomainError("invalid_kind", _("Unknown kind of notice."), field="kind")
    preference = NotificationPreference.objects.filter(person=person, kind=kind).first() \
        or NotificationPreference(organization_id=person.organization_id, person=person, kind=kind)
    before = log.snapshot(preference, ["in_app", "email", "chat"]) if preference.pk else {}
    preference.in_app, preference.email, preference.chat = bool(in_app), bool(email), bool(chat)
    validated(preference, exclude=["organization", "person"]).save()
    log.record(preference, "notification_preference.set", actor=actor,
               changes=log.diff(before, log.snapshot(preference, ["in_app", "email", "chat"])))
    return preference


def _cadence_snapshot(cadence) -> dict:
    # The audit log stores JSON; times of day are kept as "HH:MM:SS".
    return {name: str(value) if isinstance(value, datetime.time) else value
            for name, value in log.snapshot(cadence, CADENCE_FIELDS).items()}


@transaction.atomic
def save_cadence(actor, organization, *, unit=None, **fields) -> CheckinCadence:
    """Create or change the organization's check-in cadence, or a unit's override."""
    require(can_manage_cycles(actor) and (is_system(actor) or actor.organization_id == organization.pk))
    if unit is not None and unit.organization_id != organization.pk:
        raise NotFound()
    unknown = set(fields) - set(CADENCE_FIELDS)
    if unknown:
        raise TypeError(f"unknown cadence fields: {sorted(unknown)}")
    cadence = CheckinCadence.objects.for_org(organization).filter(unit=unit).first() \
        or CheckinCadence(organization=organization, unit=unit)
    before = _cadence_snapshot(cadence) if cadence.pk else {}
    for name, value in fields.items():
        setattr(cadence, name, value)
    validated(cadence, exclude=["organization", "unit"]).save()
    log.record(cadence, "checkin_cadence.save", actor=actor,
               changes=log.diff(before, _cadence_snapshot(cadence)))
    return cadence


@transaction.atomic
def save_webhook(actor, organization, endpoint=None, **fields) -> WebhookEndpoint:
    """Add or change a chat webhook; only the organization's administrators may."""
    require(is_system(actor) or (actor.organization_id == organization.pk and actor.is_org_admin))
    if endpoint is not None and endpoint.organization_id != organization.pk:
        raise NotFound()
    unit = fields.pop("unit", None)
    if unit is not None:
        if unit.organization_id != organization.pk:
            raise NotFound()
        fields["unit_id"] = unit.pk
    endpoint = endpoint or WebhookEndpoint(organization=organization)
    before = log.snapshot(endpoint, WEBHOOK_FIELDS) if endpoint.pk else {}
    for name, value in fields.items():
        if name not in WEBHOOK_FIELDS:
            raise TypeError(f"unknown webhook field: {name}")
        setattr(endpoint, name, value)
    validated(endpoint, exclude=["organization"]).save()
    after = log.snapshot(endpoint, WEBHOOK_FIELDS)
    # The secret is a credential: the audit log records that it changed, never its value.
    before.pop("secret", None)
    after["secret"] = "***" if endpoint.secret else ""
    log.record(endpoint, "webhook.save", actor=actor, changes=log.diff(before, after))
    return endpoint
