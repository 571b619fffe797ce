"""Shared pieces of the execution rhythm pages (issue 4): the period shown, dates from the
query string, grade badges, and who may open a unit's team pages."""

import datetime

from django.contrib import messages
from django.utils import timezone
from django.utils.translation import gettext as _

from okrflow.checkins import weekly
from okrflow.cycles.rules import EARLIEST_YEAR, LATEST_YEAR
from okrflow.errors import AccessDenied, NotFound
from okrflow.meetings.access import can_run_meeting
from okrflow.notifications import rhythm
from okrflow.org.models import Unit


def local_today() -> datetime.date:
    return timezone.localdate()


# The days a page may be asked to show: the planning years of okrflow/cycles/rules.py. The pages
# step a week or a period either side and look back over weeks of history, so a day near date.min
# or date.max overflows (issue 7 item 11); no OKR cycle lies outside these years.
EARLIEST_DAY = datetime.date(EARLIEST_YEAR, 1, 1)
LATEST_DAY = datetime.date(LATEST_YEAR, 12, 31)


def day_from(request, name="date") -> datetime.date:
    """A date from the query string (YYYY-MM-DD); today when missing. A malformed date or one
    outside EARLIEST_DAY..LATEST_DAY is refused: the page shows today and says why."""
    raw = request.GET.get(name, "")
    if not raw:
        return local_today()
    try:
        day = datetime.date.fromisoformat(raw)
    except ValueError:
        day = None
    if day is None or not EARLIEST_DAY <= day <= LATEST_DAY:
        messages.warning(request, _("The date in the address is not a date between {first} and {last}; "
                                    "showing today instead.").format(first=EARLIEST_DAY.year,
                                                                     last=LATEST_DAY.year))
        return local_today()
    return day


def period_for(unit, day) -> rhythm.Period:
    """The check-in period of the unit's cadence containing `day`; a plain week without a unit."""
    if unit is not None:
        return rhythm.period_containing(unit, day)
    monday = weekly.week_start(day)
    return rhythm.Period(monday, monday + datetime.timedelta(days=7), due=None)


def require_team_lead(actor, unit) -> None:
    """The team pages are for the unit's head (or a head above), admins and the champion."""
    if not can_run_meeting(actor, unit.organization, unit):
        raise AccessDenied()


def may_see_standups(actor, unit) -> bool:
    """A team's stand-up page is open to its members and to whoever leads the unit."""
    return actor.unit_id == unit.pk or can_run_meeting(actor, unit.organization, unit)


def my_unit(person):
    """The person's unit, for the "my team" shortcuts; NotFound when they belong to none."""
    unit = Unit.objects.for_org(person.organization).filter(pk=person.unit_id).first()
    if unit is None:
        raise NotFound()
    return unit
