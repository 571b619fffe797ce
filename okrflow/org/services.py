"""Every write to organizations, units, people and tokens goes through here.

Each function checks access, validates (nothing is stored on bad input), runs in one
transaction and writes the audit entry. Web, API, importer and CLI all call these.
"""

import copy

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from okrflow.actors import SYSTEM, is_system
from okrflow.audit import log
from okrflow.errors import AccessDenied, DomainError, from_validation_error
from okrflow.org import access, tree
from okrflow.org.access import can_manage_structure, require, same_org
from okrflow.org.models import ApiToken, Organization, Person, Role, Unit, normalize_email
from okrflow.writes import apply_update, checked_text

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
    tree.attach_unit(root)
    log.record(org, "organization.create", actor=SYSTEM, organization=org)
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
    if unit.pk and unit.pk in tree.path_ids(tree.fresh_path(parent)):
        raise DomainError(
            "unit_loop", _("A unit cannot be placed inside itself or one of its own sub-units."),
            field="parent",
        )


@transaction.atomic
def create_unit(actor, organization, *, code, name, parent, head=None, position=0) -> Unit:
    require(can_manage_structure(actor) and (is_system(actor) or actor.organization_id == organization.pk))
    unit = Unit(organization=organization, code=(code or "").strip(), name=(name or "").strip(),
                parent=parent, head=head, position=position)
    check_unit_parent(unit, parent, was_root=False)
    _check_head(unit, head)
    _check_not_heading_itself(actor, unit, None)
    validated(unit).save()
    tree.attach_unit(unit)
    log.record(unit, "unit.create", actor=actor,
               changes={k: [None, v] for k, v in log.snapshot(unit, UNIT_FIELDS).items()})
    return unit


def _check_head(unit, head) -> None:
    if head is not None and head.organization_id != unit.organization_id:
        raise DomainError("not_found", _("Head not found."), field="head")


def _check_not_heading_itself(actor, unit: Unit, before: Unit | None) -> None:
    """Setting unit heads is HR's job, but a head sees and edits the OKRs of the unit and every
    unit below it: HR does not make itself a head, nor move a unit below one it heads. Admins may."""
    if is_system(actor) or actor.is_org_admin:
        return
    if unit.head_id == actor.pk and (before is None or before.head_id != actor.pk):
        raise AccessDenied(_("Only an administrator can make you the head of a unit."))
    # A new unit below one HR heads gives HR nothing: it is empty, and whoever is placed in it
    # later passes _check_not_placed_below_actor.
    if before is not None and access.heads_unit_or_above(actor, _headless(unit)) \
            and not access.heads_unit_or_above(actor, _headless(before)):
        raise AccessDenied(_("Only an administrator can move a unit below one you head."))


def _headless(unit: Unit) -> Unit:
    """The unit as placed, without its own head (that is the first rule's business)."""
    placed = copy.copy(unit)
    placed.head_id = None
    return placed


@transaction.atomic
def update_unit(actor, unit: Unit, **changes) -> Unit:
    require(can_manage_structure(actor) and same_org(actor, unit))
    if "parent" in changes:
        tree.lock_moves(unit.organization_id)
    locked_parent = {}

    def validate(changed, original):
        locked_parent["id"] = original.parent_id
        if "parent" in changes:
            check_unit_parent(changed, changes["parent"], was_root=original.is_root)
        _check_head(changed, changed.head)
        _check_not_heading_itself(actor, changed, original)
        validated(changed)

    unit = apply_update(Unit.objects, unit.pk, changes, fields=UNIT_FIELDS, action="unit.update",
                        actor=actor, validate=validate)
    tree.move_unit(unit, locked_parent["id"])
    return unit


def check_manager(person: Person, manager: Person | None) -> None:
    if manager is None:
        return
    if manager.organization_id != person.organization_id:
        raise DomainError("not_found", _("Manager not found."), field="manager")
    if person.pk and person.pk in tree.path_ids(tree.fresh_path(manager)):
        raise DomainError("manager_loop",
                          _("A person cannot be their own manager, directly or through others."),
                          field="manager")


