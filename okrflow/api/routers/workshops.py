"""Meetings over the API: list the meetings the caller may see, read one (agenda with planned
times, participants), schedule one from a template, cancel one. The same services as the web
pages (okrflow/workshops/scheduling.py); invitations go out through the background job."""

import datetime

from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.params import Path
from pydantic import Field, StrictBool

from okrflow.api.errors import READ_ERRORS, WRITE_ERRORS
from okrflow.api.pagination import PageParams, page_of
from okrflow.cycles.models import Cycle
from okrflow.errors import AccessDenied, DomainError, NotFound
from okrflow.org.models import Person, Unit, normalize_email
from okrflow.workshops import access, agendas, scheduling
from okrflow.workshops.models import Participant

router = Router(tags=["workshops"])
MAX_PEOPLE = 500


class WorkshopOut(Schema):
    id: int
    title: str
    kind: str
    state: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    place: str
    video_link: str
    facilitator: str
    guests_allowed: bool
    registration_open: bool
    invitation_sequence: int


class WorkshopPage(Schema):
    items: list[WorkshopOut]
    count: int


class AgendaItemOut(Schema):
    id: int
    parent: int | None
    title: str
    minutes: int
    method: str
    owner: str
    questions: list[str]
    planned_start: datetime.datetime
    planned_end: datetime.datetime
    state: str


class ParticipantOut(Schema):
    id: int
    name: str
    email: str | None
    role: str
    is_guest: bool


class WorkshopDetailOut(WorkshopOut):
    description: str
    join_code: str | None
    agenda: list[AgendaItemOut]
    participants: list[ParticipantOut]


class ScheduleIn(Schema):
    template: int
    title: str = Field(max_length=200)
    starts_at: datetime.datetime
    facilitator: str = Field(description="The facilitator's email.", max_length=254)
    place: str = Field("", max_length=200)
    video_link: str = Field("", max_length=500)
    description: str = Field("", max_length=4000)
    participants: list[str] = Field(default_factory=list, max_length=MAX_PEOPLE, description="Emails.")
    observers: list[str] = Field(default_factory=list, max_length=MAX_PEOPLE, description="Emails.")
    units: list[str] = Field(default_factory=list, max_length=100, description="Unit codes.")
    cycle: str | None = Field(None, description="The code of the cycle the results are for.", max_length=40)
    guests_allowed: StrictBool = False
    registration_open: StrictBool = False


def _out(workshop, items=None) -> dict:
    return {"id": workshop.pk, "title": workshop.title, "kind": workshop.kind, "state": workshop.state,
            "starts_at": workshop.starts_at, "ends_at": scheduling.planned_end(workshop, items),
            "place": workshop.place, "video_link": workshop.video_link,
            "facilitator": workshop.facilitator.name, "guests_allowed": workshop.guests_allowed,
            "registration_open": workshop.registration_open, "invitation_sequence": workshop.ics_sequence}


def _in_order(items) -> list:
    """Top-level items by position, each followed by its steps."""
    def key(item):
        return (item.position, item.pk)
    ordered = []
    for item in sorted((i for i in items if i.parent_id is None), key=key):
        ordered.append(item)
        ordered += sorted((i for i in items if i.parent_id == item.pk), key=key)
    return ordered


def _detail(actor, workshop) -> dict:
    items = list(workshop.items.all())
    times = scheduling.planned_times(items, workshop.starts_at)
    seats = (Participant.objects.filter(workshop=workshop).select_related("person")
             .order_by("role", "id")[:1000])
    can_manage = access.can_manage(actor, workshop)
    return {**_out(workshop, items), "description": workshop.description,
            "join_code": workshop.join_code if can_manage and workshop.guests_allowed else None,
            "agenda": [{"id": i.pk, "parent": i.parent_id, "title": i.title, "minutes": i.minutes,
                        "method": i.method, "owner": i.owner_label, "questions": i.question_list(),
                        "planned_start": times[i.pk][0], "planned_end": times[i.pk][1], "state": i.state}
                       for i in _in_order(items) if i.pk in times],
            "participants": [{"id": s.pk, "name": s.display_name, "role": s.role, "is_guest": s.is_guest,
                              "email": s.person.email if s.person_id and can_manage else None}
                             for s in seats]}


@router.get("/workshops", response={200: WorkshopPage, **READ_ERRORS})
def list_workshops(request, page: Query[PageParams]):
    """The meetings the caller may see (facilitated, scheduled, or with a seat), latest first."""
    rows, count = page_of(access.visible_workshops(request.auth).select_related("facilitator")
                          .order_by("-starts_at", "-id"), page)
    rows.sort(key=lambda w: (w.starts_at, w.pk), reverse=True)
    return {"items": [_out(w) for w in rows], "count": count}


@router.get("/workshops/{pk}", response={200: WorkshopDetailOut, **READ_ERRORS})
def get_workshop(request, pk: Path[int]):
    """One meeting: its agenda with the planned start and end of every item, and its people (their
    emails and the guests' join code for whoever runs it)."""
    return _detail(request.auth, access.get_workshop(request.auth, pk))


def _people(organization, emails, field) -> list:
    wanted = [normalize_email(e) for e in emails]
    found = {p.email: p for p in Person.objects.for_org(organization).filter(email__in=set(wanted))}
    unknown = [e for e in dict.fromkeys(wanted) if e not in found]
    if unknown:
        raise DomainError("unknown_person", _("No one with this email works in your organization: {emails}")
                          .format(emails=", ".join(unknown[:5])), field=field)
    return [found[e] for e in wanted]


@router.post("/workshops", response={201: WorkshopDetailOut, **WRITE_ERRORS})
def schedule_workshop(request, payload: ScheduleIn):
    """Schedule a meeting from one of the organization's templates (unit heads, the OKR champion,
    admins); everyone invited gets the calendar invitation by email after the request."""
    actor = request.auth
    if not access.may_schedule(actor):
        raise AccessDenied()
    template = agendas.get_template(actor, payload.template)
    organization = actor.organization
    (facilitator,) = _people(organization, [payload.facilitator], "facilitator")
    units = list(Unit.objects.for_org(organization).filter(code__in=payload.units))
    if len(units) != len(set(payload.units)):
        raise DomainError("unknown_unit", _("Invite units of your organization only."), field="units")
    cycle = None
    if payload.cycle:
        cycle = Cycle.objects.for_org(organization).filter(code=payload.cycle).first()
        if cycle is None:
            raise NotFound()
    workshop = scheduling.schedule(
        actor, template, title=payload.title, starts_at=payload.starts_at, facilitator=facilitator,
        place=payload.place, video_link=payload.video_link, description=payload.description,
        participants=_people(organization, payload.participants, "participants"),
        observers=_people(organization, payload.observers, "observers"), units=units, cycle=cycle,
        guests_allowed=payload.guests_allowed, registration_open=payload.registration_open)
    return Status(201, _detail(actor, access.get_workshop(actor, workshop.pk)))


@router.post("/workshops/{pk}/cancel", response={200: WorkshopOut, **WRITE_ERRORS})
def cancel_workshop(request, pk: Path[int]):
    """Cancel the meeting (whoever runs it); every invited calendar gets METHOD:CANCEL."""
    actor = request.auth
    workshop = scheduling.cancel(actor, access.get_workshop(actor, pk))
    return _out(access.get_workshop(actor, workshop.pk))
