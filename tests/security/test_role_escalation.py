"""The role-escalation matrix (issue 7, items 1 and 2).

Every role (admin, champion, backup champion, HR, manager, member) × every field that confers
rights (role to admin or champion, the backup-champion flag, active, email, password, unit head)
× the target (themself, another ordinary person, the organization's only admin) × every channel
(the web forms, the API, the Django admin). The rule, kept in okrflow/org/services.py:

- only administrators grant or remove the rights that see or change every OKR;
- nobody but an administrator changes an administrator (or a champion);
- the last active administrator is never demoted or deactivated, not even by themself;
- everyone sets their own password; only an administrator sets someone else's;
- unit heads are HR's job, except that HR never makes itself a head (a head sees and edits the
  unit's OKRs below it: that would be self-escalation); HR may make the admin a head, which
  changes the unit and gives the admin nothing it did not already have.

On every refusal nothing in the database changes.
"""

import pytest

from okrflow.actors import SYSTEM
from okrflow.org.models import Person, Role, Unit
from okrflow.org.services import issue_token
from tests.api.conftest import ApiClient
from tests.factories import PASSWORD, make_person, make_unit

ACTORS = ["admin", "champion", "backup", "hr", "manager", "member"]
FIELDS = ["role_admin", "role_champion", "is_backup_champion", "is_active", "email", "password",
          "unit_head"]
TARGETS = ["self", "other", "last_admin"]
NEW_PASSWORD = "a-brand-new-passphrase-51"

OK, FORBIDDEN, LAST_ADMIN = "ok", "forbidden", "last_admin"


def expected(actor, field, target):
    is_admin_target = target == "last_admin" or (target == "self" and actor == "admin")
    if actor == "admin":
        return LAST_ADMIN if is_admin_target and field in ("role_champion", "is_active") else OK
    if field == "password":
        return OK if target == "self" else FORBIDDEN
    if actor != "hr":
        return FORBIDDEN
    if field == "unit_head":
        return FORBIDDEN if target == "self" else OK
    if is_admin_target or field in ("role_admin", "role_champion", "is_backup_champion"):
        return FORBIDDEN
    return OK


CASES = [(a, f, t) for a in ACTORS for f in FIELDS for t in TARGETS]


@pytest.fixture
def people(org, tech, sales):
    root = org.root_unit()
    return {
        "admin": make_person(org, email="admin@acme.test", name="Ada", unit=root, role=Role.ADMIN),
        "champion": make_person(org, email="champ@acme.test", name="Cham", unit=root,
                                role=Role.CHAMPION),
        "backup": make_person(org, email="backup@acme.test", name="Back", unit=root,
                              is_backup_champion=True),
        "hr": make_person(org, email="hr@acme.test", name="Hana", unit=root, role=Role.HR),
        "manager": make_person(org, email="alice@acme.test", name="Alice", unit=tech,
                               role=Role.MANAGER),
        "member": make_person(org, email="bob@acme.test", name="Bob", unit=tech),
        "other": make_person(org, email="carol@acme.test", name="Carol", unit=sales),
    }


def state_of(org):
    people = Person.objects.for_org(org).order_by("pk").values_list(
        "pk", "email", "name", "role", "is_backup_champion", "is_active", "is_staff", "is_superuser",
        "password", "unit_id", "manager_id")
    units = Unit.objects.for_org(org).order_by("pk").values_list("pk", "code", "parent_id", "head_id")
    return list(people), list(units)


def target_of(people, actor, target):
    return people[{"self": actor, "other": "other", "last_admin": "admin"}[target]]


# ---- the API ---------------------------------------------------------------------------------

API_BODIES = {"role_admin": {"role": "admin"}, "role_champion": {"role": "champion"},
              "is_backup_champion": {"is_backup_champion": True}, "is_active": {"is_active": False},
              "email": {"email": "renamed@acme.test"}}


