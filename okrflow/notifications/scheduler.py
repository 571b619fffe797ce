"""The scheduler tick: run every few minutes (`okrflow notify tick` from the worker host's timer,
or tasks.tick_task), it finds whose check-in reminder, stand-up nudge or team summary is due
and notifies them. Each notice carries a once-only key per person and period, so running the
tick again, late or twice at once never sends anything twice.

Django's Tasks framework has no cron; a tick that is idempotent is the simplest schedule that
survives a stopped worker (late ticks catch up within rhythm.LATE_WINDOW).
"""

import datetime
from collections import defaultdict

from django.utils import timezone
from django.utils.translation import gettext, ngettext

from okrflow.actors import SYSTEM
from okrflow.notifications import delivery, rhythm, summary
from okrflow.notifications.models import CheckinCadence, Notification, NotificationKind
from okrflow.notifications.routing import opted_out, speaking_to
from okrflow.notifications.services import notify
from okrflow.okrs.models import LIVE_STATUSES, KeyResult
from okrflow.org.models import Organization, Person

# Scheduled work of higher apps, run by every tick after the reminders (the weekly company report:
# okrflow/reports/schedules.py), registered from their AppConfig.ready(): {name: job(now) -> int
# sent}. Each job keeps its own once-only keys, like the reminders here.
TICK_JOBS: dict = {}


def register_tick_job(name: str, job) -> None:
    TICK_JOBS[name] = job


# Pages the notices point to; the weekly check-in and stand-up pages (issue 4) fill these in.
CHECKIN_LINK = "/checkin/"
STANDUP_LINK = "/standup/"


def standup_authors(organization, day) -> set:
    """Ids of people who already posted today's stand-up: they are not nudged."""
    from okrflow.meetings.standups import authors_on

    return authors_on(organization, day)


def tick(now=None) -> dict:
    """Send everything that is due at `now` (aware; default: the current time)."""
    now = now or timezone.now()
    counts = {"checkin_reminder": 0, "standup_nudge": 0, "weekly_summary": 0}
    org_ids = CheckinCadence.objects.values_list("organization_id", flat=True).distinct()
    for organization in Organization.objects.filter(pk__in=org_ids):
        schedule = rhythm.Rhythm(organization)
        counts["checkin_reminder"] += send_checkin_reminders(organization, schedule, now)
        counts["standup_nudge"] += send_standup_nudges(organization, schedule, now)
        counts["weekly_summary"] += summary.send_weekly_summaries(organization, schedule, now)
    for name, job in TICK_JOBS.items():
        counts[name] = job(now)
    counts["retries"] = delivery.retry_due(now)
    return counts


def _open_key_results(organization, now):
    """(owner id, owner's unit id, last check-in date, cycle start, cycle end) of the active
    key results whose cycle may contain today in any time zone (one query)."""
    around = now.date()
    return KeyResult.objects.for_org(organization).filter(
        owner__is_active=True, objective__status__in=LIVE_STATUSES,
        objective__cycle__start_date__lte=around + datetime.timedelta(days=1),
        objective__cycle__end_date__gte=around - datetime.timedelta(days=1),
    ).values_list("owner_id", "owner__unit_id", "last_checkin_date",
                  "objective__cycle__start_date", "objective__cycle__end_date")


def due_checkins(organization, schedule, now) -> dict:
    """{person id: (period, number of key results not checked in this period)} for the people
    whose reminder is due at `now` and who have not checked in everything yet."""
    rows_by_owner = defaultdict(list)
    for owner_id, unit_id, last_day, start, end in _open_key_results(organization, now):
        rows_by_owner[(owner_id, unit_id)].append((last_day, start, end))
    due = {}
    for (owner_id, unit_id), rows in rows_by_owner.items():
        cadence = schedule.for_unit(unit_id)
        if cadence is None:
            continue
        period = rhythm.checkin_period(cadence, now)
        if not period.is_due(now):
            continue
        today = rhythm.local_date(cadence, now)
        missing = [last for last, start, end in rows
                   if start <= today <= end and (last is None or last < period.start)]
        if missing:
            due[owner_id] = (period, len(missing))
    return due


def _already_notified(organization, keys) -> set:
    """(person id, once-only key) pairs sent before, so repeated ticks skip them in one query."""
    return set(Notification.objects.for_org(organization).filter(dedupe_key__in=set(keys))
               .values_list("recipient_id", "dedupe_key"))


def send_checkin_reminders(organization, schedule, now) -> int:
    due = {person_id: (period, missing, f"checkin:{period.start.isoformat()}")
           for person_id, (period, missing) in due_checkins(organization, schedule, now).items()}
    done = _already_notified(organization, (key for _period, _missing, key in due.values()))
    wanted = {pk for pk, (_p, _m, key) in due.items() if (pk, key) not in done}
    wanted -= opted_out(organization, NotificationKind.CHECKIN_REMINDER)
    sent = 0
    for person in Person.objects.for_org(organization).filter(pk__in=wanted):
        period, missing, key = due[person.pk]
        with speaking_to(person):
            title = gettext("Time for your check-in")
            body = ngettext(
                "{count} key result has no check-in since {date}. Update its value and confidence.",
                "{count} key results have no check-in since {date}. Update their values and confidence.",
                missing).format(count=missing, date=period.start.isoformat())
        sent += notify(person, NotificationKind.CHECKIN_REMINDER, title, body, CHECKIN_LINK,
                       dedupe_key=key, actor=SYSTEM) is not None
    return sent


def due_standups(organization, schedule, now) -> dict:
    """{person id: local day} for the people whose stand-up nudge is due at `now`."""
    due = {}
    people = Person.objects.for_org(organization).filter(is_active=True, unit__isnull=False)
    for person_id, unit_id in people.values_list("pk", "unit_id"):
        cadence = schedule.for_unit(unit_id)
        day = cadence and rhythm.standup_due(cadence, now)
        if day:
            due[person_id] = day
    return due


def send_standup_nudges(organization, schedule, now) -> int:
    due = {pk: (day, f"standup:{day.isoformat()}")
           for pk, day in due_standups(organization, schedule, now).items()}
    done = _already_notified(organization, (key for _day, key in due.values()))
    wanted = {pk for pk, (_day, key) in due.items() if (pk, key) not in done}
    wanted -= opted_out(organization, NotificationKind.STANDUP_NUDGE)
    for day in {day for day, _key in due.values()}:
        wanted -= {pk for pk in standup_authors(organization, day) if due.get(pk, (None,))[0] == day}
    sent = 0
    for person in Person.objects.for_org(organization).filter(pk__in=wanted):
        day, key = due[person.pk]
        with speaking_to(person):
            title = gettext("Stand-up: yesterday, today, obstacles")
            body = gettext("Take a minute to post today's stand-up for your team.")
        sent += notify(person, NotificationKind.STANDUP_NUDGE, title, body, STANDUP_LINK,
                       dedupe_key=key, actor=SYSTEM) is not None
    return sent
