"""Background jobs (Django's Tasks API; `okrflow worker` runs them from the database queue)."""

import datetime

from django_tasks import task

from okrflow.notifications import delivery, scheduler


@task()
def deliver_task(delivery_id: int, now: str | None = None) -> str:
    """Send one delivery. `now` (ISO) lets the scheduler's controlled clock reach the retry."""
    return delivery.deliver(delivery_id, now=datetime.datetime.fromisoformat(now) if now else None)


@task()
def tick_task(now: str | None = None) -> dict:
    """The scheduler tick as a job (e.g. enqueued by a timer instead of `okrflow notify tick`)."""
    return scheduler.tick(now=datetime.datetime.fromisoformat(now) if now else None)


def enqueue_delivery(delivery_id: int, *, run_after=None) -> None:
    """Queue a delivery; a retry waits until `run_after` where the backend can defer jobs, and
    otherwise is left to the next scheduler tick (delivery.retry_due)."""
    if run_after is None:
        deliver_task.enqueue(delivery_id)
    elif deliver_task.get_backend().supports_defer:
        deliver_task.using(run_after=run_after).enqueue(delivery_id)
