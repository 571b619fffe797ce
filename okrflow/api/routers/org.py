"""The organization: who am I, its unit tree and its people. Writes go through org services."""

from django.db.models import Q
from ninja import Query, Router, Schema, Status
from ninja.params import Path

from okrflow.api.errors import READ_ERRORS, WRITE_ERRORS
from okrflow.api.pagination import PageParams, page_of
from okrflow.api.references import person_numbered, set_fields, unit_named
from okrflow.api.schemas import (
    Code,
    Id,
    MeOut,
    PersonIn,
    PersonOut,
    PersonPage,
    PersonPatch,
    UnitDetailOut,
    UnitIn,
    UnitPage,
    UnitPatch,
)
from okrflow.errors import NotFound
from okrflow.org import access, services
from okrflow.org.models import Person, Unit

router = Router()


def people_of(actor):
    return Person.objects.for_org(actor.organization).select_related("unit", "manager")


def units_of(actor):
    return Unit.objects.for_org(actor.organization).select_related("parent", "head")


@router.get("/me", response={200: MeOut, **READ_ERRORS}, tags=["organization"])
def me(request):
    """The person the token belongs to, with their organization."""
    return people_of(request.auth).select_related("organization").get(pk=request.auth.pk)


# ---- units ---------------------------------------------------------------------------------------

@router.get("/units", response={200: UnitPage, **READ_ERRORS}, tags=["units"])
def list_units(request, page: Query[PageParams]):
    items, count = page_of(units_of(request.auth), page)
    return {"items": items, "count": count}


def unit_detail(actor, code) -> Unit:
    unit = units_of(actor).filter(code=code).first()
    if unit is None:
        raise NotFound()
    unit.members_list = list(Person.objects.for_org(actor.organization).filter(unit=unit))
    unit.sub_units = list(units_of(actor).filter(parent=unit))
    return unit


@router.get("/units/{code}", response={200: UnitDetailOut, **READ_ERRORS}, tags=["units"])
def get_unit(request, code: Path[Code]):
    """A unit with its members and its sub-units."""
    return unit_detail(request.auth, code)


@router.post("/units", response={201: UnitDetailOut, **WRITE_ERRORS}, tags=["units"])
def create_unit(request, payload: UnitIn):
    actor = request.auth
    unit = services.create_unit(
        actor, actor.organization, code=payload.code, name=payload.name,
        parent=unit_named(actor, payload.parent, field="parent", kind="parent_unit"),
        head=person_numbered(actor, payload.head_id, field="head_id", kind="head"),
        position=payload.position,
    )
    return Status(201, unit_detail(actor, unit.code))


@router.patch("/units/{code}", response={200: UnitDetailOut, **WRITE_ERRORS}, tags=["units"])
def update_unit(request, code: Path[Code], payload: UnitPatch):
    """Rename a unit, change its head or move it under another parent (never below itself)."""
    actor = request.auth
    unit = access.get_unit(actor, code)
    changes = set_fields(payload, nullable={"parent", "head_id"})
    if "parent" in changes:
        changes["parent"] = unit_named(actor, changes["parent"], field="parent", kind="parent_unit")
    if "head_id" in changes:
        changes["head"] = person_numbered(actor, changes.pop("head_id"), field="head_id", kind="head")
    unit = services.update_unit(actor, unit, **changes)
    return unit_detail(actor, unit.code)


# ---- people --------------------------------------------------------------------------------------

class PeopleFilter(Schema):
    unit: Code | None = None
    q: str | None = None


@router.get("/people", response={200: PersonPage, **READ_ERRORS}, tags=["people"])
def list_people(request, filters: Query[PeopleFilter], page: Query[PageParams]):
    """People of the organization; `unit` (a code) and `q` (part of a name or email) narrow it."""
    people = people_of(request.auth)
    if filters.unit:
        people = people.filter(unit__code=filters.unit)
    if filters.q:
        people = people.filter(Q(name__icontains=filters.q) | Q(email__icontains=filters.q))
    items, count = page_of(people, page)
    return {"items": items, "count": count}


@router.get("/people/{person_id}", response={200: PersonOut, **READ_ERRORS}, tags=["people"])
def get_person(request, person_id: Path[Id]):
    access.get_person(request.auth, person_id)
    return people_of(request.auth).get(pk=person_id)


@router.post("/people", response={201: PersonOut, **WRITE_ERRORS}, tags=["people"])
def create_person(request, payload: PersonIn):
    actor = request.auth
    fields = payload.model_dump()
    fields["unit"] = unit_named(actor, fields["unit"], field="unit")
    fields["manager"] = person_numbered(actor, fields.pop("manager_id"), field="manager_id", kind="manager")
    person = services.create_person(actor, actor.organization, **fields)
    return Status(201, people_of(actor).get(pk=person.pk))


@router.patch("/people/{person_id}", response={200: PersonOut, **WRITE_ERRORS}, tags=["people"])
def update_person(request, person_id: Path[Id], payload: PersonPatch):
    actor = request.auth
    person = access.get_person(actor, person_id)
    changes = set_fields(payload, nullable={"unit", "manager_id"})
    if "unit" in changes:
        changes["unit"] = unit_named(actor, changes["unit"], field="unit")
    if "manager_id" in changes:
        changes["manager"] = person_numbered(actor, changes.pop("manager_id"), field="manager_id",
                                             kind="manager")
    services.update_person(actor, person, **changes)
    return people_of(actor).get(pk=person.pk)