def _check_may_grant(actor, person: Person, before: Person | None = None) -> None:
    """Only administrators grant or remove the rights that see or change every OKR (the admin
    and champion roles, backup champion, admin-site access): HR manages people, not their powers.
    The system actor at the console may."""
    if is_system(actor) or actor.is_org_admin:
        return
    if access.org_wide_rights(person) != (access.org_wide_rights(before) if before else frozenset()):
        raise AccessDenied(_("Only an administrator can grant or remove the administrator or OKR "
                             "champion role, the backup champion flag or admin site access."))


def _check_not_placed_below_actor(actor, person: Person, before: Person | None) -> None:
    """HR places people, but never below itself: becoming someone's manager (or their manager's)
    or the head above their unit would show HR that person's private OKRs. Admins may."""
    if is_system(actor) or actor.is_org_admin or actor.pk == person.pk:
        return
    if access.is_above(actor, person) and not (before is not None and access.is_above(actor, before)):
        raise AccessDenied(_("Only an administrator can place someone below you, as your report "
                             "or in a unit you head."))


def _is_active_admin(person: Person) -> bool:
    return person.is_active and person.is_org_admin


def _active_admins(organization):
    return (Person.objects.for_org(organization).filter(is_active=True)
            .filter(Q(role=Role.ADMIN) | Q(is_superuser=True)))


def _lock_admins(organization) -> None:
    """Lock the organization's active admin rows (in one order, so two writers never deadlock):
    two admins demoting each other at once are then served one after the other, and the second
    sees that the first already left only one admin."""
    list(_active_admins(organization).select_for_update().order_by("pk").values_list("pk", flat=True))


def check_admins_remain(organization, had_admin: bool) -> None:
    """For bulk writes (the importer), after they wrote and before they commit: an organization
    that had an active administrator still has one. Call _lock_admins before the write."""
    if had_admin and not _active_admins(organization).exists():
        raise DomainError("last_admin", _("The organization would be left without an active "
                                          "administrator. Keep at least one active administrator."))


def has_active_admin(organization) -> bool:
    """Whether the organization has an active administrator now, locking their rows."""
    _lock_admins(organization)
    return _active_admins(organization).exists()


def _check_an_admin_remains(person: Person, before: Person | None, *, deleting=False) -> None:
    """The last active administrator of an organization is never demoted, deactivated or
    deleted, whoever asks (themself included): nobody could undo it. Call after _lock_admins."""
    if before is None or not _is_active_admin(before) or (_is_active_admin(person) and not deleting):
        return
    if not _active_admins(person.organization).exclude(pk=person.pk).exists():
        field = None if deleting else ("role" if person.is_active else "is_active")
        raise DomainError("last_admin", _("{name} is the organization's last active administrator. "
                                          "Make someone else an administrator first.").format(
                              name=before.name or before.email), field=field)


def is_last_admin(person: Person) -> bool:
    """For pages that hide what would be refused (the Django admin's delete button)."""
    return _is_active_admin(person) and not _active_admins(person.organization).exclude(
        pk=person.pk).exists()


def check_person_change(actor, before: Person | None, person: Person) -> None:
    """The rights rules of one change to a person, without writing: for forms (the Django admin)
    that show the refusal on the form. The services check the same again under their locks."""
    require(access.can_manage_person(actor, before or person))
    _check_may_grant(actor, person, before)
    if before is not None:
        _check_not_placed_below_actor(actor, person, before)
    _check_an_admin_remains(person, before)


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
    require(can_manage_structure(actor) and (is_system(actor) or actor.organization_id == organization.pk))
    person = Person(organization=organization, email=normalize_email(email),
                    name=(name or "").strip(), unit=unit, manager=manager, role=role, **extra)
    _check_may_grant(actor, person)
    if password and not (is_system(actor) or actor.is_org_admin):
        # Whoever picks a password for an account can log in as it: HR creates people without one.
        raise AccessDenied(_("Only an administrator can set another person's password."))
    _check_email_free(person)
    _check_person_unit(person, unit)
    check_manager(person, manager)
    _check_not_placed_below_actor(actor, person, None)
    if password:
        check_password_rules(password, person)
        person.set_password(password)
    else:
        person.set_unusable_password()
    validated(person).save()
    tree.attach_person(person)
    log.record(person, "person.create", actor=actor,
               changes={k: [None, v] for k, v in log.snapshot(person, PERSON_FIELDS).items()})
    return person


SELF_SERVICE_FIELDS = {"name", "language"}
ADMIN_DEFINING_FIELDS = {"role", "is_active", "is_superuser"}


