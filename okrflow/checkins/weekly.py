"""The weekly check-in's rules over check-ins: the confidence drop that needs a reason, who
has not checked in in a period, and the rows of a person's weekly form.

A confidence drop of the policy's `confidence_drop` points or more (30 by default) must say
what changed (the rule is okrflow/checkins/drops.py, enforced by record_checkin); the weekly
page asks it of every row first, so that one row without a note refuses the whole submit.
The all-or-nothing weekly submit with its blockers is okrflow/meetings/weekly_updates.py
(it stores a meetings.WeeklyUpdate); a unit's check-in period comes from its cadence in
okrflow/notifications/rhythm.py and is passed in here.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from okrflow.checkins.drops import Drop, previous_confidences, refusal, unexplained_drops  # noqa: F401 (Drop: meetings/agenda.py)
from okrflow.checkins.models import CheckIn
from okrflow.checkins.services import record_checkin
from okrflow.okrs.models import LIVE_STATUSES, KeyResult, policy_for
from okrflow.org.models import Person


@dataclass(frozen=True)
class WeeklyEntry:
    """One key result's line of the weekly form."""

    kr: KeyResult
    value: object
    confidence: object = None
    note: str = ""
    blockers: str = ""


def today() -> datetime.date:
    return timezone.localdate(timezone=timezone.get_default_timezone())


def week_start(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def require_reasons(actor, entries, day, *, field_for=lambda drop: f"note-{drop.kr.pk}") -> None:
    """Refuse entries whose confidence falls by the policy's threshold or more with no note."""
    if not entries:
        return
    previous = previous_confidences([entry.kr for entry in entries], day)
    drops = unexplained_drops(entries, previous, policy_for(entries[0].kr.organization_id).confidence_drop)
    if drops:
        raise refusal(drops[0], field=field_for(drops[0]))


@transaction.atomic
def check_in_at_entry(actor, kr, *, value, confidence=None, note="", date=None):
    """One check-in typed by a person (the quick form). A big confidence drop needs a note:
    record_checkin enforces it, as for every door."""
    return record_checkin(actor, kr, value=value, confidence=confidence, note=note, date=date)


# --- who has not checked in ------------------------------------------------------------------

def people_with_key_results(unit, period):
    """Active people of the unit who own key results of active objectives in a cycle that
    overlaps the period."""
    owns = KeyResult.objects.filter(
        owner=OuterRef("pk"), objective__status__in=LIVE_STATUSES,
        objective__cycle__start_date__lt=period.end, objective__cycle__end_date__gte=period.start)
    return Person.objects.for_org(unit.organization).filter(unit=unit, is_active=True).filter(Exists(owns))


def who_has_not_checked_in(unit, period) -> list:
    """People of the unit with key results in the current cycle and no check-in on any of
    them in the period [start, end) — one query."""
    checked_in = CheckIn.objects.filter(key_result__owner=OuterRef("pk"), date__gte=period.start,
                                        date__lt=period.end)
    return list(people_with_key_results(unit, period).exclude(Exists(checked_in)).order_by("name", "id"))


# --- the weekly form ----------------------------------------------------------------------------

@dataclass(frozen=True)
class WeeklyRow:
    """One line of a person's weekly form: the key result, the latest reading before the
    period ("last week") and the latest reading inside it, if any."""

    kr: KeyResult
    previous: CheckIn | None
    current: CheckIn | None


def weekly_rows(person, period) -> list[WeeklyRow]:
    """The person's key results of active objectives in cycles overlapping the period, with
    last period's and this period's readings beside (two queries)."""
    krs = list(KeyResult.objects.for_org(person.organization).filter(
        owner=person, objective__status__in=LIVE_STATUSES,
        objective__cycle__start_date__lt=period.end, objective__cycle__end_date__gte=period.start,
    ).select_related("objective__cycle").order_by("objective__position", "objective_id", "position", "id"))
    previous, current = {}, {}
    for checkin in CheckIn.objects.filter(key_result__in=krs, date__lt=period.end).order_by("date", "id"):
        (current if checkin.date >= period.start else previous)[checkin.key_result_id] = checkin
    return [WeeklyRow(kr, previous.get(kr.pk), current.get(kr.pk)) for kr in krs]
