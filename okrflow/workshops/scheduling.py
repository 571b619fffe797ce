"""Scheduling a meeting from a template, changing its time or place, inviting and removing
people, and cancelling it.

`schedule` copies the template's items into the meeting's own agenda (editing the template later
never changes a meeting), seats the facilitator, the participants (people, and whole units with
everyone in and below them) and the observers, and gives the meeting a short join code for
guests. Every change that a calendar must apply raises `Workshop.ics_sequence` and queues the
calendar mail (okrflow/workshops/invitations.py) after the transaction commits.
"""

import datetime
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from okrflow.actors import is_system
from okrflow.audit import log
from okrflow.cycles.rules import EARLIEST_YEAR, LATEST_YEAR
from okrflow.errors import AccessDenied, DomainError, NotFound, locked, require_current
from okrflow.org import tree
from okrflow.org.models import Person
from okrflow.workshops import access, invitations
from okrflow.workshops.log import record_event
from okrflow.workshops.models import AgendaItem, Participant, Role, State, Template, TemplateItem, Workshop
from okrflow.writes import checked_text

# Letters and digits that cannot be mistaken for one another when read off a projector.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
TITLE_LIMIT, PLACE_LIMIT, LINK_LIMIT, TEXT_LIMIT = 200, 200, 500, 4000
# A meeting may be scheduled a little in the past (a form filled in at the start of the meeting).
PAST_GRACE = datetime.timedelta(minutes=15)


def max_participants() -> int:
    return int(getattr(settings, "OKRFLOW_WORKSHOP_MAX_PARTICIPANTS", 1000))


def new_join_code() -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if not Workshop.objects.filter(join_code=code).exists():
            return code


def normalize_code(text) -> str:
    """What a person typed as a join code: spaces and dashes dropped, upper case."""
    if not isinstance(text, str):
        return ""
    return "".join(ch for ch in text.upper() if ch.isalnum())[: CODE_LENGTH * 2]


# --- planned times (pure) ------------------------------------------------------------------------


def planned_times(items, starts_at) -> dict:
    """{item pk: (start, end)} of an agenda planned from `starts_at`: top-level items one after
    the other by position, an item's steps one after the other inside it. `items` are rows with
    pk, parent_id, position and minutes (AgendaItem or TemplateItem)."""
    children: dict = {}
    for item in items:
        children.setdefault(item.parent_id, []).append(item)
    for siblings in children.values():
        siblings.sort(key=lambda item: (item.position, item.pk))
    times = {}

    def place(parent_id, cursor):
        for item in children.get(parent_id, []):
            end = cursor + datetime.timedelta(minutes=item.minutes)
            times[item.pk] = (cursor, end)
            if item.pk in children and parent_id is None:
                place(item.pk, cursor)
            cursor = end
        return cursor

    place(None, starts_at)
    return times


def planned_end(workshop, items=None):
    items = list(workshop.items.all()) if items is None else items
    minutes = sum(item.minutes for item in items if item.parent_id is None)
    return workshop.starts_at + datetime.timedelta(minutes=minutes)


# --- checks ---------------------------------------------------------------------------------------


def _check_start(starts_at, now) -> None:
    if not isinstance(starts_at, datetime.datetime) or timezone.is_naive(starts_at):
        raise DomainError("invalid", _("Enter a date and time."), field="starts_at")
    if not EARLIEST_YEAR <= starts_at.year <= LATEST_YEAR:
        raise DomainError(
            "date_out_of_range",
            _("Enter a date between {first} and {last}.").format(
                first=datetime.date(EARLIEST_YEAR, 1, 1), last=datetime.date(LATEST_YEAR, 12, 31)
            ),
            field="starts_at",
        )
    if starts_at < now - PAST_GRACE:
        raise DomainError("in_the_past", _("The meeting cannot start in the past."), field="starts_at")