@transaction.atomic
def update_person(actor, person: Person, **changes) -> Person:
    """Change a person. Everyone may change their own name and language; HR and admins manage
    people (HR not those with organization-wide rights, see access.can_manage_person)."""
    is_self_service = not is_system(actor) and actor.pk == person.pk and set(changes) <= SELF_SERVICE_FIELDS
    require((is_self_service or can_manage_structure(actor)) and same_org(actor, person))
    if changes.keys() & ADMIN_DEFINING_FIELDS:
        _lock_admins(person.organization)
    if "email" in changes:
        changes["email"] = normalize_email(changes["email"])
    if "manager" in changes:
        tree.lock_moves(person.organization_id)
    locked_manager = {}

    def authorize(locked_person):
        require(is_self_service or access.can_manage_person(actor, locked_person))

    def validate(changed, original):
        locked_manager["id"] = original.manager_id
        _check_may_grant(actor, changed, original)
        _check_not_placed_below_actor(actor, changed, original)
        _check_an_admin_remains(changed, original)
        _check_email_free(changed)
        _check_person_unit(changed, changed.unit)
        if "manager" in changes:
            check_manager(changed, changes["manager"])
        validated(changed)

    person = apply_update(Person.objects, person.pk, changes, fields=PERSON_FIELDS, action="person.update",
                          actor=actor, authorize=authorize, validate=validate)
    tree.move_person(person, locked_manager["id"])
    return person


@transaction.atomic
def set_password(actor, person: Person, password: str) -> None:
    """Only the person themself, an admin of their organization or the console sets a password."""
    require((is_system(actor) or actor.pk == person.pk or actor.is_org_admin) and same_org(actor, person))
    check_password_rules(password, person)
    person.set_password(password)
    person.save(update_fields=["password"])
    log.record(person, "person.set_password", actor=actor)


@transaction.atomic
def delete_person(actor, person: Person) -> None:
    """Delete a person (the Django admin's delete); deactivating is the everyday way out."""
    require((is_system(actor) or actor.is_org_admin) and same_org(actor, person))
    _lock_admins(person.organization)
    person = Person.objects.select_for_update().get(pk=person.pk)
    _check_an_admin_remains(person, person, deleting=True)
    log.record(person, "person.delete", actor=actor)
    tree.lock_moves(person.organization_id)
    reports, deleted_pk = list(Person.objects.filter(manager=person)), person.pk
    person.delete()  # the reports' manager becomes empty (SET_NULL): their paths start anew
    for report in reports:
        report.manager_id = None
        tree.move_person(report, deleted_pk)


@transaction.atomic
def issue_token(actor, person: Person, *, name: str = "") -> tuple[ApiToken, str]:
    """A new API token for `person`; returns the stored row and the key, shown only once."""
    require((is_system(actor) or actor.pk == person.pk or actor.is_org_admin) and same_org(actor, person))
    if not person.is_active:
        raise DomainError("inactive", _("This person is deactivated."))
    key = ApiToken.new_key()
    token = ApiToken.objects.create(organization=person.organization, person=person, name=name,
                                    key_hash=ApiToken.hash_key(key), hint=key[:8])
    log.record(token, "token.create", actor=actor)
    return token, key


@transaction.atomic
def revoke_token(actor, token: ApiToken) -> None:
    require((is_system(actor) or actor.pk == token.person_id or actor.is_org_admin)
            and same_org(actor, token))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        log.record(token, "token.revoke", actor=actor)


MISSION_LIMIT = 2000


@transaction.atomic
def update_mission_vision(actor, organization: Organization, *, mission: str, vision: str) -> Organization:
    """The organization's mission and its vision for the next 3–5 years (the leadership variant of
    the seven steps starts there): admins and the OKR champion only, audited with the diff."""
    require(access.can_manage_cycles(actor)
            and (is_system(actor) or actor.organization_id == organization.pk))
    values = {"mission": checked_text(mission, field="mission", limit=MISSION_LIMIT),
              "vision": checked_text(vision, field="vision", limit=MISSION_LIMIT)}
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    before = log.snapshot(organization, list(values))
    delta = log.diff(before, values)
    if delta:
        for field, value in values.items():
            setattr(organization, field, value)
        organization.save(update_fields=list(delta))
        log.record(organization, "organization.mission", actor=actor, changes=delta,
                   organization=organization)
    return organization
