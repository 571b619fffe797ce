"""Management forms: who may use them, and bad input that stores nothing and says why."""

import datetime

import pytest

from okrflow.cycles.models import Cycle
from okrflow.org.models import Person, Role, Unit
from tests.factories import make_person, make_unit

MANAGE_URLS = ["/manage/units/new/", "/manage/people/new/", "/manage/cycles/new/"]


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


def test_a_member_gets_the_friendly_403_on_every_management_form(client, bob, tech, year):
    client.force_login(bob)
    for url in [*MANAGE_URLS, "/manage/units/TECH/edit/", f"/manage/people/{bob.pk}/edit/",
                f"/manage/cycles/{year.code}/edit/"]:
        response = client.get(url)
        assert response.status_code == 403, url
        assert "You do not have permission to open this page." in response.content.decode()


def test_a_member_cannot_post_a_new_unit(client, bob, org):
    client.force_login(bob)
    response = client.post("/manage/units/new/", {"code": "X", "name": "X", "parent": org.root_unit().pk})
    assert response.status_code == 403
    assert not Unit.objects.filter(code="X").exists()


def test_hr_manages_people_but_not_cycles(client, org):
    hr = make_person(org, role=Role.HR)
    client.force_login(hr)
    assert client.get("/manage/people/new/").status_code == 200
    assert client.get("/manage/cycles/new/").status_code == 403


def test_the_champion_manages_cycles_but_not_units(client, org):
    champion = make_person(org, role=Role.CHAMPION)
    client.force_login(champion)
    assert client.get("/manage/cycles/new/").status_code == 200
    assert client.get("/manage/units/new/").status_code == 403


def test_an_admin_opens_every_management_form(admin_client, tech, bob, year):
    for url in [*MANAGE_URLS, "/manage/units/TECH/edit/", f"/manage/people/{bob.pk}/edit/",
                f"/manage/cycles/{year.code}/edit/"]:
        assert admin_client.get(url).status_code == 200, url


def test_an_admin_creates_a_unit_with_a_head(admin_client, org, tech, alice):
    response = admin_client.post("/manage/units/new/", {
        "code": "TECH-BE", "name": "后端组", "parent": tech.pk, "head": "ALICE@acme.test"})
    assert response.status_code == 302 and response["Location"] == "/units/TECH-BE/"
    unit = Unit.objects.for_org(org).get(code="TECH-BE")
    assert unit.parent == tech and unit.head == alice
    assert "Unit 后端组 saved." in admin_client.get(response["Location"]).content.decode()


def test_an_admin_creates_a_person_who_can_log_in(admin_client, client, org, tech, alice):
    response = admin_client.post("/manage/people/new/", {
        "email": "Dan@Acme.test", "name": "Dan 赵", "title": "工程师", "unit": tech.pk,
        "manager": "alice@acme.test", "role": "member", "password": "a-long-enough-passphrase"})
    assert response.status_code == 302
    dan = Person.objects.for_org(org).get(email="dan@acme.test")
    assert dan.manager == alice and dan.unit == tech
    login = client.post("/login/", {"username": "dan@acme.test", "password": "a-long-enough-passphrase"})
    assert login.status_code == 302 and login["Location"] == "/"


def test_an_admin_edits_a_person(admin_client, bob, sales):
    response = admin_client.post(f"/manage/people/{bob.pk}/edit/", {
        "email": bob.email, "name": "Bob Li", "title": "架构师", "unit": sales.pk, "manager": "",
        "role": "manager"})
    assert response.status_code == 302
    bob.refresh_from_db()
    assert (bob.name, bob.unit, bob.manager, bob.role) == ("Bob Li", sales, None, "manager")


def test_an_admin_creates_a_quarter_inside_its_year(admin_client, org, year):
    response = admin_client.post("/manage/cycles/new/", {
        "code": "2026Q3", "name": "2026 第三季度", "kind": "quarterly",
        "start_date": "2026-07-01", "end_date": "2026-09-30", "parent": year.pk})
    assert response.status_code == 302 and response["Location"] == "/cycles/"
    assert Cycle.objects.for_org(org).get(code="2026Q3").parent == year


def test_a_cycle_that_ends_before_it_starts_is_refused_on_the_end_date(admin_client, org):
    response = admin_client.post("/manage/cycles/new/", {
        "code": "BAD", "name": "Bad", "kind": "custom", "start_date": "2026-05-01", "end_date": "2026-04-01"})
    assert response.status_code == 200
    assert response.context["form"].errors["end_date"] == ["A cycle cannot end before it starts."]
    assert "A cycle cannot end before it starts." in response.content.decode()
    assert not Cycle.objects.for_org(org).filter(code="BAD").exists()


