"""When reminders are due: the check-in period a moment falls in, and the effective cadence of
a unit (its own, else its nearest ancestor's, else the organization's). Pure date arithmetic
over a cadence and an aware `now`, so tests drive it with any clock."""

import datetime
from dataclasses import dataclass

from okrflow.notifications.models import CheckinCadence, Frequency
from okrflow.org import tree
from okrflow.org.models import Unit

# A tick that runs late (worker restarted, timer missed) still sends within this window after
# the due moment; later than that the reminder is stale and is skipped for the period.
LATE_WINDOW = datetime.timedelta(hours=6)


@dataclass(frozen=True)
class Period:
    """A check-in period: [start, end) in local days, due at `due` (aware)."""

    start: datetime.date
    end: datetime.date
    due: datetime.datetime

    def is_due(self, now: datetime.datetime) -> bool:
        return self.due <= now < self.due + LATE_WINDOW


def _monday(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def _at(day: datetime.date, time: datetime.time, cadence: CheckinCadence) -> datetime.datetime:
    return datetime.datetime.combine(day, time, tzinfo=cadence.tz)


def local_date(cadence: CheckinCadence, now: datetime.datetime) -> datetime.date:
    return now.astimezone(cadence.tz).date()


def checkin_period(cadence: CheckinCadence, now: datetime.datetime) -> Period:
    """The period `now` falls in. Weekly periods are Monday-Sunday weeks; biweekly periods are
    pairs of weeks counted from the anchor's week. The reminder is due on the cadence's weekday
    in the period's last week, so people have the whole period to check in first."""
    monday = _monday(local_date(cadence, now))
    weeks = 1
    if cadence.frequency == Frequency.BIWEEKLY:
        weeks = 2
        monday -= datetime.timedelta(weeks=((monday - _monday(cadence.anchor_date)).days // 7) % 2)
    end = monday + datetime.timedelta(weeks=weeks)
    due_day = end - datetime.timedelta(days=7 - cadence.weekday)
    return Period(start=monday, end=end, due=_at(due_day, cadence.time, cadence))


def standup_due(cadence: CheckinCadence, now: datetime.datetime) -> datetime.date | None:
    """Today's local date when today's stand-up nudge is due (Monday to Friday), else None."""
    if cadence.standup_time is None:
        return None
    today = local_date(cadence, now)
    due = _at(today, cadence.standup_time, cadence)
    return today if today.weekday() < 5 and due <= now < due + LATE_WINDOW else None


def summary_due(cadence: CheckinCadence, now: datetime.datetime) -> datetime.date | None:
    """The Monday of this week when this week's team summary is due, else None."""
    if cadence.summary_weekday is None:
        return None
    monday = _monday(local_date(cadence, now))
    due = _at(monday + datetime.timedelta(days=cadence.summary_weekday), cadence.summary_time, cadence)
    return monday if due <= now < due + LATE_WINDOW else None


def cadence_for(unit) -> CheckinCadence:
    """The unit's effective cadence; without any, weekly."""
    found = Rhythm(unit.organization, units=[unit]).for_unit(unit.pk)
    return found or CheckinCadence(organization=unit.organization)


def period_containing(unit, day: datetime.date) -> Period:
    """The check-in period (weekly or biweekly, from the unit's cadence) that `day` is in."""
    cadence = cadence_for(unit)
    return checkin_period(cadence, _at(day, datetime.time(12), cadence))


class Rhythm:
    """The effective cadence of the units of one organization: a unit's own, else its nearest
    ancestor's (the ids in its tree path), else the organization's. Two queries; with `units`
    only those units' paths are read (a page about one unit), else every unit's (the tick)."""

    def __init__(self, organization, units=None):
        cadences = list(CheckinCadence.objects.for_org(organization))
        self.organization_cadence = next((c for c in cadences if c.unit_id is None), None)
        self._own = {c.unit_id: c for c in cadences if c.unit_id is not None}
        if units is not None:
            self._path = {unit.pk: unit.path for unit in units}
        else:
            self._path = dict(Unit.objects.for_org(organization).values_list("id", "path"))

    def __bool__(self) -> bool:
        return self.organization_cadence is not None or bool(self._own)

    def for_unit(self, unit_id) -> CheckinCadence | None:
        for ancestor in reversed(tree.path_ids(self._path.get(unit_id, ""))):  # nearest first
            if ancestor in self._own:
                return self._own[ancestor]
        return self.organization_cadence
