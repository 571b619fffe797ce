"""The meeting's event log: every change in the room is one `Event` row, written in the same
transaction as the change by the service that made it, and announced to the live screens after
commit (`hub.announce`: the row's id only; the table stays the truth, so a screen that missed
an announcement catches up by asking for the events after the last id it saw)."""

from django.db import transaction

from okrflow.workshops import hub
from okrflow.workshops.models import Event

# The parts of the screens an event can ask to refresh.
TOPICS = frozenset({"workshop", "agenda", "participants", "groups", "cards", "columns", "votes",
                    "claims", "decisions", "feedback", "materials"})


def record_event(workshop, topic: str, kind: str, payload: dict | None = None, actor=None) -> Event:
    """Log one change of `workshop` (call it inside the service's transaction). `actor` is the
    Participant who acted, or None for the facilitator's console or the system."""
    if topic not in TOPICS:
        raise ValueError(f"unknown workshop event topic {topic!r}")
    event = Event.objects.create(organization_id=workshop.organization_id, workshop=workshop, topic=topic,
                                 kind=kind, payload=payload or {}, actor=actor)
    workshop_id, event_id = workshop.pk, event.pk
    transaction.on_commit(lambda: hub.announce(workshop_id, event_id))
    return event


def events_after(workshop, last_id: int, limit: int = 500):
    """The events of `workshop` after `last_id`, oldest first (a reconnecting screen's replay)."""
    return list(Event.objects.filter(workshop=workshop, id__gt=last_id).order_by("id")[:limit])


def last_event_id(workshop) -> int:
    return Event.objects.filter(workshop=workshop).order_by("-id").values_list("id", flat=True).first() or 0