def test_a_unit_moved_under_its_own_sub_unit_is_refused_on_the_parent(admin_client, org, tech):
    backend = make_unit(org, code="TECH-BE", parent=tech)
    response = admin_client.post("/manage/units/TECH/edit/", {
        "code": "TECH", "name": "技术中心", "parent": backend.pk, "head": ""})
    assert response.status_code == 200
    message = "A unit cannot be placed inside itself or one of its own sub-units."
    assert response.context["form"].errors["parent"] == [message]
    assert message in response.content.decode()
    tech.refresh_from_db()
    assert tech.parent == org.root_unit()


def test_a_duplicate_email_differing_only_in_case_is_refused_on_the_email(admin_client, org, tech, bob):
    response = admin_client.post("/manage/people/new/", {
        "email": "BOB@Acme.Test", "name": "Another Bob", "unit": tech.pk, "role": "member"})
    assert response.status_code == 200
    assert response.context["form"].errors["email"] == ["Someone with this email already exists."]
    assert "Someone with this email already exists." in response.content.decode()
    assert Person.objects.filter(name="Another Bob").count() == 0


def test_a_head_outside_the_organization_is_not_found(admin_client, org, mallory):
    response = admin_client.post("/manage/units/new/", {
        "code": "NEW", "name": "New", "parent": org.root_unit().pk, "head": mallory.email})
    assert response.status_code == 200
    assert response.context["form"].errors["head"] == ["No one with this email works in your organization."]
    assert not Unit.objects.filter(code="NEW").exists()


def test_a_weak_initial_password_is_refused_and_nothing_stored(admin_client, org, tech):
    response = admin_client.post("/manage/people/new/", {
        "email": "eve@acme.test", "name": "Eve", "unit": tech.pk, "role": "member", "password": "123"})
    assert response.status_code == 200
    assert response.context["form"].errors["password"]
    assert not Person.objects.filter(email="eve@acme.test").exists()


def test_a_form_error_marks_the_field_invalid_for_assistive_tech(admin_client):
    response = admin_client.post("/manage/cycles/new/", {
        "code": "BAD", "name": "Bad", "kind": "custom", "start_date": "2026-05-01",
        "end_date": "2026-04-01"})
    html = response.content.decode()
    assert 'aria-describedby="id_end_date_errors"' in html and 'id="id_end_date_errors"' in html


def test_editing_a_cycle_keeps_children_inside(admin_client, year, q1):
    response = admin_client.post(f"/manage/cycles/{year.code}/edit/", {
        "code": year.code, "name": year.name, "kind": "annual", "start_date": "2026-02-01",
        "end_date": "2026-12-31"})
    assert response.status_code == 200
    assert "would no longer fit" in str(response.context["form"].errors["end_date"])
    year.refresh_from_db()
    assert year.start_date == datetime.date(2026, 1, 1)


def test_edit_buttons_appear_only_for_those_who_may_use_them(client, bob, admin, tech, year):
    client.force_login(bob)
    assert "/manage/units/TECH/edit/" not in client.get("/units/TECH/").content.decode()
    assert f"/manage/people/{bob.pk}/edit/" not in client.get(f"/people/{bob.pk}/").content.decode()
    assert f"/manage/cycles/{year.code}/edit/" not in client.get("/cycles/").content.decode()
    client.force_login(admin)
    assert "/manage/units/TECH/edit/" in client.get("/units/TECH/").content.decode()
    assert f"/manage/people/{bob.pk}/edit/" in client.get(f"/people/{bob.pk}/").content.decode()
    assert f"/manage/cycles/{year.code}/edit/" in client.get("/cycles/").content.decode()


def test_a_duplicate_unit_code_is_refused_with_the_reason(admin_client, org, tech):
    response = admin_client.post("/manage/units/new/", {
        "code": "TECH", "name": "Another", "parent": org.root_unit().pk})
    assert response.status_code == 200
    # The (organization, code) constraint reports above the form: it names no single field.
    assert response.context["form"].non_field_errors() == ["A unit with this code already exists."]
    assert Unit.objects.for_org(org).filter(code="TECH").count() == 1


def test_hr_cannot_hand_out_the_administrator_role(client, org, tech, bob):
    hr = make_person(org, role=Role.HR, unit=tech)
    client.force_login(hr)
    response = client.post(f"/manage/people/{hr.pk}/edit/", {
        "email": hr.email, "name": hr.name, "unit": tech.pk, "role": "admin"})
    assert response.status_code == 200 and "role" in response.context["form"].errors
    hr.refresh_from_db()
    assert hr.role == Role.HR