@pytest.mark.parametrize(("actor", "field", "target"), [c for c in CASES if c[1] != "password"])
def test_the_api_lets_only_admins_grant_rights_and_never_loses_the_last_admin(
        org, people, actor, field, target):
    """The API has no password field: passwords are covered through the web and the admin."""
    _, key = issue_token(SYSTEM, people[actor], name="matrix")
    api = ApiClient(f"Bearer {key}")
    person = target_of(people, actor, target)
    before = state_of(org)
    if field == "unit_head":
        response = api.patch("/units/SALES", {"head_id": person.pk})
    else:
        response = api.patch(f"/people/{person.pk}", API_BODIES[field])
    outcome = expected(actor, field, target)
    assert response.status_code == {OK: 200, FORBIDDEN: 403, LAST_ADMIN: 400}[outcome], response.content
    if outcome == LAST_ADMIN:
        assert response.json()["code"] == "last_admin"
    if outcome != OK:
        assert state_of(org) == before


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("grant", [{"role": "admin"}, {"role": "champion"}, {"is_backup_champion": True}])
def test_only_an_admin_creates_a_person_with_rights_over_every_okr_through_the_api(
        org, people, actor, grant):
    _, key = issue_token(SYSTEM, people[actor], name="matrix")
    before = state_of(org)
    response = ApiClient(f"Bearer {key}").post(
        "/people", {"email": "new@acme.test", "name": "New", "unit": "SALES", **grant})
    assert response.status_code == (201 if actor == "admin" else 403), response.content
    if actor != "admin":
        assert state_of(org) == before


# ---- the web forms ---------------------------------------------------------------------------

def person_form_data(person, **changes):
    data = {"email": person.email, "name": person.name, "title": person.title,
            "unit": person.unit_id, "manager": person.manager.email if person.manager else "",
            "role": person.role}
    if person.is_backup_champion:
        data["is_backup_champion"] = "on"
    return {**data, **changes}


WEB_CHANGES = {"role_admin": {"role": "admin"}, "role_champion": {"role": "champion"},
               "is_backup_champion": {"is_backup_champion": "on"}, "email": {"email": "renamed@acme.test"}}


@pytest.mark.parametrize(("actor", "field", "target"),
                         [c for c in CASES if c[1] != "is_active"
                          and not (c[1] == "password" and c[2] != "self")])
