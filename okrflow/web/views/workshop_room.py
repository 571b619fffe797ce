"""The live room's two screens — the participant's (phone first) and the projector's with the
facilitator's controls — the agenda fragment both re-fetch when a `live:agenda` event arrives,
the whole state as JSON (what a screen fetches again after a reconnect), the talk panel, and the
participants' "ready" and "joined".

Guests reach the room without a login, so these views resolve who acts with `seats.room_actor`
(NotFound → 404 for a missing meeting, another organization's, one without a seat) instead of
`member_view`. The main region loads the current item's panel from the URL named by its method
(the contract of the room, `PANELS`; the talk panel for a method without one of its own).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from okrflow.errors import AccessDenied, DomainError, NotFound
from okrflow.workshops import room, timer
from okrflow.workshops.models import Method
from okrflow.workshops.seats import room_actor

# The room's contract: which panel the main region shows for the current item's method.
PANELS = {
    Method.TALK: "workshop_talk_panel",
    Method.QA: "workshop_talk_panel",
    Method.BREAK: "workshop_talk_panel",
    Method.COCREATION: "workshop_cocreation_panel",
    Method.VOTE: "workshop_vote_panel",
    Method.GROUP_WORK: "workshop_groups_panel",
    Method.CLAIM: "workshop_claim_panel",
}
TALK_PANEL = "workshop_talk_panel"

# The facilitator's controls: the URL's action → the timer service and the form fields it takes.
CONTROLS = {
    "start": lambda actor, w, data, version: timer.start_meeting(actor, w, version=version),
    "start-item": lambda actor, w, data, version: timer.start_item(actor, w, data.get("item"),
                                                                   version=version),
    "pause": lambda actor, w, data, version: timer.pause(actor, w, version=version),
    "resume": lambda actor, w, data, version: timer.resume(actor, w, version=version),
    "extend": lambda actor, w, data, version: timer.extend(actor, w, data.get("minutes", 5), version=version),
    "skip": lambda actor, w, data, version: timer.skip(actor, w, data.get("item") or None, version=version),
    "next": lambda actor, w, data, version: timer.next_item(actor, w, version=version),
    "end": lambda actor, w, data, version: timer.end_meeting(actor, w, version=version),
}


def _room(request, pk):
    try:
        return room_actor(request.user, request.session, pk)
    except NotFound:
        raise Http404() from None


def panel_url(workshop_id, current, *, screen: bool) -> str:
    """The current item's panel (the talk panel before the first item, after the last, and for a
    method without a panel of its own)."""
    name = PANELS.get(current["method"], TALK_PANEL) if current else TALK_PANEL
    return reverse(name, args=[workshop_id]) + ("?screen=1" if screen else "")


def _context(request, actor, *, screen: bool, error=None) -> dict:
    state = room.room_state(actor)
    pk = actor.workshop.pk
    return {
        "state": state, "workshop": actor.workshop, "screen": screen, "error": error,
        "can_manage": actor.can_manage and screen,
        "server_ms": int(state["server_time"].timestamp() * 1000),
        "panel_url": panel_url(pk, state["current"], screen=screen),
        "agenda_url": reverse("workshop_room_agenda", args=[pk]) + ("?screen=1" if screen else ""),
        "live_url": reverse("workshop_live", args=[pk]),
        "live_poll_url": reverse("workshop_live_poll", args=[pk]),
        "back_url": reverse("workshop_detail", args=[pk]) if request.user.is_authenticated else None,
        "ahead": [item for item in state["agenda"]["items"]
                  if item["state"] in ("pending",) and not item["is_current"]],
    }


@require_GET
def workshop_room(request, pk):
    """The participant's screen: the current item with its countdown, its panel, "ready"."""
    actor = _room(request, pk)
    return render(request, "web/workshops/room_participant.html", _context(request, actor, screen=False))


@require_GET
def workshop_screen(request, pk):
    """The projector's screen: the big countdown, the running plan, the facilitator's controls."""
    actor = _room(request, pk)
    return render(request, "web/workshops/room_screen.html", _context(request, actor, screen=True))


@require_GET
def workshop_room_agenda(request, pk):
    """The agenda fragment of either screen (`?screen=1`), re-fetched on every `live:agenda`."""
    actor = _room(request, pk)
    return render(request, "web/workshops/room_agenda.html",
                  _context(request, actor, screen=request.GET.get("screen") == "1"))


@require_GET
def workshop_room_state(request, pk):
    """The whole state of the room for this actor, as JSON (datetimes in ISO 8601)."""
    actor = _room(request, pk)
    state = room.room_state(actor)
    state["panel_url"] = panel_url(pk, state["current"], screen=False)
    return JsonResponse(state, json_dumps_params={"ensure_ascii": False})


@require_GET
def workshop_talk_panel(request, pk):
    """The main region for a talk, a Q&A or a break: the item's title, owner and guiding
    questions, big enough for a projector (`?screen=1`)."""
    actor = _room(request, pk)
    state = room.room_state(actor)
    return render(request, "web/workshops/room_panel_talk.html", {
        "state": state, "current": state["current"], "screen": request.GET.get("screen") == "1"})


@require_POST
def workshop_ready(request, pk):
    """Flag (`ready=1`) or unflag "ready"; htmx gets the participant's agenda fragment back."""
    actor = _room(request, pk)
    error = None
    try:
        room.set_ready(actor, request.POST.get("ready") == "1")
    except DomainError as refused:
        if refused.status != 400:
            raise
        error = refused.message
    return _after_write(request, pk, error, screen=False)


@require_POST
def workshop_room_join(request, pk):
    """The room page says it is open: the seat's `joined_at` is stamped the first time."""
    actor = _room(request, pk)
    room.join_room(actor)
    return HttpResponse(status=204)


@require_POST
def workshop_timer(request, pk, action):
    """One of the facilitator's controls; htmx gets the projector's agenda fragment back."""
    actor = _room(request, pk)
    control = CONTROLS.get(action)
    if control is None:
        raise Http404()
    if actor.person is None:          # a guest never runs the meeting
        raise PermissionDenied()
    error = None
    try:
        control(actor.person, actor.workshop, request.POST, request.POST.get("version") or None)
    except AccessDenied:
        raise PermissionDenied() from None
    except NotFound:
        raise Http404() from None
    except DomainError as refused:
        error = refused.message
    return _after_write(request, pk, error, screen=True)


def _after_write(request, pk, error, *, screen: bool):
    if request.headers.get("HX-Request"):
        actor = _room(request, pk)     # read again: the write changed the meeting
        return render(request, "web/workshops/room_agenda.html",
                      _context(request, actor, screen=screen, error=error))
    if error:
        messages.error(request, error)
    return redirect("workshop_screen" if screen else "workshop_room", pk=pk)
