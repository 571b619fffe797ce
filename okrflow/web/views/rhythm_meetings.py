"""The weekly meetings: a unit's department weekly (/units/<code>/meetings/) and the
management weekly (/meetings/management/). The agenda is generated from live data
(okrflow/meetings/agenda.py); the meeting keeps only its notes and a short record of decisions.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from okrflow.errors import AccessDenied, DomainError, NotFound
from okrflow.meetings.access import can_run_meeting
from okrflow.meetings.agenda import WEEK, department_agenda, management_agenda
from okrflow.meetings.models import MeetingKind, WeeklyMeeting
from okrflow.meetings.weekly_meetings import monday_of, open_weekly_meeting, record_decision, save_notes
from okrflow.org import access
from okrflow.web.rhythm_forms import DecisionForm, MeetingNotesForm
from okrflow.web.views.guards import member_view
from okrflow.web.views.rhythm import day_from


def _existing(organization, kind, unit, monday):
    return (WeeklyMeeting.objects.for_org(organization).filter(kind=kind, unit=unit, week_start=monday)
            .prefetch_related("decisions__owner").first())


def _save(request, meeting_of, notes_form, decision_form) -> bool:
    """Notes or a decision, whichever form was sent; True when stored."""
    form = notes_form if request.POST.get("form") == "notes" else decision_form
    if not form.is_valid():
        return False
    try:
        meeting = meeting_of()
        if form is notes_form:
            save_notes(request.user, meeting, form.cleaned_data["notes"])
        else:
            record_decision(request.user, meeting, **form.cleaned_data)
    except (AccessDenied, NotFound):
        raise
    except DomainError as error:
        form.add_domain_error(error)
        return False
    return True


def _meeting_page(request, *, unit, kind):
    person = request.user
    if not can_run_meeting(person, person.organization, unit):
        raise AccessDenied()
    monday = monday_of(day_from(request, "week"))
    meeting = _existing(person.organization, kind, unit, monday)
    posted = request.POST if request.method == "POST" else None
    sent = posted.get("form") if posted else None
    notes_form = MeetingNotesForm(posted if sent == "notes" else None,
                                  initial={"notes": meeting.notes if meeting else ""})
    decision_form = DecisionForm(person.organization, posted if sent == "decision" else None,
                                 prefix="decision")
    if posted is not None and _save(request, lambda: open_weekly_meeting(
            person, person.organization, kind=kind, week_of=monday, unit=unit), notes_form, decision_form):
        messages.success(request, _("Saved to the meeting's record."))
        return redirect(f"{request.path}?week={monday.isoformat()}")
    if unit is not None:
        agenda = department_agenda(unit, monday, viewer=person)
    else:
        agenda = management_agenda(person.organization, monday, viewer=person)
    return render(request, "web/rhythm/meeting.html", {
        "unit": unit, "kind": kind, "agenda": agenda, "meeting": meeting, "monday": monday,
        "notes_form": notes_form, "decision_form": decision_form,
        "previous_week": monday - WEEK, "next_week": monday + WEEK,
    })


@member_view
def department_meeting(request, code):
    unit = access.get_unit(request.user, code)
    return _meeting_page(request, unit=unit, kind=MeetingKind.DEPARTMENT)


@member_view
def management_meeting(request):
    return _meeting_page(request, unit=None, kind=MeetingKind.MANAGEMENT)
