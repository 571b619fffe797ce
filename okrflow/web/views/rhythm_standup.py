"""The daily stand-up: my entry of today (/standup/) and the team's page of a day
(/units/<code>/standup/?date=), where an obstacle becomes a follow-up with an owner."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from okrflow.errors import AccessDenied, DomainError, NotFound
from okrflow.meetings.access import can_run_meeting
from okrflow.meetings.models import FollowUp, StandupEntry
from okrflow.meetings.standups import (
    close_follow_up,
    open_follow_ups,
    save_standup,
    team_standup,
    turn_blocker_into_follow_up,
)
from okrflow.org import access
from okrflow.org.models import Person
from okrflow.org.reader import reader_of
from okrflow.web.rhythm_forms import FollowUpForm, StandupForm
from okrflow.web.views.guards import member_view, require_permission
from okrflow.web.views.rhythm import day_from, local_today, may_see_standups


@member_view
def my_standup(request):
    person = request.user
    today = local_today()
    entry = StandupEntry.objects.for_org(person.organization).filter(person=person, date=today).first()
    if request.method == "POST":
        form = StandupForm(request.POST)
        if form.is_valid():
            try:
                save_standup(person, date=today, **form.cleaned_data)
            except DomainError as error:
                form.add_domain_error(error)
            else:
                messages.success(request, _("Your stand-up is saved."))
                return redirect("my_standup")
    else:
        initial = {name: getattr(entry, name) for name in StandupForm.base_fields} if entry else None
        form = StandupForm(initial=initial)
    return render(request, "web/rhythm/standup.html", {"form": form, "entry": entry, "today": today})


def _may_follow_up(actor, entry, leads_unit) -> bool:
    """The same answer as the service's leads_person, from the reader's paths (no query per
    entry): the unit's leaders, the author, anyone above the author in the manager chain or
    heading a unit above theirs. The service checks again on submit."""
    return leads_unit or reader_of(actor).covers_person(entry.person)


def _team_people(unit):
    return Person.objects.for_org(unit.organization).filter(unit=unit, is_active=True).order_by("name", "id")


@member_view
def team_standup_page(request, code):
    unit = access.get_unit(request.user, code)
    require_permission(may_see_standups(request.user, unit))
    day = day_from(request)
    standup = team_standup(unit, day)
    leads_unit = can_run_meeting(request.user, unit.organization, unit)
    for entry in standup.entries:
        entry.may_follow_up = bool(entry.blockers) and _may_follow_up(request.user, entry, leads_unit)
    return render(request, "web/rhythm/team_standup.html", {
        "unit": unit, "day": day, "standup": standup, "leads_unit": leads_unit,
        "follow_ups": open_follow_ups(unit),
        "owners": list(_team_people(unit)), "people_count": len(standup.entries) + len(standup.missing),
    })


def _entry(person, entry_id) -> StandupEntry:
    entry = (StandupEntry.objects.for_org(person.organization).select_related("person__unit")
             .filter(pk=entry_id).first())
    if entry is None:
        raise NotFound()
    return entry


@require_POST
@member_view
def follow_up_blocker(request, entry_id):
    entry = _entry(request.user, entry_id)
    unit = entry.person.unit
    people = Person.objects.for_org(request.user.organization).filter(is_active=True)
    form = FollowUpForm(people, request.POST)
    if form.is_valid():
        try:
            turn_blocker_into_follow_up(request.user, entry, form.cleaned_data["owner"])
        except (AccessDenied, NotFound):
            raise  # the guard answers 403 / 404
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("The obstacle is now a follow-up for {name}.").format(
                name=form.cleaned_data["owner"].name))
    else:
        messages.error(request, _("Choose an owner for the follow-up."))
    return _back_to_team(unit, entry.date)


@require_POST
@member_view
def close_follow_up_view(request, follow_up_id):
    follow_up = (FollowUp.objects.for_org(request.user.organization).select_related("owner__unit")
                 .filter(pk=follow_up_id).first())
    if follow_up is None:
        raise NotFound()
    close_follow_up(request.user, follow_up)
    messages.success(request, _("Follow-up closed."))
    unit = follow_up.owner.unit if follow_up.owner else request.user.unit
    return _back_to_team(unit, local_today())


def _back_to_team(unit, day):
    if unit is None:
        return redirect("my_standup")
    return redirect("{}?date={}".format(reverse("team_standup", args=[unit.code]), day.isoformat()))
