"""The weekly update: one submit records a check-in for each of a person's key results, all or
nothing, and keeps the blockers named with each in the person's WeeklyUpdate of the week.

The check-ins themselves go through okrflow.checkins (record_checkin, and the confidence-drop
rule of checkins/weekly.py); this module owns only the meetings' WeeklyUpdate rows around them.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from okrflow.audit import log
from okrflow.checkins.services import record_checkin
from okrflow.checkins.weekly import WeeklyEntry, require_reasons, today, week_start
from okrflow.errors import AccessDenied, DomainError, NotFound
from okrflow.meetings.models import WeeklyUpdate, WeeklyUpdateEntry
from okrflow.okrs import rules
from okrflow.okrs.access import can_check_in


def _as_entries(entries) -> list[WeeklyEntry]:
    return [entry if isinstance(entry, WeeklyEntry) else WeeklyEntry(*entry) for entry in entries]


def _check_access(actor, entries) -> None:
    """Before any rule speaks about a key result, the actor must be allowed to update it."""
    for entry in entries:
        if entry.kr.organization_id != actor.organization_id:
            raise NotFound()
        if not can_check_in(actor, entry.kr):
            raise AccessDenied()


@transaction.atomic
def submit_weekly(actor, entries, *, date=None) -> WeeklyUpdate:
    """Record every entry (key result, value, confidence, note, blockers) as a check-in of
    `date` (default today) through record_checkin, and the blockers in the actor's weekly
    update of that week. Any refusal stores nothing at all."""
    entries = _as_entries(entries)
    if not entries:
        raise DomainError("nothing_to_submit", gettext("Update at least one key result."))
    _check_access(actor, entries)
    day = rules.as_date(date, "date") or today()
    require_reasons(actor, entries, day)
    update = _weekly_update(actor, week_start(day))
    for entry in entries:
        checkin = record_checkin(actor, entry.kr, value=entry.value, confidence=entry.confidence,
                                 note=entry.note, date=day)
        WeeklyUpdateEntry.objects.create(organization=actor.organization, weekly_update=update,
                                         checkin=checkin, blockers=(entry.blockers or "").strip())
    log.record(update, "weekly_update.submit", actor=actor,
               changes={"key_results": [None, [entry.kr.pk for entry in entries]]})
    return update


def _weekly_update(actor, monday) -> WeeklyUpdate:
    """The actor's update of the week, locked; created on the first submit (if two first
    submits race, the second one finds the row the first one made)."""
    existing = WeeklyUpdate.objects.for_org(actor.organization).select_for_update() \
        .filter(person=actor, week_start=monday)
    update = existing.first()
    if update is None:
        try:
            with transaction.atomic():
                return WeeklyUpdate.objects.create(organization=actor.organization, person=actor,
                                                   week_start=monday)
        except IntegrityError:
            update = existing.get()
    update.submitted_at, update.version = timezone.now(), update.version + 1
    update.save(update_fields=["submitted_at", "version"])
    return update
