"""Sending one Delivery: claim it, send it, log the attempt, and retry with backoff.

A delivery is claimed with one conditional UPDATE, so two workers (or a deferred retry and the
tick's sweep) never send it twice. Nothing here raises: every outcome ends in the log.
"""

import datetime

from django.db.models import Q
from django.utils import timezone

from okrflow.notifications.channels import ChannelError, email, webhooks
from okrflow.notifications.models import Channel, Delivery, DeliveryAttempt, DeliveryStatus
from okrflow.notifications.routing import absolute_link, language_of, speaking_to

# Waits before attempts 2, 3, 4 and 5; after the fifth failure the delivery is given up.
BACKOFF = [datetime.timedelta(minutes=m) for m in (1, 5, 30, 120)]
# A claim is a lease: a delivery still "sending" this long after its claim belonged to a worker
# that died mid-send, and the tick hands it out again (at least once, never lost).
LEASE = datetime.timedelta(minutes=10)
# Where the task backend runs retries itself (run_after), the tick only rescues retries that
# are this overdue, i.e. whose queued job was lost.
OVERDUE = datetime.timedelta(minutes=10)


def _claim(delivery_id, now) -> bool:
    due = Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    return bool(Delivery.objects.filter(due, pk=delivery_id,
                                         status__in=[DeliveryStatus.PENDING, DeliveryStatus.RETRY])
                .update(status=DeliveryStatus.SENDING, next_attempt_at=now + LEASE))


def _send(delivery) -> None:
    notification = delivery.notification
    if delivery.channel == Channel.EMAIL:
        email.send(notification)
        return
    endpoint = delivery.endpoint
    if endpoint is None or not endpoint.active:
        raise ChannelError("the chat webhook was removed or turned off", permanent=True)
    with speaking_to(notification.recipient):
        message = webhooks.ChatMessage(title=notification.title, body=notification.body,
                                       link=absolute_link(notification.link),
                                       language=language_of(notification.recipient))
        webhooks.post(endpoint, message)


def deliver(delivery_id, *, now=None) -> str:
    """Try to send one delivery; returns its status afterwards ("skipped" if not due)."""
    now = now or timezone.now()
    if not _claim(delivery_id, now):
        return "skipped"
    delivery = Delivery.objects.select_related("notification__recipient", "endpoint").get(pk=delivery_id)
    delivery.attempts += 1
    try:
        _send(delivery)
    except ChannelError as error:
        _failed(delivery, error, now)
    else:
        _succeeded(delivery, now)
    return delivery.status


def _log_attempt(delivery, now, error="") -> None:
    DeliveryAttempt.objects.create(organization_id=delivery.organization_id, delivery=delivery,
                                   number=delivery.attempts, at=now, succeeded=not error, error=error)


def _succeeded(delivery, now) -> None:
    delivery.status, delivery.sent_at, delivery.next_attempt_at = DeliveryStatus.SENT, now, None
    delivery.save(update_fields=["status", "attempts", "sent_at", "next_attempt_at"])
    _log_attempt(delivery, now)


def _failed(delivery, error: ChannelError, now) -> None:
    delivery.last_error = str(error)[:2000]
    if error.permanent or delivery.attempts >= Delivery.MAX_ATTEMPTS:
        delivery.status, delivery.next_attempt_at = DeliveryStatus.FAILED, None
    else:
        delivery.status = DeliveryStatus.RETRY
        delivery.next_attempt_at = now + BACKOFF[min(delivery.attempts, len(BACKOFF)) - 1]
    delivery.save(update_fields=["status", "attempts", "last_error", "next_attempt_at"])
    _log_attempt(delivery, now, delivery.last_error)
    if delivery.status == DeliveryStatus.RETRY:
        from okrflow.notifications import tasks

        tasks.enqueue_delivery(delivery.pk, run_after=delivery.next_attempt_at)


def retry_due(now) -> int:
    """Called by the scheduler tick: queue the retries that are due (all of them for task
    backends that cannot run a job later, else only those whose job went missing) and release
    expired claims. Returns how many were queued."""
    from okrflow.notifications import tasks

    Delivery.objects.filter(status=DeliveryStatus.SENDING, next_attempt_at__lte=now).update(
        status=DeliveryStatus.RETRY, last_error="interrupted while sending")
    deferring = tasks.deliver_task.get_backend().supports_defer
    ids = list(Delivery.objects.filter(status=DeliveryStatus.RETRY,
                                       next_attempt_at__lte=now - OVERDUE if deferring else now)
               .values_list("pk", flat=True))
    for pk in ids:
        tasks.deliver_task.enqueue(pk, now.isoformat())
    return len(ids)