def _check_link(link) -> str:
    link = checked_text(link, field="video_link", limit=LINK_LIMIT)
    if link:
        try:
            URLValidator(schemes=["http", "https"])(link)
        except ValidationError:
            raise DomainError(
                "invalid", _("Enter a web address starting with https://."), field="video_link"
            ) from None
    return link


def _where(place, video_link) -> dict:
    return {
        "place": checked_text(place, field="place", limit=PLACE_LIMIT),
        "video_link": _check_link(video_link),
    }


def _same_org(actor, organization_id) -> None:
    if not is_system(actor) and actor.organization_id != organization_id:
        raise NotFound()


def _person(organization_id, person, field) -> Person:
    if not isinstance(person, Person) or person.organization_id != organization_id:
        raise DomainError("foreign_person", _("Invite people of your organization only."), field=field)
    if not person.is_active:
        raise DomainError("inactive", _("{name} no longer works here.").format(name=person.name), field=field)
    return person


def _checked_people(organization_id, people, field, seen) -> list[Person]:
    checked = []
    for person in people:
        person = _person(organization_id, person, field)
        if person.pk in seen:
            raise DomainError("duplicate", _("{name} is listed twice.").format(name=person.name), field=field)
        seen.add(person.pk)
        checked.append(person)
    return checked


def _checked_units(organization_id, units) -> list:
    units = list(units)
    if len({u.pk for u in units}) != len(units):
        raise DomainError("duplicate", _("A unit is listed twice."), field="units")
    for unit in units:
        if getattr(unit, "organization_id", None) != organization_id:
            raise DomainError("foreign_unit", _("Invite units of your organization only."), field="units")
    return units


def _seats(workshop, *, facilitator=None, participants=(), observers=(), units=(), taken=()) -> list:
    """The Participant rows to add: the people listed by name with their role, then everyone in
    and below each unit not seated yet (with the unit they were invited with)."""
    org_id, seen = workshop.organization_id, set(taken)
    if facilitator is not None:
        seen.add(facilitator.pk)
    people = [
        (p, Role.PARTICIPANT, None) for p in _checked_people(org_id, participants, "participants", seen)
    ]
    people += [(p, Role.OBSERVER, None) for p in _checked_people(org_id, observers, "observers", seen)]
    for unit in _checked_units(org_id, units):
        members = (
            Person.objects.for_org(org_id)
            .filter(tree.below("unit__path", unit.path), is_active=True)
            .exclude(pk__in=seen)
            .order_by("pk")[: max_participants() + 1]
        )
        for person in members:
            seen.add(person.pk)
            people.append((person, Role.PARTICIPANT, unit))
    if facilitator is not None:
        people.insert(0, (facilitator, Role.FACILITATOR, None))
    if len(people) + len(taken) > max_participants():
        raise DomainError(
            "too_many",
            _("A meeting has at most {limit} participants.").format(limit=max_participants()),
            field="participants",
        )
    return [
        Participant(organization_id=org_id, workshop=workshop, person=person, role=role, invited_unit=unit)
        for person, role, unit in people
    ]


def _copy_agenda(workshop, template) -> None:
    items = list(TemplateItem.objects.filter(template=template).order_by("parent_id", "position", "id"))
    copies = {}
    for item in sorted(items, key=lambda i: (i.parent_id is not None, i.position, i.pk)):
        copies[item.pk] = AgendaItem.objects.create(
            organization_id=workshop.organization_id,
            workshop=workshop,
            parent=copies.get(item.parent_id),
            position=item.position,
            title=item.title,
            minutes=item.minutes,
            method=item.method,
            owner_label=item.owner_label,
            questions=item.questions,
            notes=item.notes,
        )


# --- writes ----------------------------------------------------------------------------------------


