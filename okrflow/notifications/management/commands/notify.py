"""`okrflow notify tick`: send the reminders, nudges and summaries that are due.

Run it every few minutes from the worker host's timer (cron, a systemd timer); it only queues
deliveries, which `okrflow worker` sends. Running it twice, or late, sends nothing twice.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from okrflow.notifications import scheduler


def _aware(value: str) -> datetime.datetime:
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--now: not an ISO date and time: {value}") from None
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


class Command(BaseCommand):
    help = "Notifications: `tick` sends the check-in reminders, stand-up nudges and summaries due now."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["tick"])
        parser.add_argument("--now", type=_aware, default=None,
                            help="Pretend it is this moment (ISO 8601), e.g. to catch up or test.")

    def handle(self, *args, action, now, **options):
        counts = scheduler.tick(now=now)
        self.stdout.write(", ".join(f"{name}: {count}" for name, count in counts.items()))
