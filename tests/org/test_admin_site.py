"""The Django admin: organization admins see and change only their own organization."""

import pytest

from okrflow.audit.models import AuditEntry
from okrflow.org.models import Person
from tests.factories import make_unit


@pytest.fixture
def staff_admin(admin):
    admin.is_staff = True
    admin.save(update_fields=["is_staff"])
    return admin


def test_an_org_admin_sees_only_their_own_units(client, staff_admin, tech, other_org):
    client.force_login(staff_admin)
    response = client.get("/admin/org/unit/")
    assert response.status_code == 200
    assert "技术中心" in response.text
    assert "Globex" not in response.text


def test_another_organizations_unit_is_not_found_in_the_admin(client, staff_admin, other_org):
    client.force_login(staff_admin)
    foreign = other_org.root_unit()
    response = client.get(f"/admin/org/unit/{foreign.pk}/change/")
    assert response.status_code in (302, 404)
    assert "Globex" not in response.text


def test_a_member_cannot_open_the_admin(client, bob):
    bob.is_staff = True
    bob.save(update_fields=["is_staff"])
    client.force_login(bob)
    response = client.get("/admin/org/unit/")
    assert response.status_code == 403


def test_the_add_person_form_works_and_refuses_a_duplicate_email(client, staff_admin, tech, bob):
    client.force_login(staff_admin)
    assert client.get("/admin/org/person/add/").status_code == 200
    data = {"email": "BOB@acme.test", "name": "Dup", "unit": tech.pk, "role": "member",
            "password1": "a-long-secret-99", "password2": "a-long-secret-99"}
    response = client.post("/admin/org/person/add/", data)
    assert response.status_code == 200
    assert Person.objects.filter(email="bob@acme.test").count() == 1


def test_admin_changes_are_audited(client, staff_admin, tech):
    client.force_login(staff_admin)
    data = {"code": "TECH", "name": "研发中心", "parent": tech.parent_id, "head": "", "position": 0}
    response = client.post(f"/admin/org/unit/{tech.pk}/change/", data)
    assert response.status_code == 302, response.text[:2000]
    entry = AuditEntry.objects.get(action="unit.update", object_id=str(tech.pk))  # by the service
    assert entry.actor == staff_admin
    assert entry.changes["name"][1] == "研发中心"


def test_the_admin_refuses_to_make_a_unit_its_own_ancestor(client, staff_admin, tech):
    team = make_unit(tech.organization, code="TEAM", name="Team", parent=tech)
    client.force_login(staff_admin)
    data = {"code": "TECH", "name": tech.name, "parent": team.pk, "head": "", "position": 0}
    response = client.post(f"/admin/org/unit/{tech.pk}/change/", data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "inside itself" in response.text
    tech.refresh_from_db()
    assert tech.parent_id != team.pk


def test_the_admin_refuses_a_cycle_that_ends_before_it_starts(client, staff_admin, year):
    client.force_login(staff_admin)
    data = {"code": "2026", "name": "2026", "kind": "annual", "start_date": "2026-12-31",
            "end_date": "2026-01-01", "parent": ""}
    response = client.post(f"/admin/cycles/cycle/{year.pk}/change/", data)
    assert response.status_code == 200
    year.refresh_from_db()
    assert str(year.start_date) == "2026-01-01"


def test_a_unit_moved_in_the_admin_takes_its_subtree_along(client, staff_admin, tech, sales):
    team = make_unit(tech.organization, code="TEAM", name="Team", parent=tech)
    client.force_login(staff_admin)
    data = {"code": "TECH", "name": tech.name, "parent": sales.pk, "head": "", "position": 0}
    response = client.post(f"/admin/org/unit/{tech.pk}/change/", data)
    assert response.status_code == 302
    team.refresh_from_db()
    sales.refresh_from_db()
    assert team.path == f"{sales.path}{tech.pk}/{team.pk}/"


def test_a_person_added_in_the_admin_goes_through_the_service(client, staff_admin, tech):
    client.force_login(staff_admin)
    data = {"email": "New@Acme.test", "name": "New 人", "unit": tech.pk, "role": "member",
            "password1": "a-long-enough-passphrase-42", "password2": "a-long-enough-passphrase-42"}
    response = client.post("/admin/org/person/add/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    person = Person.objects.get(email="new@acme.test")
    assert person.manager_path == f"/{person.pk}/" and person.check_password("a-long-enough-passphrase-42")
    assert AuditEntry.objects.filter(action="person.create", object_id=str(person.pk)).exists()
