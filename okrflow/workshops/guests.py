"""Guests: people without an okrflow account who join one meeting with its short code (or the QR
code on the projector) and a name (issue 10, Parabol's most requested missing feature).

A guest is a `Participant` without a person; the random `guest_key` of their seat is kept in their
browser's session (seats.remember_guest) and opens that meeting only — every other page answers
as if it did not exist. The door is closed unless the facilitator allowed guests, the meeting is
scheduled or live, and it has room: at most OKRFLOW_WORKSHOP_MAX_GUESTS guests a meeting, and a
browser that already holds a seat in the meeting gets that seat back instead of a new one.
"""

import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from okrflow.audit import log
from okrflow.errors import DomainError, NotFound, locked
from okrflow.workshops.log import record_event
from okrflow.workshops.models import Participant, Role, State, Workshop
from okrflow.workshops.scheduling import normalize_code
from okrflow.writes import checked_text

NAME_LIMIT = 100
OPEN_STATES = (State.SCHEDULED, State.LIVE)


def max_guests() -> int:
    return int(getattr(settings, "OKRFLOW_WORKSHOP_MAX_GUESTS", 200))


def workshop_for_code(code) -> Workshop:
    """The meeting a join code opens to guests, or NotFound — the same answer for a wrong code,
    a meeting without guests and one that is over, so codes cannot be probed for."""
    code = normalize_code(code)
    if not code:
        raise NotFound()
    workshop = Workshop.objects.filter(join_code=code, guests_allowed=True, state__in=OPEN_STATES).first()
    if workshop is None:
        raise NotFound()
    return workshop


def seat_for_key(workshop, key) -> Participant | None:
    if not key:
        return None
    return Participant.objects.filter(workshop=workshop, person__isnull=True, guest_key=key).first()


def browser_key(session_key: str, workshop_id) -> str:
    """The guest key a browser session proposes for a meeting: secret (an HMAC of the session's
    own secret key), and the same for every request of that session, so a double-tapped "join"
    finds the seat its first tap made instead of making a second one."""
    return salted_hmac("okrflow.workshops.guest", f"{session_key}:{workshop_id}",
                       algorithm="sha256").hexdigest()


@transaction.atomic
def join_as_guest(workshop, name, *, key=None, now=None) -> Participant:
    """Seat a guest called `name` in `workshop` and return the seat (its `guest_key` goes into
    the guest's session). A guest who joins on the meeting's day is signed in too. `key` is the
    key the browser proposes (`browser_key`): when a seat already has it, that seat is returned
    (the meeting's row lock orders two taps of one browser)."""
    workshop = locked(Workshop.objects.all(), pk=workshop.pk)
    if not workshop.guests_allowed or workshop.state not in OPEN_STATES:
        raise NotFound()
    existing = seat_for_key(workshop, key)
    if existing is not None:
        return existing
    name = checked_text(name, field="name", limit=NAME_LIMIT, required=True)
    guests = Participant.objects.filter(workshop=workshop, person__isnull=True).exclude(guest_key="").count()
    if guests >= max_guests():
        raise DomainError(
            "full",
            _("This meeting has no room for more guests ({limit}).").format(limit=max_guests()),
            field="name",
        )
    now = now or timezone.now()
    on_the_day = (
        timezone.localdate(now) == timezone.localdate(workshop.starts_at) or workshop.state == State.LIVE
    )
    seat = Participant.objects.create(
        organization_id=workshop.organization_id,
        workshop=workshop,
        guest_name=name,
        guest_key=key or secrets.token_urlsafe(32),
        role=Role.PARTICIPANT,
        signed_in_at=now if on_the_day else None,
        created_at=now,
    )
    record_event(workshop, "participants", "guest_joined", {"participant": seat.pk}, actor=seat)
    return seat


@transaction.atomic
def join_with_login(person, workshop, *, now=None) -> Participant:
    """A person of the meeting's organization who opened its join link: their own seat (a new
    participant's when they had none), never a guest's."""
    if person.organization_id != workshop.organization_id:
        raise NotFound()
    workshop = locked(Workshop.objects.all(), pk=workshop.pk)
    seat = Participant.objects.filter(workshop=workshop, person=person).first()
    if seat is not None:
        return seat
    if not workshop.guests_allowed or workshop.state not in OPEN_STATES:
        raise NotFound()
    seat = Participant.objects.create(
        organization_id=workshop.organization_id,
        workshop=workshop,
        person=person,
        role=Role.PARTICIPANT,
        created_at=now or timezone.now(),
    )
    log.record(seat, "workshop.join_with_code", actor=person, changes={"workshop": [None, workshop.pk]})
    record_event(workshop, "participants", "joined_with_code", {"participant": seat.pk}, actor=seat)
    return seat
