"""Weekly meetings (DOMAIN.md §5 step 3): the department weekly of a unit and the management
weekly of the company, each with its notes and a short record of decisions. The agenda is
generated from live data (okrflow/meetings/agenda.py), never stored.
"""

import datetime

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from okrflow.actors import is_system, person_of
from okrflow.audit import log
from okrflow.cycles.rules import check_sane_date
from okrflow.errors import AccessDenied, DomainError, NotFound, locked
from okrflow.meetings.access import can_run_meeting
from okrflow.meetings.models import MeetingDecision, MeetingKind, WeeklyMeeting
from okrflow.okrs import rules


def monday_of(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def _require_runs(actor, organization, unit) -> None:
    if not is_system(actor) and actor.organization_id != organization.pk:
        raise NotFound()
    if unit is not None and unit.organization_id != organization.pk:
        raise NotFound()
    if not can_run_meeting(actor, organization, unit):
        raise AccessDenied()


@transaction.atomic
def open_weekly_meeting(actor, organization, *, kind, week_of, unit=None) -> WeeklyMeeting:
    """The meeting of the week containing `week_of`, created on first use. A department
    weekly needs its unit; the management weekly has none."""
    rules.check_choice(kind, MeetingKind, "kind")
    if (kind == MeetingKind.DEPARTMENT) != (unit is not None):
        raise DomainError("meeting_unit", _("A department weekly belongs to a unit; the management "
                                            "weekly to the whole company."), field="unit")
    _require_runs(actor, organization, unit)
    monday = monday_of(rules.as_date(week_of, "week_of"))
    existing = WeeklyMeeting.objects.for_org(organization).filter(kind=kind, unit=unit, week_start=monday)
    meeting = existing.first()
    if meeting is not None:
        return meeting
    try:
        with transaction.atomic():
            meeting = WeeklyMeeting.objects.create(organization=organization, kind=kind, unit=unit,
                                                   week_start=monday, created_by=person_of(actor))
    except IntegrityError:  # opened at the same moment by someone else
        return existing.get()
    log.record(meeting, "weekly_meeting.open", actor=actor,
               changes={"kind": [None, kind], "unit": [None, getattr(unit, "pk", None)],
                        "week_start": [None, monday]})
    return meeting


@transaction.atomic
def save_notes(actor, meeting: WeeklyMeeting, notes: str) -> WeeklyMeeting:
    _require_runs(actor, meeting.organization, meeting.unit)
    meeting = locked(WeeklyMeeting.objects.for_org(meeting.organization), pk=meeting.pk)
    before = meeting.notes
    meeting.notes = (notes or "").strip()
    if meeting.notes != before:
        meeting.save(update_fields=["notes"])
        log.record(meeting, "weekly_meeting.notes", actor=actor, changes={"notes": [before, meeting.notes]})
    return meeting


@transaction.atomic
def record_decision(actor, meeting: WeeklyMeeting, *, text, owner=None, due_date=None) -> MeetingDecision:
    """One decision of the meeting: what was decided, who carries it out, by when."""
    _require_runs(actor, meeting.organization, meeting.unit)
    text = (text or "").strip()
    if not text:
        raise DomainError("empty_decision", _("Write down what was decided."), field="text")
    if owner is not None and owner.organization_id != meeting.organization_id:
        raise DomainError("not_found", _("Choose an owner from your organization."), field="owner")
    due_date = rules.as_date(due_date, "due_date")
    check_sane_date(due_date, "due_date")
    decision = MeetingDecision.objects.create(
        organization=meeting.organization, meeting=meeting, text=text, owner=owner,
        due_date=due_date, created_by=person_of(actor))
    log.record(decision, "meeting_decision.create", actor=actor,
               changes={"text": [None, text], "owner": [None, getattr(owner, "pk", None)],
                        "due_date": [None, decision.due_date]})
    return decision
