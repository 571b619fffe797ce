"""Meetings: the list (upcoming and past), the schedule form, a meeting's page before and after
it runs (agenda with planned times, participants and their invitations, the join code and QR
code for guests, the way into the room), editing, inviting, cancelling, and the calendar file.
Thin views over okrflow/workshops (scheduling, invitations)."""

import datetime

import segno
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from okrflow.errors import AccessDenied, DomainError, NotFound
from okrflow.web.views.guards import member_view
from okrflow.web.workshop_a_forms import EditMeetingForm, InviteForm, ScheduleForm
from okrflow.workshops import access, agendas, invitations, scheduling, seminars
from okrflow.workshops.models import Material, Participant, Role, State

PAST_PER_PAGE = 30


def room_link(pk) -> str:
    """The live room, by its name."""
    return reverse("workshop_room", args=[pk])


def qr_svg(url: str) -> str:
    """An inline SVG QR code (segno: pure Python); dark on transparent, scaled by CSS."""
    return segno.make(url, error="m").svg_inline(scale=8, border=2, dark="#111", omitsize=True)


def join_link(request, workshop) -> str:
    return request.build_absolute_uri(reverse("join_meeting", args=[workshop.join_code]))


@member_view
def workshop_list(request):
    actor = request.user
    today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    visible = access.visible_workshops(actor).select_related("facilitator")
    current = Q(state=State.LIVE) | Q(state=State.SCHEDULED, starts_at__gte=today)
    upcoming = list(visible.filter(current).order_by("starts_at", "id")[:100])
    past = Paginator(visible.exclude(current).order_by("-starts_at", "-id"), PAST_PER_PAGE).get_page(
        request.GET.get("page")
    )
    open_ones = list(
        seminars.open_for_registration(actor)
        .exclude(pk__in=visible.values("pk"))
        .filter(starts_at__gte=today)
        .order_by("starts_at")[:20]
    )
    return render(
        request,
        "web/workshops/a_list.html",
        {
            "upcoming": upcoming,
            "past": past,
            "open_for_registration": open_ones,
            "may_schedule": access.may_schedule(actor),
            "may_edit_templates": agendas.may_edit_templates(actor),
        },
    )


def _initial_start():
    start = timezone.localtime() + datetime.timedelta(days=1)
    return start.replace(hour=9, minute=0, second=0, microsecond=0)


@member_view
def workshop_new(request):
    actor = request.user
    if not access.may_schedule(actor):
        raise AccessDenied()
    templates = agendas.templates_for(actor).order_by("name")
    chosen = request.GET.get("template")
    initial = {"facilitator": actor, "starts_at": _initial_start()}
    chosen = chosen if chosen and chosen.isdigit() and len(chosen) < 19 else None
    template = templates.filter(pk=chosen).first() if chosen else None
    if template is not None:
        initial.update(template=template, title=template.name)
    form = ScheduleForm(actor.organization, templates, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            workshop = scheduling.schedule(
                actor,
                data["template"],
                title=data["title"],
                starts_at=data["starts_at"],
                facilitator=data["facilitator"],
                place=data["place"],
                video_link=data["video_link"],
                description=data["description"],
                participants=data["participants"],
                observers=data["observers"],
                units=list(data["units"]),
                guests_allowed=data["guests_allowed"],
                registration_open=data["registration_open"],
                cycle=data["cycle"],
                unit=data["unit"],
            )
        except (AccessDenied, NotFound):
            raise
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("The meeting is scheduled; the invitations are on their way."))
            return redirect("workshop_detail", workshop.pk)
    return render(
        request,
        "web/workshops/a_form.html",
        {
            "form": form,
            "has_templates": templates.exists(),
            "may_edit_templates": agendas.may_edit_templates(actor),
        },
    )


def _agenda(workshop):
    items = list(workshop.items.all())
    times = scheduling.planned_times(items, workshop.starts_at)
    top = []
    for item in sorted(items, key=lambda i: (i.position, i.pk)):
        item.planned_start, item.planned_end = times.get(item.pk, (None, None))
        item.actual_minutes = None if item.actual_seconds is None else round(item.actual_seconds / 60)
    for item in sorted((i for i in items if i.parent_id is None), key=lambda i: (i.position, i.pk)):
        item.substeps = sorted((s for s in items if s.parent_id == item.pk), key=lambda s: (s.position, s.pk))
        top.append(item)
    return top, scheduling.planned_end(workshop, items)


