"""With the production task backend (the database queue), nothing is sent in the caller's
request: `okrflow worker` sends it later. A delivery whose worker died mid-send is handed out
again by the tick."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from okrflow.actors import SYSTEM
from okrflow.notifications import delivery, services
from okrflow.notifications.models import Delivery, DeliveryStatus, NotificationKind, Weekday
from tests.notifications.conftest import local, make_key_result


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_worker():
    call_command("worker", batch=True, startup_delay=False, verbosity=0)


# The worker closes its database connection between jobs, as a long-running process should;
# that needs real transactions rather than the test's wrapping one.
@pytest.mark.django_db(transaction=True)
def test_the_tick_only_queues_and_the_worker_sends(database_queue, org, admin, bob, q1, run_tick):
    services.save_cadence(admin, org, weekday=Weekday.FRIDAY, time=datetime.time(10, 0))
    make_key_result(bob, q1, "KR-1")
    run_tick(local(2026, 1, 9, 10, 0))
    assert mail.outbox == [] and Delivery.objects.get().status == DeliveryStatus.PENDING
    run_worker()
    assert [m.to for m in mail.outbox] == [["bob@acme.test"]]
    assert Delivery.objects.get().status == DeliveryStatus.SENT


def test_a_delivery_left_sending_by_a_dead_worker_is_sent_again(bob, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(bob, NotificationKind.MENTION, "Alice mentioned you", actor=SYSTEM)
    mail.outbox.clear()
    item = Delivery.objects.get()
    claimed = timezone.now()
    Delivery.objects.filter(pk=item.pk).update(status=DeliveryStatus.SENDING,
                                               next_attempt_at=claimed + delivery.LEASE)
    assert delivery.retry_due(claimed + datetime.timedelta(minutes=5)) == 0  # the lease still runs
    assert delivery.retry_due(claimed + delivery.LEASE) == 1
    item.refresh_from_db()
    assert item.status == DeliveryStatus.SENT and len(mail.outbox) == 1
