"""Every write to organizations, units, people and tokens goes through here.

Each function checks access, validates (nothing is stored on bad input), runs in one
transaction and writes the audit entry. Web, API, importer and CLI all call these.
"""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from okrflow.audit import log
from okrflow.errors import AccessDenied, DomainError, from_validation_error
from okrflow.org.access import can_manage_structure, require, same_org
from okrflow.org.models import ApiToken, Organization, Person, Role, Unit, normalize_email

UNIT_FIELDS = ["code", "name", "parent_id", "head_id", "position"]
PERSON_FIELDS = ["email", "name", "title", "unit_id", "manager_id", "role", "is_active",
                 "is_backup_champion", "language", "is_staff"]


def validated(obj, exclude=None):
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as error:
        raise from_validation_error(error) from None
    return obj


def check_password_rules(password: str, person=None) -> None:
    try:
        validate_password(password, person)
    except ValidationError as error:
        raise DomainError("weak_password", " ".join(error.messages), field="password") from None


@transaction.atomic
def create_organization(*, slug: str, name: str, root_code: str, root_name: str | None = None):
    """A new tenant with its root unit (the company itself)."""
    org = validated(Organization(slug=slug, name=name))
    org.save()
    root = validated(Unit(organization=org, code=root_code, name=root_name or name),
                     exclude=["organization"])
    root.save()
    log.record(org, "organization.create", organization=org)
    return org


def check_unit_parent(unit: Unit, parent: Unit | None, *, was_root: bool) -> None:
    """The root stays the root; every other unit hangs below it, never below itself."""
    if parent is None:
        if not was_root:
            raise DomainError("parent_required", _("Choose the unit this unit belongs to."),
                              field="parent")
        return
    if was_root:
        raise DomainError("root_is_fixed", _("The company root cannot be moved under another unit."),
                          field="parent")
    if parent.organization_id != unit.organization_id:
        raise DomainError("not_found", _("Parent unit not found."), field="parent")
    ancestor, seen = parent, set()
    while ancestor is not None and ancestor.pk not in seen:
        if unit.pk and ancestor.pk == unit.pk:
            raise DomainError(
                "unit_loop", _("A unit cannot be placed inside itself or one of its own sub-units."),
                field="parent",
            )
        seen.add(ancestor.pk)
        ancestor = ancestor.parent


@transaction.atomic
def create_unit(actor, organization, *, code, name, parent, head=None, position=0) -> Unit:
    require(can_manage_structure(actor) and (actor is None or actor.organization_id == organization.pk))
    unit = Unit(organization=organization, code=(code or "").strip(), name=(name or "").strip(),
                parent=parent, head=head, position=position)
    check_unit_parent(unit, parent, was_root=False)
    _check_head(unit, head)
    validated(unit).save()
    log.record(unit, "unit.create", actor=actor,
               changes={k: [None, v] for k, v in log.snapshot(unit, UNIT_FIELDS).items()})
    return unit


def _check_head(unit, head) -> None:
    if head is not None and head.organization_id != unit.organization_id:
        raise DomainError("not_found", _("Head not found."), field="head")


@transaction.atomic
def update_unit(actor, unit: Unit, **changes) -> Unit:
    require(can_manage_structure(actor) and same_org(actor, unit))
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    before = log.snapshot(unit, UNIT_FIELDS)
    was_root = unit.is_root
    for field, value in changes.items():
        setattr(unit, field, value.strip() if isinstance(value, str) else value)
    if "parent" in changes:
        check_unit_parent(unit, changes["parent"], was_root=was_root)
    _check_head(unit, unit.head)
    validated(unit).save()
    delta = log.diff(before, log.snapshot(unit, UNIT_FIELDS))
    if delta:
        log.record(unit, "unit.update", actor=actor, changes=delta)
    return unit


def check_manager(person: Person, manager: Person | None) -> None:
    if manager is None:
        return
    if manager.organization_id != person.organization_id:
        raise DomainError("not_found", _("Manager not found."), field="manager")
    current, seen = manager, set()
    while current is not None and current.pk not in seen:
        if person.pk and current.pk == person.pk:
            raise DomainError("manager_loop",
                              _("A person cannot be their own manager, directly or through others."),
                              field="manager")
        seen.add(current.pk)
        current = current.manager


