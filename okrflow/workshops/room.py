"""The whole state of a room for one actor, and the participants' two moves of their own:
joining (stamps `joined_at` once) and flagging "ready".

`room_state` is what a screen re-fetches after a reconnect (Parabol's rule: on reconnect the
client asks for the whole state, then follows the events): the meeting, the agenda with its
clock (`timing.plan`), the current item, how many are present and ready, the actor's own seat and
the server's time, from which a browser corrects its clock before it counts down to the stored
absolute end. Only what every seat may see is in it (no cards, no votes).
"""

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from okrflow.audit import log
from okrflow.errors import DomainError, locked
from okrflow.workshops import timing
from okrflow.workshops.log import last_event_id, record_event
from okrflow.workshops.models import AgendaItem, Participant, State


def room_state(room, now=None) -> dict:
    """`room` is a `seats.RoomActor`. Datetimes stay datetimes (the JSON view writes them ISO)."""
    now = now or timezone.now()
    workshop = room.workshop
    rows = list(AgendaItem.objects.filter(workshop=workshop).order_by("position", "id"))
    leaves = timing.running_order(rows)
    titles = {row.pk: row.title for row in rows}
    clock = timing.plan(leaves, now, current_id=workshop.current_item_id,
                        not_before=workshop.starts_at if workshop.state == State.SCHEDULED else None)
    agenda = [_item(item, clock.of(item.pk), titles.get(item.parent_id), workshop) for item in leaves]
    current = next((entry for entry in agenda if entry["is_current"]), None)
    return {
        "server_time": now,
        "last_event_id": last_event_id(workshop),
        "workshop": {
            "id": workshop.pk, "title": workshop.title, "state": workshop.state,
            "state_label": str(State(workshop.state).label), "version": workshop.version,
            "starts_at": workshop.starts_at, "started_at": workshop.started_at, "ended_at": workshop.ended_at,
            "place": workshop.place, "video_link": workshop.video_link,
            "facilitator": workshop.facilitator.name,
        },
        "agenda": {
            "items": agenda,
            "estimated_end": clock.estimated_end,
            "remaining": clock.remaining,
            "overrun": clock.overrun,
            "warning": clock.warning,
            "done": sum(1 for entry in agenda if entry["state"] in timing.FINISHED),
            "total": len(agenda),
        },
        "current": current,
        "participants": participant_counts(workshop),
        "seat": _seat(room.seat),
        "can_manage": room.can_manage,
    }


def participant_counts(workshop) -> dict:
    """Seats, those who joined the live room, and those of them who flagged ready: one query."""
    counts = Participant.objects.filter(workshop=workshop).aggregate(
        total=Count("id"), present=Count("id", filter=Q(joined_at__isnull=False)),
        ready=Count("id", filter=Q(is_ready=True)))
    return {key: value or 0 for key, value in counts.items()}


def join_room(room, now=None) -> Participant | None:
    """The actor opened the room: their seat's `joined_at` is stamped the first time only. A
    manager watching without a seat has nothing to stamp."""
    seat = room.seat
    if seat is None or seat.joined_at is not None:
        return seat
    now = now or timezone.now()
    with transaction.atomic():
        # Conditional UPDATE: two tabs opening at once stamp (and announce) it once.
        if not Participant.objects.filter(pk=seat.pk, joined_at__isnull=True).update(joined_at=now):
            return seat
        seat.joined_at = now
        if room.person is not None:
            log.record(seat, "workshop.join", actor=room.person, changes={"joined_at": [None, now]})
        record_event(room.workshop, "participants", "joined", {"participant": seat.pk}, actor=seat)
    return seat


def set_ready(room, ready: bool) -> Participant:
    """Flag (or unflag) "ready" for the current item; the facilitator sees the count. The flags
    clear when the room moves to another item (timer.py)."""
    if room.seat is None:
        raise DomainError("no_seat", _("You have no seat in this meeting, so there is nothing to flag."))
    with transaction.atomic():
        seat = locked(Participant.objects.select_related("workshop"), pk=room.seat.pk)
        if seat.workshop.state != State.LIVE:
            raise DomainError("not_live", _("The meeting is not running: “ready” counts only while it runs."))
        ready = bool(ready)
        if seat.is_ready == ready:
            return seat
        seat.is_ready = ready
        seat.save(update_fields=["is_ready"])
        if room.person is not None:
            log.record(seat, "workshop.ready", actor=room.person, changes={"is_ready": [not ready, ready]})
        record_event(seat.workshop, "participants", "ready", {"participant": seat.pk, "ready": ready},
                     actor=seat)
    return seat


def _item(item, clock, parent_title, workshop) -> dict:
    return {
        "id": item.pk, "title": item.title, "part_of": parent_title or "", "minutes": item.minutes,
        "method": item.method, "method_label": str(item.get_method_display()), "owner": item.owner_label,
        "questions": item.question_list(), "state": item.state,
        "state_label": str(item.get_state_display()),
        "is_current": item.pk == workshop.current_item_id and item.state not in timing.FINISHED,
        "planned_start": clock.planned_start, "planned_end": clock.planned_end,
        "remaining": clock.remaining, "overrun": clock.overrun,
        "ends_at": item.ends_at if item.state == timing.RUNNING else None,
        "paused_remaining": item.paused_remaining if item.state == timing.PAUSED else None,
        "planned_seconds": clock.planned_seconds, "extended_seconds": item.extended_seconds,
        "actual_seconds": item.actual_seconds,
        "over_plan": item.actual_seconds is not None and item.actual_seconds > clock.planned_seconds,
    }


def _seat(seat) -> dict | None:
    if seat is None:
        return None
    return {
        "id": seat.pk, "name": seat.display_name, "role": seat.role,
        "role_label": str(seat.get_role_display()),
        "is_guest": seat.is_guest, "is_ready": seat.is_ready, "joined": seat.joined_at is not None,
        "group": str(seat.group) if seat.group_id else None, "is_leader": seat.is_leader,
    }
