"""Who is acting in a room: a logged-in person (through their seat, or as a manager of the
meeting without one) or a guest who joined with the meeting's code. Every door of the room — web
pages, fragments, the live stream, the API — resolves the actor here, once per request.

A guest's browser session holds `{workshop id: guest key}` under GUEST_SESSION_KEY; the key is the
secret of their `Participant` row and opens that meeting only.
"""

from dataclasses import dataclass

from okrflow.errors import NotFound
from okrflow.workshops import access
from okrflow.workshops.models import Participant, Workshop

GUEST_SESSION_KEY = "okrflow_workshop_guests"


@dataclass(frozen=True)
class RoomActor:
    workshop: Workshop
    seat: Participant | None      # None: a manager (admin, champion, scheduler) without a seat
    person: object | None         # the logged-in Person, None for a guest
    can_manage: bool

    @property
    def audit_actor(self):
        """Who the audit history names: the person; for a guest, the meeting's facilitator never —
        a guest's actions are audited by the meeting's event log (Event.actor is their seat)."""
        return self.person


def room_actor(user, session, workshop_id) -> RoomActor:
    """The actor in meeting `workshop_id` for this request, or NotFound (the same answer for a
    missing meeting, another organization's and one that is not yours)."""
    if user is not None and user.is_authenticated:
        workshop = access.get_workshop(user, workshop_id)
        seat = access.seat_of(user, workshop)
        return RoomActor(workshop=workshop, seat=seat, person=user,
                         can_manage=access.can_manage(user, workshop))
    key = (session.get(GUEST_SESSION_KEY) or {}).get(str(workshop_id)) if session is not None else None
    if not key:
        raise NotFound()
    seat = (Participant.objects.select_related("workshop", "workshop__facilitator", "workshop__current_item")
            .filter(workshop_id=workshop_id, person__isnull=True, guest_key=key).first())
    if seat is None:
        raise NotFound()
    return RoomActor(workshop=seat.workshop, seat=seat, person=None, can_manage=False)


def remember_guest(session, workshop_id, guest_key: str) -> None:
    seats = dict(session.get(GUEST_SESSION_KEY) or {})
    seats[str(workshop_id)] = guest_key
    session[GUEST_SESSION_KEY] = seats
