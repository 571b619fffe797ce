"""Who may see or change what: the one home for access rules.

Getters take the acting person and return objects of their own organization only; anything
else is NotFound, exactly like a missing object, so nothing leaks across tenants.
"""

from okrflow.actors import is_system
from okrflow.errors import AccessDenied, NotFound
from okrflow.org import tree
from okrflow.org.models import Person, Role, Unit


def can_manage_structure(actor) -> bool:
    """Units and people: admins and HR (人力资源部), and the system at the console."""
    return is_system(actor) or actor.is_org_admin or actor.role == Role.HR


def org_wide_rights(person) -> frozenset:
    """The rights a person holds that see or change every OKR of the organization, or the
    organization itself: the admin and champion roles, the backup-champion flag, admin-site access
    and the operator's superuser flag. Only administrators grant or remove them."""
    held = {person.role} if person.role in (Role.ADMIN, Role.CHAMPION) else set()
    held |= {flag for flag in ("is_backup_champion", "is_staff", "is_superuser") if getattr(person, flag)}
    return frozenset(held)


def can_manage_person(actor, person) -> bool:
    """Admins manage everyone of their organization; HR manages the people without
    organization-wide rights. Nobody else changes an administrator or a champion: re-addressing,
    moving or deactivating such an account is a step towards owning it."""
    if is_system(actor):
        return True
    if not same_org(actor, person):
        return False
    return actor.is_org_admin or (actor.role == Role.HR and not org_wide_rights(person))


def is_above(actor, person) -> bool:
    """Whether `actor` manages `person` (directly or up the chain) or heads their unit or one above
    it: the positions from which one sees a person's private OKRs (okrflow/okrs/access.py).
    Read from the paths of the person's manager and unit as they are set on `person` (which may
    be a change not saved yet): no walk up the chain, one query for the heads."""
    if person is None:
        return False
    if person.manager_id and (person.manager_id == actor.pk
                              or actor.pk in tree.path_ids(person.manager.manager_path)):
        return True
    return person.unit_id is not None and heads_unit_or_above(actor, person.unit)


def heads_unit_or_above(actor, unit) -> bool:
    """Whether `actor` heads `unit` (as it is set, maybe not saved) or a unit above it."""
    if unit.head_id == actor.pk:
        return True
    above = tree.path_ids(unit.parent.path) if unit.parent_id else []
    return bool(above) and Unit.objects.filter(pk__in=above, head_id=actor.pk).exists()


def company_head_id(organization):
    """The company head (the "CEO" of the seven steps): the head of the organization's root unit;
    None when it has none (an admin then speaks for the company)."""
    root = organization.root_unit()
    return root.head_id if root is not None else None


def can_manage_cycles(actor) -> bool:
    """Cycles are set by admins and the OKR champion, who runs the process."""
    return is_system(actor) or actor.runs_okr_process


def require(allowed: bool) -> None:
    if not allowed:
        raise AccessDenied()


def same_org(actor, obj) -> bool:
    return is_system(actor) or obj.organization_id == actor.organization_id


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
