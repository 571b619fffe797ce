"""Turn the names in a request body (codes, ids, owners, categories) into objects.

A name that is unknown in the actor's organization is bad input (400, naming the field), not a
missing URL: the object addressed by the URL exists, the body points at nothing.
"""

from django.utils.translation import gettext_lazy as _

from okrflow.cycles.models import Cycle
from okrflow.errors import DomainError
from okrflow.okrs.access import visible_key_results, visible_objectives
from okrflow.okrs.models import Category, KeyResult, Objective
from okrflow.org.models import Person, Unit, normalize_email

MISSING = {
    "parent_unit": _("Parent unit not found."),
    "unit": _("Unit not found."),
    "head": _("Head not found."),
    "manager": _("Manager not found."),
    "parent_cycle": _("Parent cycle not found."),
    "cycle": _("Cycle not found."),
    "owner": _("Owner not found."),
    "category": _("Category not found."),
    "parent_objective": _("Parent objective not found."),
    "parent_key_result": _("Parent key result not found."),
}


def _missing(kind: str, field: str) -> DomainError:
    return DomainError("not_found", MISSING[kind], field=field)


def unit_named(actor, code, *, field: str, kind: str = "unit") -> Unit | None:
    if code is None:
        return None
    unit = Unit.objects.for_org(actor.organization).filter(code=code).first()
    if unit is None:
        raise _missing(kind, field)
    return unit


def person_numbered(actor, person_id, *, field: str, kind: str) -> Person | None:
    if person_id is None:
        return None
    person = Person.objects.for_org(actor.organization).filter(pk=person_id).first()
    if person is None:
        raise _missing(kind, field)
    return person


def cycle_named(actor, code, *, field: str, kind: str = "cycle") -> Cycle | None:
    if code is None:
        return None
    cycle = Cycle.objects.for_org(actor.organization).filter(code=code).first()
    if cycle is None:
        raise _missing(kind, field)
    return cycle


def set_fields(payload, *, nullable=frozenset()) -> dict:
    """The fields a PATCH really sets; null only counts where the field may be empty."""
    return {name: value for name, value in payload.model_dump(exclude_unset=True).items()
            if value is not None or name in nullable}


def owner_parts(spec, *, field: str = "owner") -> tuple[str, str]:
    """("company", ""), ("unit", CODE) or ("person", EMAIL) from an owner as files and URLs write it."""
    kind, _sep, name = (spec or "").strip().partition(":")
    if (kind == "company" and not name) or (kind in ("unit", "person") and name.strip()):
        return kind, name.strip()
    raise DomainError("bad_owner", _("Name the owner as company, unit:CODE or person:EMAIL."), field=field)


def owner_named(actor, spec: str, *, field: str = "owner") -> dict:
    """The owner as the objective's owner_unit / owner_person (the company owns through the root)."""
    kind, name = owner_parts(spec, field=field)
    if kind == "company":
        return {"owner_unit": actor.organization.root_unit(), "owner_person": None}
    if kind == "unit":
        return {"owner_unit": unit_named(actor, name, field=field, kind="owner"), "owner_person": None}
    person = Person.objects.for_org(actor.organization).filter(email=normalize_email(name)).first()
    if person is None:
        raise _missing("owner", field)
    return {"owner_unit": None, "owner_person": person}


def category_named(actor, name, *, field: str = "category") -> Category | None:
    if name is None or not name.strip():
        return None
    category = Category.objects.for_org(actor.organization).filter(name=name.strip()).first()
    if category is None:
        raise _missing("category", field)
    return category


def parent_objective_numbered(actor, objective_id, *, field: str) -> Objective | None:
    """Objectives can only support what their author can see."""
    if objective_id is None:
        return None
    parent = visible_objectives(actor).filter(pk=objective_id).first()
    if parent is None:
        raise _missing("parent_objective", field)
    return parent


def parent_key_result_numbered(actor, kr_id, *, field: str) -> KeyResult | None:
    if kr_id is None:
        return None
    parent = visible_key_results(actor).filter(pk=kr_id).first()
    if parent is None:
        raise _missing("parent_key_result", field)
    return parent
