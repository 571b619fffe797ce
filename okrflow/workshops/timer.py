"""The facilitator's controls of the agenda timer: start the meeting, start an item, pause,
resume, extend, skip, next, end.

Only the facilitator advances (Parabol's rule; `access.require_manage`). Each control locks the
meeting's row (every control of one meeting runs one after the other, across processes), checks
the version the facilitator's screen showed (two facilitators pressing "next" at once advance
one item, not two), changes the stored timer (`AgendaItem.ends_at`, `paused_remaining`, …; never
a process), raises the meeting's version, writes one audit entry and one `agenda` event.
The arithmetic is `timing.py`'s.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from okrflow.actors import require_actor
from okrflow.audit import log
from okrflow.errors import DomainError, NotFound, locked, require_current
from okrflow.workshops import access, timing
from okrflow.workshops.log import record_event
from okrflow.workshops.models import AgendaItem, ItemState, Method, Participant, State, Workshop

MAX_EXTENSION_MINUTES = 60


def start_meeting(actor, workshop, *, version=None, now=None) -> Workshop:
    """Open the room: the meeting goes live and its first item starts."""
    with transaction.atomic():
        workshop, now = _locked(actor, workshop, version, now, allow_scheduled=True)
        if workshop.state == State.LIVE:
            raise DomainError("already_live", _("The meeting has already started."))
        items = _agenda(workshop)
        first = next((item for item in items if item.state == ItemState.PENDING), None)
        if first is None:
            raise DomainError("empty_agenda", _("The agenda has no items to run: add one first."))
        workshop.state = State.LIVE
        workshop.started_at = now
        _start(first, now)
        return _save(actor, workshop, first, now, "meeting_started", extra=["state", "started_at"],
                     changes={"state": [State.SCHEDULED, State.LIVE]})


def start_item(actor, workshop, item_id, *, version=None, now=None) -> Workshop:
    """Jump to `item_id`: the current item finishes with its real duration and this one starts."""
    with transaction.atomic():
        workshop, now = _locked(actor, workshop, version, now)
        items = _agenda(workshop)
        item = next((item for item in items if str(item.pk) == str(item_id)), None)
        if item is None:
            raise NotFound()
        if item.state != ItemState.PENDING:
            raise DomainError("not_pending", _("“{title}” has already run: choose an item still ahead.")
                              .format(title=item.title))
        _finish_current(workshop, items, now)
        _start(item, now)
        return _save(actor, workshop, item, now, "item_started")


def pause(actor, workshop, *, version=None, now=None) -> Workshop:
    """Stop the clock of the running item; it keeps the seconds it had left."""
    with transaction.atomic():
        workshop, now = _locked(actor, workshop, version, now)
        item = _current(workshop)
        if item is None or item.state != ItemState.RUNNING:
            raise DomainError("not_running", _("Nothing is running, so there is nothing to pause."))
        item.paused_remaining = timing.remaining_seconds(item, now)
        item.state = ItemState.PAUSED
        item.ends_at = None
        item.save(update_fields=["paused_remaining", "state", "ends_at"])
        return _save(actor, workshop, item, now, "item_paused", payload={"remaining": item.paused_remaining})


def resume(actor, workshop, *, version=None, now=None) -> Workshop:
    """Restart the clock of the paused item: it ends its remaining seconds from now."""
    with transaction.atomic():
        workshop, now = _locked(actor, workshop, version, now)
        item = _current(workshop)
        if item is None or item.state != ItemState.PAUSED:
            raise DomainError("not_paused", _("The current item is not paused."))
        item.ends_at = now + datetime.timedelta(seconds=item.paused_remaining or 0)
        item.paused_remaining = None
        item.state = ItemState.RUNNING
        item.save(update_fields=["paused_remaining", "state", "ends_at"])
        return _save(actor, workshop, item, now, "item_resumed")


def extend(actor, workshop, minutes, *, version=None, now=None) -> Workshop:
    """Give the current item `minutes` more (running or paused)."""
    try:
        minutes = int(minutes)
    except (TypeError, ValueError):
        minutes = 0
    if not 1 <= minutes <= MAX_EXTENSION_MINUTES:
        raise DomainError("invalid_extension", _("Extend by 1 to {limit} minutes.")
                          .format(limit=MAX_EXTENSION_MINUTES), field="minutes")
    with transaction.atomic():
        workshop, now = _locked(actor, workshop, version, now)
        item = _current(workshop)
        if item is None or item.state not in (ItemState.RUNNING, ItemState.PAUSED):
            raise DomainError("not_running", _("Nothing is running, so there is nothing to extend."))
        seconds = minutes * 60
        if item.state == ItemState.RUNNING:
            item.ends_at += datetime.timedelta(seconds=seconds)
        else:
            item.paused_remaining = (item.paused_remaining or 0) + seconds
        item.extended_seconds += seconds
        item.save(update_fields=["ends_at", "paused_remaining", "extended_seconds"])
        return _save(actor, workshop, item, now, "item_extended", payload={"minutes": minutes})


def skip(actor, workshop, item_id=None, *, version=None, now=None) -> Workshop:
    """Skip an item: the current one (the next starts; after the last, the room waits for
    "end") or one still ahead (it will not run)."""
    with transaction.atomic():
        workshop, now = _locked(actor, workshop, version, now)
        items = _agenda(workshop)
        current = _current_of(workshop, items)
        target = current if item_id in (None, "") else next(
            (item for item in items if str(item.pk) == str(item_id)), None)
        if target is None:
            if item_id in (None, ""):
                raise DomainError("nothing_current", _("There is no current item to skip."))
            raise NotFound()
        if target.state in timing.FINISHED:
            raise DomainError("not_pending", _("“{title}” has already run: choose an item still ahead.")
                              .format(title=target.title))
        if target is not current:
            target.state = ItemState.SKIPPED
            target.save(update_fields=["state"])
            return _save(actor, workshop, current, now, "item_skipped", payload={"skipped": target.pk})
        following = _following(items, current)
        _finish(current, now, ItemState.SKIPPED)
        if following is not None:
            _start(following, now)
        return _save(actor, workshop, following, now, "item_skipped", payload={"skipped": target.pk})


def next_item(actor, workshop, *, version=None, now=None) -> Workshop:
    """Finish the current item with its real duration and start the next one."""
    with transaction.atomic():
        workshop, now = _locked(actor, workshop, version, now)
        items = _agenda(workshop)
        current = _current_of(workshop, items)
        following = _following(items, current)
        if following is None:
            raise DomainError("last_item", _("This is the last item of the agenda: end the meeting instead."))
        _finish_current(workshop, items, now)
        _start(following, now)
        return _save(actor, workshop, following, now, "item_started")


def end_meeting(actor, workshop, *, version=None, now=None) -> Workshop:
    """Close the room: the current item finishes with its real duration; items never reached
    stay pending (the minutes show them as not run)."""
    with transaction.atomic():
        workshop, now = _locked(actor, workshop, version, now)
        _finish_current(workshop, _agenda(workshop), now)
        workshop.state = State.ENDED
        workshop.ended_at = now
        return _save(actor, workshop, None, now, "meeting_ended", extra=["state", "ended_at"],
                     changes={"state": [State.LIVE, State.ENDED]})


# --- the sequence every control runs ------------------------------------------------------

def _locked(actor, workshop, version, now, *, allow_scheduled=False):
    require_actor(actor)
    workshop = locked(Workshop.objects.select_related("current_item"), pk=workshop.pk,
                      organization_id=workshop.organization_id)
    access.require_manage(actor, workshop)
    if workshop.state == State.CANCELLED:
        raise DomainError("cancelled", _("This meeting was cancelled."))
    if workshop.state == State.ENDED:
        raise DomainError("ended", _("This meeting has ended."))
    if workshop.state == State.SCHEDULED and not allow_scheduled:
        raise DomainError("not_started", _("The meeting has not started yet: start it first."))
    require_current(workshop, version)
    return workshop, now or timezone.now()


def _agenda(workshop) -> list:
    """The meeting's timed items in running order, locked (under the meeting's lock)."""
    rows = AgendaItem.objects.filter(workshop=workshop).select_for_update().order_by("position", "id")
    return timing.running_order(rows)


def _current(workshop):
    if workshop.current_item_id is None:
        return None
    return AgendaItem.objects.select_for_update().filter(pk=workshop.current_item_id).first()


def _current_of(workshop, items):
    return next((item for item in items if item.pk == workshop.current_item_id), None)


def _following(items, current):
    later = timing.ahead(items, current.pk if current else None)
    return later[0] if later else None


def _start(item, now) -> None:
    item.state = ItemState.RUNNING
    item.started_at = now
    item.ends_at = now + datetime.timedelta(seconds=timing.planned_seconds(item))
    item.paused_remaining = None
    item.save(update_fields=["state", "started_at", "ends_at", "paused_remaining"])


def _finish(item, now, state) -> None:
    started = item.state in (ItemState.RUNNING, ItemState.PAUSED)
    item.actual_seconds = timing.actual_seconds(item, now) if started else None
    item.finished_at = now if started else None
    item.state = state
    item.paused_remaining = None
    item.save(update_fields=["actual_seconds", "finished_at", "state", "paused_remaining"])


def _finish_current(workshop, items, now) -> None:
    current = _current_of(workshop, items)
    if current is not None and current.state in (ItemState.RUNNING, ItemState.PAUSED):
        _finish(current, now, ItemState.DONE)


def _save(actor, workshop, item, now, kind, *, payload=None, extra=(), changes=None) -> Workshop:
    """Point the meeting at its current item, raise its version, clear the "ready" flags when the
    room moves to another item, and write the audit entry and the `agenda` event. A co-creation
    item that comes up is a new board whose votes are hidden until revealed (voting.py): the
    last board's reveal does not carry over."""
    previous = workshop.current_item_id
    workshop.current_item = item
    workshop.version += 1
    workshop.updated_at = now
    hide_votes = (workshop.votes_revealed and item is not None and item.pk != previous
                  and item.method == Method.COCREATION)
    if hide_votes:
        workshop.votes_revealed = False
        extra = [*extra, "votes_revealed"]
        changes = {**(changes or {}), "votes_revealed": [True, False]}
    workshop.save(update_fields=["current_item", "version", "updated_at", *extra])
    if previous != workshop.current_item_id:
        Participant.objects.filter(workshop=workshop, is_ready=True).update(is_ready=False)
    if hide_votes:
        record_event(workshop, "votes", "votes_hidden", {"revealed": False})
    changes = {"current_item": [previous, workshop.current_item_id], **(changes or {})}
    log.record(workshop, f"workshop.{kind}", actor=actor, changes=changes)
    record_event(workshop, "agenda", kind,
                 {"item": workshop.current_item_id, "version": workshop.version, **(payload or {})},
                 actor=access.seat_of(actor, workshop))
    return workshop