@transaction.atomic
def schedule(
    actor,
    template,
    *,
    title,
    starts_at,
    facilitator,
    place="",
    video_link="",
    description="",
    participants=(),
    observers=(),
    units=(),
    guests_allowed=False,
    registration_open=False,
    cycle=None,
    unit=None,
    now=None,
) -> Workshop:
    """A meeting from `template` at `starts_at` (aware), with its agenda copied and its people
    seated; the invitations go out after commit."""
    if not access.may_schedule(actor):
        raise AccessDenied()
    _same_org(actor, template.organization_id)
    org_id = template.organization_id
    # The stored row, locked: the template may have been archived since the form was opened.
    template = locked(Template.objects.for_org(org_id), pk=template.pk)
    if template.is_archived:
        raise DomainError("archived", _("This template is archived."), field="template")
    now = now or timezone.now()
    title = checked_text(title, field="title", limit=TITLE_LIMIT, required=True)
    _check_start(starts_at, now)
    where = _where(place, video_link)
    facilitator = _person(org_id, facilitator, "facilitator")
    for value in (cycle, unit):
        if value is not None and value.organization_id != org_id:
            raise NotFound()
    workshop = Workshop.objects.create(
        organization_id=org_id,
        template=template,
        kind=template.kind,
        title=title,
        description=checked_text(description, field="description", limit=TEXT_LIMIT),
        starts_at=starts_at,
        facilitator=facilitator,
        cycle=cycle,
        unit=unit,
        join_code=new_join_code(),
        guests_allowed=bool(guests_allowed),
        registration_open=bool(registration_open),
        created_by=None if is_system(actor) else actor,
        created_at=now,
        updated_at=now,
        **where,
    )
    seats = Participant.objects.bulk_create(
        _seats(workshop, facilitator=facilitator, participants=participants, observers=observers, units=units)
    )
    _copy_agenda(workshop, template)
    log.record(
        workshop,
        "workshop.schedule",
        actor=actor,
        changes={
            "title": [None, title],
            "starts_at": [None, starts_at],
            "template": [None, template.pk],
            "participants": [None, len(seats)],
        },
    )
    record_event(workshop, "workshop", "scheduled")
    invitations.queue(workshop, seats)
    return workshop


def _locked_workshop(actor, workshop, expected_version=None) -> Workshop:
    _same_org(actor, workshop.organization_id)
    if not access.can_manage(actor, workshop):
        raise AccessDenied()
    workshop = locked(Workshop.objects.for_org(workshop.organization_id), pk=workshop.pk)
    require_current(workshop, expected_version)
    return workshop


def _require_scheduled(workshop) -> None:
    if workshop.state == State.CANCELLED:
        raise DomainError("cancelled", _("This meeting is cancelled."))
    if workshop.state == State.ENDED:
        raise DomainError("ended", _("This meeting has ended."))


@transaction.atomic
def reschedule(
    actor,
    workshop,
    *,
    title,
    starts_at,
    place="",
    video_link="",
    description="",
    guests_allowed=None,
    registration_open=None,
    expected_version=None,
    now=None,
) -> Workshop:
    """Change the meeting's title, time, place or link (and its guest and registration switches);
    a change that calendars show raises the invitation's SEQUENCE and mails the update."""
    workshop = _locked_workshop(actor, workshop, expected_version)
    _require_scheduled(workshop)
    now = now or timezone.now()
    fields = {
        "title": checked_text(title, field="title", limit=TITLE_LIMIT, required=True),
        "description": checked_text(description, field="description", limit=TEXT_LIMIT),
        **_where(place, video_link),
    }
    if starts_at != workshop.starts_at:
        if workshop.state != State.SCHEDULED:
            raise DomainError("started", _("A meeting that has started cannot be moved."), field="starts_at")
        _check_start(starts_at, now)
    fields["starts_at"] = starts_at
    for name, value in (("guests_allowed", guests_allowed), ("registration_open", registration_open)):
        if value is not None:
            fields[name] = bool(value)
    changes = {k: [getattr(workshop, k), v] for k, v in fields.items() if getattr(workshop, k) != v}
    if not changes:
        return workshop
    for key, (_old, new) in changes.items():
        setattr(workshop, key, new)
    calendar_changed = bool(set(changes) & invitations.CALENDAR_FIELDS)
    if calendar_changed:
        workshop.ics_sequence += 1
    workshop.version += 1
    workshop.updated_at = now
    workshop.save(update_fields=[*changes, "ics_sequence", "version", "updated_at"])
    log.record(workshop, "workshop.reschedule", actor=actor, changes=changes)
    record_event(workshop, "workshop", "rescheduled", {"fields": sorted(changes)})
    if calendar_changed:
        invitations.queue(workshop, invitations.invitees(workshop))
    return workshop


