"""Who may see a meeting and who may run it.

Run (facilitate, edit the agenda, advance, reveal votes, promote results): the facilitator, the
person who scheduled it, the OKR champion and admins. See (the room, the minutes): those and
everyone with a seat (participants and observers, invited by name or with their unit). A guest
is a `Participant` without a person, who joined with the meeting's code: they see that meeting
only, through their seat, never through a person. Anything else is NotFound, the same answer as
for a missing meeting.
"""

from okrflow.actors import is_system
from okrflow.errors import AccessDenied, NotFound
from okrflow.org.reader import reader_of
from okrflow.workshops.models import Participant, Role, Workshop


def can_manage(actor, workshop) -> bool:
    if is_system(actor):
        return True
    if actor.organization_id != workshop.organization_id:
        return False
    if actor.pk in (workshop.facilitator_id, workshop.created_by_id):
        return True
    return reader_of(actor).everything


def may_schedule(actor) -> bool:
    """Anyone who heads a unit, the champion and admins schedule meetings."""
    if is_system(actor):
        return True
    reader = reader_of(actor)
    return reader.everything or bool(reader.headed_paths)


def seat_of(actor, workshop) -> Participant | None:
    if is_system(actor) or actor.organization_id != workshop.organization_id:
        return None
    return Participant.objects.filter(workshop=workshop, person=actor).first()


def visible_workshops(actor):
    """The meetings `actor` may see, as one query (no id lists)."""
    qs = Workshop.objects.for_org(actor.organization)
    if is_system(actor) or reader_of(actor).everything:
        return qs
    from django.db.models import Exists, OuterRef, Q

    seated = Participant.objects.filter(workshop=OuterRef("pk"), person=actor)
    return qs.filter(Q(facilitator=actor) | Q(created_by=actor) | Exists(seated))


def get_workshop(actor, pk) -> Workshop:
    """The meeting, or NotFound when it is not there or not `actor`'s to see."""
    try:
        return (visible_workshops(actor).select_related("facilitator", "cycle", "unit", "current_item")
                .get(pk=pk))
    except (Workshop.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def require_manage(actor, workshop) -> None:
    if not can_manage(actor, workshop):
        raise AccessDenied()


def is_observer(seat) -> bool:
    return seat is not None and seat.role == Role.OBSERVER
