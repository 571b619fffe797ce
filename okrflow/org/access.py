"""Who may see or change what: the one home for access rules.

Getters take the acting person and return objects of their own organization only; anything
else is NotFound, exactly like a missing object, so nothing leaks across tenants.
"""

from okrflow.errors import AccessDenied, NotFound
from okrflow.org.models import Person, Role, Unit


def can_manage_structure(actor) -> bool:
    """Units and people: admins and HR (人力资源部). None means the operator at the console."""
    return actor is None or actor.is_org_admin or actor.role == Role.HR


def can_manage_cycles(actor) -> bool:
    """Cycles are set by admins and the OKR champion, who runs the process."""
    return actor is None or actor.runs_okr_process


def require(allowed: bool) -> None:
    if not allowed:
        raise AccessDenied()


def same_org(actor, obj) -> bool:
    return actor is None or obj.organization_id == actor.organization_id


def get_unit(actor, code: str) -> Unit:
    unit = Unit.objects.for_org(actor.organization).filter(code=code).first()
    if unit is None:
        raise NotFound()
    return unit


def get_person(actor, person_id) -> Person:
    person = Person.objects.for_org(actor.organization).filter(pk=person_id).first()
    if person is None:
        raise NotFound()
    return person


def managers_chain(person, people_by_id=None) -> list:
    """The person's managers, nearest first (stops on a loop, which services forbid anyway)."""
    chain, seen = [], {person.pk}
    current = person
    while current.manager_id and current.manager_id not in seen:
        seen.add(current.manager_id)
        current = people_by_id[current.manager_id] if people_by_id else current.manager
        chain.append(current)
    return chain


def heads_above(unit) -> set:
    """Ids of the heads of `unit` and of every unit above it (stops on a loop)."""
    heads, seen = set(), set()
    while unit is not None and unit.pk not in seen:
        seen.add(unit.pk)
        if unit.head_id:
            heads.add(unit.head_id)
        unit = unit.parent
    return heads