@transaction.atomic
def invite(actor, workshop, *, participants=(), observers=(), units=()) -> list[Participant]:
    """Seat more people (by name, or whole units); those already seated are left as they are,
    except that a person named twice or already seated by name is refused."""
    workshop = _locked_workshop(actor, workshop)
    _require_scheduled(workshop)
    taken = set(
        Participant.objects.filter(workshop=workshop, person__isnull=False).values_list(
            "person_id", flat=True
        )
    )
    for person in [*participants, *observers]:
        if getattr(person, "pk", None) in taken:
            raise DomainError(
                "duplicate", _("{name} is already invited.").format(name=person.name), field="participants"
            )
    seats = Participant.objects.bulk_create(
        _seats(workshop, participants=participants, observers=observers, units=units, taken=taken)
    )
    if not seats:
        raise DomainError("nobody", _("Everyone you named is already invited."), field="participants")
    log.record(
        workshop,
        "workshop.invite",
        actor=actor,
        changes={"participants": [None, [s.person_id for s in seats]]},
    )
    record_event(workshop, "participants", "invited", {"count": len(seats)})
    invitations.queue(workshop, seats)
    return seats


@transaction.atomic
def remove_participant(actor, participant) -> None:
    """Take someone off the meeting; a person's calendar gets a cancellation."""
    workshop = _locked_workshop(actor, participant.workshop)
    _require_scheduled(workshop)
    seat = Participant.objects.filter(workshop=workshop, pk=participant.pk).select_for_update().first()
    if seat is None:
        raise NotFound()
    if seat.role == Role.FACILITATOR:
        raise DomainError("facilitator", _("The facilitator cannot be removed; choose another one first."))
    if seat.person_id is not None and workshop.state == State.SCHEDULED:
        workshop.ics_sequence += 1
        workshop.save(update_fields=["ics_sequence"])
        invitations.mail_removed(workshop, seat)
    log.record(
        workshop,
        "workshop.remove_participant",
        actor=actor,
        changes={"participant": [seat.display_name, None]},
    )
    record_event(workshop, "participants", "removed", {"participant": seat.pk})
    if seat.person_id is not None:
        seat.delete()
    else:
        # A guest's seat keeps what they wrote in the room; they only lose the key to it.
        seat.guest_key = ""
        seat.save(update_fields=["guest_key"])


@transaction.atomic
def cancel(actor, workshop, *, now=None) -> Workshop:
    """Cancel a meeting that has not ended; every invited calendar gets a cancellation."""
    workshop = _locked_workshop(actor, workshop)
    if workshop.state == State.CANCELLED:
        raise DomainError("cancelled", _("This meeting is already cancelled."))
    if workshop.state == State.ENDED:
        raise DomainError("ended", _("A meeting that has ended cannot be cancelled."))
    now = now or timezone.now()
    before = workshop.state
    workshop.state = State.CANCELLED
    workshop.ics_sequence += 1
    workshop.version += 1
    workshop.updated_at = now
    workshop.save(update_fields=["state", "ics_sequence", "version", "updated_at"])
    log.record(workshop, "workshop.cancel", actor=actor, changes={"state": [before, State.CANCELLED]})
    record_event(workshop, "workshop", "cancelled")
    invitations.queue(workshop, invitations.invitees(workshop), cancellation=True)
    return workshop