@member_view
def workshop_detail(request, pk):
    actor = request.user
    try:
        workshop = access.get_workshop(actor, pk)
    except NotFound:
        workshop = seminars.get_registrable(actor, pk)
    can_manage = access.can_manage(actor, workshop)
    seat = access.seat_of(actor, workshop)
    agenda, ends_at = _agenda(workshop)
    seats = list(
        Participant.objects.filter(workshop=workshop)
        .select_related("person", "invited_unit")
        .order_by("role", "id")[:500]
    )
    statuses = invitations.status_by_person(workshop) if can_manage else {}
    for s in seats:
        s.invitation = statuses.get(s.person_id)
    counts = {role: sum(1 for s in seats if s.role == role) for role in Role.values}
    join = join_link(request, workshop) if workshop.guests_allowed and can_manage else ""
    return render(
        request,
        "web/workshops/a_detail.html",
        {
            "workshop": workshop,
            "can_manage": can_manage,
            "seat": seat,
            "agenda": agenda,
            "ends_at": ends_at,
            "seats": seats,
            "counts": counts,
            "guests": sum(1 for s in seats if s.person_id is None),
            "failed": sum(1 for i in statuses.values() if i.status == "failed"),
            "join_link": join,
            "join_qr": qr_svg(join) if join else "",
            "room_link": room_link(workshop.pk),
            "is_open": workshop.state in (State.SCHEDULED, State.LIVE),
            "materials": list(Material.objects.filter(workshop=workshop)),
            "attendance": seminars.attendance(workshop) if can_manage else None,
            "invite_form": InviteForm(actor.organization) if can_manage else None,
            "may_register": (
                workshop.registration_open
                and workshop.state == State.SCHEDULED
                and (seat is None or seat.registered_at is None)
            ),
        },
    )


@member_view
def workshop_edit(request, pk):
    actor = request.user
    workshop = access.get_workshop(actor, pk)
    access.require_manage(actor, workshop)
    initial = {
        name: getattr(workshop, name)
        for name in (
            "title",
            "place",
            "video_link",
            "description",
            "guests_allowed",
            "registration_open",
            "version",
        )
    }
    initial["starts_at"] = timezone.localtime(workshop.starts_at)
    form = EditMeetingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            scheduling.reschedule(
                actor,
                workshop,
                expected_version=data["version"],
                title=data["title"],
                starts_at=data["starts_at"],
                place=data["place"],
                video_link=data["video_link"],
                description=data["description"],
                guests_allowed=data["guests_allowed"],
                registration_open=data["registration_open"],
            )
        except (AccessDenied, NotFound):
            raise
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Saved. Invited calendars get the update."))
            return redirect("workshop_detail", workshop.pk)
    return render(request, "web/workshops/a_edit.html", {"form": form, "workshop": workshop})


def _back(request, workshop, action):
    """Run a manager's action on the meeting and go back to its page with what happened."""
    try:
        result = action()
    except (AccessDenied, NotFound):
        raise
    except DomainError as error:
        messages.error(request, str(error.message))
        return redirect("workshop_detail", workshop.pk)
    if result:
        messages.success(request, result)
    return redirect("workshop_detail", workshop.pk)


@require_POST
@member_view
def workshop_cancel(request, pk):
    workshop = access.get_workshop(request.user, pk)
    return _back(
        request,
        workshop,
        lambda: (
            scheduling.cancel(request.user, workshop)
            and _("The meeting is cancelled; invited calendars remove it.")
        ),
    )


@require_POST
@member_view
def workshop_invite(request, pk):
    actor = request.user
    workshop = access.get_workshop(actor, pk)
    access.require_manage(actor, workshop)
    form = InviteForm(actor.organization, request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("workshop_detail", workshop.pk)
    data = form.cleaned_data

    def invite():
        seats = scheduling.invite(
            actor,
            workshop,
            participants=data["participants"],
            observers=data["observers"],
            units=list(data["units"]),
        )
        return _("{count} people invited.").format(count=len(seats))

    return _back(request, workshop, invite)


@require_POST
@member_view
def workshop_remove_participant(request, pk, seat_id):
    workshop = access.get_workshop(request.user, pk)
    access.require_manage(request.user, workshop)
    seat = Participant.objects.filter(workshop=workshop, pk=seat_id).first()
    if seat is None:
        raise NotFound()

    def remove():
        scheduling.remove_participant(request.user, seat)
        return _("{name} is no longer invited.").format(name=seat.display_name)

    return _back(request, workshop, remove)


@require_POST
@member_view
def workshop_resend(request, pk):
    workshop = access.get_workshop(request.user, pk)
    access.require_manage(request.user, workshop)
    return _back(
        request,
        workshop,
        lambda: _("{count} invitations will be sent again.").format(
            count=invitations.resend_failed(workshop)
        ),
    )


@member_view
def workshop_ics(request, pk):
    """The meeting as a calendar file (METHOD:PUBLISH, the invitation's UID and SEQUENCE)."""
    workshop = access.get_workshop(request.user, pk)
    response = HttpResponse(
        invitations.calendar(workshop, method="PUBLISH"), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="meeting-{workshop.pk}.ics"'
    return response