def test_the_web_forms_let_only_admins_grant_rights_and_never_lose_the_last_admin(
        client, org, people, actor, field, target):
    """The web person form has no `active` field, and one sets only one's own password there
    (another person's initial password: see test_hr_creates_people_without_a_password)."""
    client.force_login(people[actor])
    person = target_of(people, actor, target)
    outcome = expected(actor, field, target)
    before = state_of(org)
    if field == "password":
        response = client.post("/account/password/", {
            "old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    elif field == "unit_head":
        response = client.post("/manage/units/SALES/edit/", {
            "code": "SALES", "name": "销售部", "parent": org.root_unit().pk, "head": person.email})
    else:
        response = client.post(f"/manage/people/{person.pk}/edit/",
                               person_form_data(person, **WEB_CHANGES[field]))
    if outcome == OK:
        assert response.status_code == 302, response.content.decode()[:3000]
        return
    if actor in ("admin", "hr") and field.startswith("role") and not (actor == "hr" and target != "other"
                                                                       and person.role == Role.ADMIN):
        # The form offers HR no such role, and shows the last admin's refusal on the field.
        assert response.status_code == 200
        assert response.context["form"].errors
    elif actor == "hr" and field == "is_backup_champion" and target != "last_admin":
        assert response.status_code == 302  # HR's form has no such field: the tick is ignored
    elif actor == "hr" and field == "unit_head":
        assert response.status_code == 200
        assert "Only an administrator can make you the head of a unit." in response.content.decode()
    else:
        assert response.status_code == 403
    assert state_of(org) == before


def test_the_web_form_names_the_last_admin_when_refusing_to_demote_them(client, org, people):
    admin = people["admin"]
    client.force_login(admin)
    response = client.post(f"/manage/people/{admin.pk}/edit/", person_form_data(admin, role="member"))
    assert response.status_code == 200
    assert "Ada is the organization&#x27;s last active administrator" in response.content.decode()
    assert Person.objects.get(pk=admin.pk).role == Role.ADMIN


def test_hr_creates_people_without_a_password(client, org, people, sales):
    client.force_login(people["hr"])
    form = client.get("/manage/people/new/").context["form"]
    assert "password" not in form.fields and "is_backup_champion" not in form.fields
    assert {value for value, _label in form.fields["role"].choices} == {"hr", "manager", "member"}
    response = client.post("/manage/people/new/", {
        "email": "dan@acme.test", "name": "Dan", "unit": sales.pk, "role": "member",
        "password": "hr-picked-this-password-1"})
    assert response.status_code == 302
    assert not Person.objects.get(email="dan@acme.test").has_usable_password()


def test_hr_cannot_pick_a_password_through_the_service(org, people, sales):
    from okrflow.errors import AccessDenied
    from okrflow.org.services import create_person

    with pytest.raises(AccessDenied):
        create_person(people["hr"], org, email="dan@acme.test", name="Dan", unit=sales,
                      password="hr-picked-this-password-1")
    assert not Person.objects.filter(email="dan@acme.test").exists()


@pytest.mark.parametrize("role", ["admin", "champion"])
def test_hr_cannot_create_a_champion_or_admin_through_the_web_form(client, org, people, sales, role):
    client.force_login(people["hr"])
    response = client.post("/manage/people/new/", {
        "email": "dan@acme.test", "name": "Dan", "unit": sales.pk, "role": role})
    assert response.status_code == 200
    assert not Person.objects.filter(email="dan@acme.test").exists()


# ---- the Django admin ------------------------------------------------------------------------

def admin_form_data(person, **changes):
    data = {"email": person.email, "name": person.name, "title": person.title,
            "unit": person.unit_id or "", "manager": person.manager_id or "", "role": person.role,
            "language": person.language}
    for flag in ("is_backup_champion", "is_active", "is_staff"):
        if getattr(person, flag):
            data[flag] = "on"
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


ADMIN_CHANGES = {"role_admin": {"role": "admin"}, "role_champion": {"role": "champion"},
                 "is_backup_champion": {"is_backup_champion": "on"}, "is_active": {"is_active": None},
                 "email": {"email": "renamed@acme.test"}}


@pytest.mark.parametrize(("actor", "field", "target"), CASES)
def test_the_django_admin_honours_the_same_rules(client, org, people, actor, field, target):
    """Only organization admins reach the Django admin at all, even with admin-site access."""
    Person.objects.filter(pk=people[actor].pk).update(is_staff=True)
    client.force_login(Person.objects.get(pk=people[actor].pk))
    person = Person.objects.get(pk=target_of(people, actor, target).pk)
    before = state_of(org)
    if field == "password":
        response = client.post(f"/admin/org/person/{person.pk}/password/", {
            "password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"})
    elif field == "unit_head":
        sales = Unit.objects.get(organization=org, code="SALES")
        response = client.post(f"/admin/org/unit/{sales.pk}/change/", {
            "code": "SALES", "name": sales.name, "parent": sales.parent_id, "head": person.pk,
            "position": 0})
    else:
        response = client.post(f"/admin/org/person/{person.pk}/change/",
                               admin_form_data(person, **ADMIN_CHANGES[field]))
    if actor != "admin":
        assert response.status_code == 403
        assert state_of(org) == before
        return
    outcome = expected(actor, field, target)
    if outcome == OK:
        assert response.status_code == 302, response.content.decode()[:3000]
        assert state_of(org) != before or field == "role_admin"
    else:
        assert response.status_code == 200
        assert "last active administrator" in response.content.decode()
        assert state_of(org) == before


def test_the_django_admin_does_not_delete_the_last_admin(client, org, people):
    admin = people["admin"]
    Person.objects.filter(pk=admin.pk).update(is_staff=True)
    client.force_login(Person.objects.get(pk=admin.pk))
    response = client.post(f"/admin/org/person/{admin.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert Person.objects.filter(pk=admin.pk, is_active=True, role=Role.ADMIN).exists()
    changelist = client.get("/admin/org/person/")
    assert "delete_selected" not in changelist.content.decode()


def test_a_second_admin_may_be_deleted_in_the_django_admin(client, org, people):
    admin = people["admin"]
    Person.objects.filter(pk=admin.pk).update(is_staff=True)
    second = make_person(org, email="second@acme.test", role=Role.ADMIN)
    client.force_login(Person.objects.get(pk=admin.pk))
    response = client.post(f"/admin/org/person/{second.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Person.objects.filter(pk=second.pk).exists()


def test_a_unit_head_made_by_hr_is_someone_else(org, people):
    """HR sets the heads of units (HR's job) but never itself: also not by creating a unit."""
    from okrflow.errors import AccessDenied
    from okrflow.org.services import create_unit

    hr = people["hr"]
    with pytest.raises(AccessDenied):
        create_unit(hr, org, code="HRX", name="HR X", parent=org.root_unit(), head=hr)
    unit = create_unit(hr, org, code="OPS", name="Ops", parent=org.root_unit(), head=people["other"])
    assert unit.head == people["other"]
    assert not Unit.objects.filter(code="HRX").exists()


def test_hr_cannot_move_a_unit_below_one_it_heads(org, people, tech):
    from okrflow.errors import AccessDenied
    from okrflow.org.services import update_unit

    hr = people["hr"]
    hr_unit = make_unit(org, code="HR", name="人力资源部", head=hr)
    with pytest.raises(AccessDenied):
        update_unit(hr, tech, parent=hr_unit)
    tech.refresh_from_db()
    assert tech.parent == org.root_unit()
