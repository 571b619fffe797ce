"""Joining a meeting with its code (guests without an account, or people with their login), and
the seminar's doors: registration, the sign-in QR code for the projector, signing in by scanning
it, materials.

The join pages need no login: a guest gives a name and gets a seat whose key is kept in their
session (seats.remember_guest), then goes to the room. A wrong code, a meeting without guests
and one that is over all answer 404.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from okrflow.errors import AccessDenied, DomainError, NotFound
from okrflow.web.views.guards import member_view
from okrflow.web.views.workshop_a import qr_svg, room_link
from okrflow.web.workshop_a_forms import GuestNameForm, JoinCodeForm, MaterialForm
from okrflow.workshops import access, guests, seminars
from okrflow.workshops.models import Material
from okrflow.workshops.scheduling import normalize_code
from okrflow.workshops.seats import GUEST_SESSION_KEY, remember_guest, room_actor


def join_entry(request):
    """/join/: type the code read off the projector."""
    form = JoinCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = normalize_code(form.cleaned_data["code"])
        try:
            guests.workshop_for_code(code)
        except NotFound:
            form.add_error("code", _("No meeting open to guests has this code."))
        else:
            return redirect("join_meeting", code)
    return render(request, "web/workshops/a_join_code.html", {"form": form})


def join_meeting(request, code):
    """/join/<code>/: a name, then the room. A browser that already holds a seat in the meeting
    goes straight back to it; a logged-in person of the organization joins with their login."""
    try:
        workshop = guests.workshop_for_code(code)
    except NotFound:
        raise Http404() from None
    user = request.user
    if user.is_authenticated:
        return _join_with_login(request, workshop)
    key = (request.session.get(GUEST_SESSION_KEY) or {}).get(str(workshop.pk))
    if guests.seat_for_key(workshop, key) is not None:
        return redirect(room_link(workshop.pk))
    form = GuestNameForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if not request.session.session_key:
                request.session.save()
            seat = guests.join_as_guest(workshop, form.cleaned_data["name"],
                                        key=guests.browser_key(request.session.session_key, workshop.pk))
        except NotFound:
            raise Http404() from None
        except DomainError as error:
            form.add_domain_error(error)
        else:
            remember_guest(request.session, workshop.pk, seat.guest_key)
            return redirect(room_link(workshop.pk))
    return render(request, "web/workshops/a_join.html", {"workshop": workshop, "form": form})


def _join_with_login(request, workshop):
    """A logged-in person: the room when the meeting is theirs to see; otherwise a button that
    seats them (a GET never writes); another organization's person is told to log out first."""
    user = request.user
    if user.organization_id != workshop.organization_id:
        return render(request, "web/workshops/a_join_other_org.html", {"workshop": workshop}, status=403)
    try:
        access.get_workshop(user, workshop.pk)
    except NotFound:
        if request.method != "POST":
            return render(request, "web/workshops/a_join_member.html", {"workshop": workshop})
        try:
            guests.join_with_login(user, workshop)
        except NotFound:
            raise Http404() from None
    return redirect(room_link(workshop.pk))


@require_POST
@member_view
def workshop_register(request, pk):
    workshop = seminars.get_registrable(request.user, pk)
    try:
        seminars.register(request.user, workshop)
    except (AccessDenied, NotFound):
        raise
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("You are registered."))
    return redirect("workshop_detail", workshop.pk)


def sign_in_link(request, workshop) -> str:
    return request.build_absolute_uri(reverse("workshop_sign_in", args=[workshop.pk, workshop.join_code]))


@member_view
def workshop_sign_in_screen(request, pk):
    """The projector's page: a big QR code of the sign-in URL and who has signed in (it refreshes
    itself every few seconds)."""
    workshop = access.get_workshop(request.user, pk)
    access.require_manage(request.user, workshop)
    link = sign_in_link(request, workshop)
    context = {"workshop": workshop, "attendance": seminars.attendance(workshop), "link": link}
    if request.headers.get("HX-Request"):
        return render(request, "web/workshops/a_sign_in_list.html", context)
    return render(request, "web/workshops/a_sign_in_screen.html", {**context, "qr": qr_svg(link)})


@member_view
def workshop_sign_in(request, pk, code):
    """Where the QR code leads: one tap signs the person in (a GET never writes)."""
    workshop = seminars.get_for_sign_in(request.user, pk, code)
    seat = access.seat_of(request.user, workshop)
    if request.method == "POST":
        try:
            seat = seminars.sign_in(request.user, workshop, code)
        except (AccessDenied, NotFound):
            raise
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("You are signed in. Welcome!"))
        return redirect("workshop_sign_in", workshop.pk, workshop.join_code)
    return render(
        request,
        "web/workshops/a_sign_in.html",
        {"workshop": workshop, "seat": seat, "room_link": room_link(workshop.pk)},
    )


@require_POST
@member_view
def workshop_material_add(request, pk):
    workshop = access.get_workshop(request.user, pk)
    access.require_manage(request.user, workshop)
    form = MaterialForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, errors[0])
        return redirect("workshop_detail", workshop.pk)
    data = form.cleaned_data
    try:
        seminars.add_material(
            request.user, workshop, title=data["title"], url=data["url"], upload=data["file"]
        )
    except (AccessDenied, NotFound):
        raise
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The material is attached."))
    return redirect("workshop_detail", workshop.pk)


@require_POST
@member_view
def workshop_material_delete(request, pk, material_id):
    workshop = access.get_workshop(request.user, pk)
    material = Material.objects.filter(workshop=workshop, pk=material_id).first()
    if material is None:
        raise NotFound()
    seminars.delete_material(request.user, material)
    messages.success(request, _("The material is removed."))
    return redirect("workshop_detail", workshop.pk)


def workshop_material(request, pk, material_id):
    """An uploaded material, for whoever is in the meeting (guests too), always as a download."""
    try:
        actor = room_actor(request.user, request.session, pk)
    except NotFound:
        raise Http404() from None
    material = Material.objects.filter(workshop=actor.workshop, pk=material_id).first()
    if material is None:
        raise Http404()
    if not material.file:
        if material.url:
            return redirect(material.url)
        raise Http404()
    try:
        handle = material.file.open("rb")
    except FileNotFoundError:
        raise Http404() from None
    except PermissionError:
        raise PermissionDenied() from None
    return FileResponse(
        handle,
        as_attachment=True,
        filename=material.file.name.rsplit("/", 1)[-1],
        content_type="application/octet-stream",
    )