def _check_may_grant(actor, person: Person, before: dict | None = None) -> None:
    """Only administrators make administrators: HR manages people, not their powers."""
    if actor is None or actor.is_org_admin:
        return
    grants_admin = person.role == Role.ADMIN and (before or {}).get("role") != Role.ADMIN
    grants_staff = person.is_staff and not (before or {}).get("is_staff")
    if grants_admin or grants_staff or person.is_superuser:
        raise AccessDenied(_("Only an administrator can make someone an administrator."))


def _check_email_free(person: Person) -> None:
    # Emails are logins across the whole install, so they are unique across organizations too.
    if Person.objects.filter(email=person.email).exclude(pk=person.pk).exists():
        raise DomainError("email_taken", _("Someone with this email already exists."),
                          field="email")


def _check_person_unit(person: Person, unit: Unit | None) -> None:
    if unit is not None and unit.organization_id != person.organization_id:
        raise DomainError("not_found", _("Unit not found."), field="unit")


@transaction.atomic
def create_person(actor, organization, *, email, name, unit=None, manager=None,
                  role=Role.MEMBER, password=None, **extra) -> Person:
    require(can_manage_structure(actor) and (actor is None or actor.organization_id == organization.pk))
    person = Person(organization=organization, email=normalize_email(email),
                    name=(name or "").strip(), unit=unit, manager=manager, role=role, **extra)
    _check_may_grant(actor, person)
    _check_email_free(person)
    _check_person_unit(person, unit)
    check_manager(person, manager)
    if password:
        check_password_rules(password, person)
        person.set_password(password)
    else:
        person.set_unusable_password()
    validated(person).save()
    log.record(person, "person.create", actor=actor,
               changes={k: [None, v] for k, v in log.snapshot(person, PERSON_FIELDS).items()})
    return person


@transaction.atomic
def update_person(actor, person: Person, **changes) -> Person:
    is_self_service = actor is not None and actor.pk == person.pk and set(changes) <= {"name", "language"}
    require((is_self_service or can_manage_structure(actor)) and same_org(actor, person))
    person = Person.objects.select_for_update().get(pk=person.pk)
    before = log.snapshot(person, PERSON_FIELDS)
    if "email" in changes:
        changes["email"] = normalize_email(changes["email"])
    for field, value in changes.items():
        setattr(person, field, value.strip() if isinstance(value, str) else value)
    _check_may_grant(actor, person, before)
    _check_email_free(person)
    _check_person_unit(person, person.unit)
    if "manager" in changes:
        check_manager(person, changes["manager"])
    validated(person).save()
    delta = log.diff(before, log.snapshot(person, PERSON_FIELDS))
    if delta:
        log.record(person, "person.update", actor=actor, changes=delta)
    return person


@transaction.atomic
def set_password(actor, person: Person, password: str) -> None:
    require((actor is None or actor.pk == person.pk or actor.is_org_admin) and same_org(actor, person))
    check_password_rules(password, person)
    person.set_password(password)
    person.save(update_fields=["password"])
    log.record(person, "person.set_password", actor=actor)


@transaction.atomic
def issue_token(actor, person: Person, *, name: str = "") -> tuple[ApiToken, str]:
    """A new API token for `person`; returns the stored row and the key, shown only once."""
    require((actor is None or actor.pk == person.pk or actor.is_org_admin) and same_org(actor, person))
    if not person.is_active:
        raise DomainError("inactive", _("This person is deactivated."))
    key = ApiToken.new_key()
    token = ApiToken.objects.create(organization=person.organization, person=person, name=name,
                                    key_hash=ApiToken.hash_key(key), hint=key[:8])
    log.record(token, "token.create", actor=actor)
    return token, key


@transaction.atomic
def revoke_token(actor, token: ApiToken) -> None:
    require((actor is None or actor.pk == token.person_id or actor.is_org_admin)
            and same_org(actor, token))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        log.record(token, "token.revoke", actor=actor)
