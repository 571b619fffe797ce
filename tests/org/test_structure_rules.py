import pytest

from okrflow.errors import AccessDenied, DomainError
from okrflow.org.models import Person, Unit
from okrflow.org.services import create_person, create_unit, update_person, update_unit


def test_it_creates_a_team_under_a_department(org, admin, tech):
    team = create_unit(admin, org, code="TECH-BE", name="后端组", parent=tech)
    assert team.parent == tech


def test_a_unit_cannot_become_its_own_ancestor(org, admin, tech):
    team = create_unit(admin, org, code="TECH-BE", name="后端组", parent=tech)
    with pytest.raises(DomainError) as error:
        update_unit(admin, tech, parent=team)
    assert error.value.code == "unit_loop"
    tech.refresh_from_db()
    assert tech.parent == org.root_unit()


def test_a_unit_cannot_be_its_own_parent(org, admin, tech):
    with pytest.raises(DomainError) as error:
        update_unit(admin, tech, parent=tech)
    assert error.value.code == "unit_loop"


def test_the_root_cannot_be_moved(org, admin, tech):
    with pytest.raises(DomainError) as error:
        update_unit(admin, org.root_unit(), parent=tech)
    assert error.value.code == "root_is_fixed"


def test_a_new_unit_needs_a_parent(org, admin):
    with pytest.raises(DomainError) as error:
        create_unit(admin, org, code="LOOSE", name="Loose", parent=None)
    assert error.value.code == "parent_required"


def test_unit_codes_are_unique_in_an_organization(org, admin, tech):
    with pytest.raises(DomainError):
        create_unit(admin, org, code="TECH", name="again", parent=org.root_unit())
    assert Unit.objects.for_org(org).filter(code="TECH").count() == 1


def test_a_unit_cannot_hang_under_another_organizations_unit(org, admin, other_org):
    with pytest.raises(DomainError):
        create_unit(admin, org, code="SPY", name="Spy", parent=other_org.root_unit())


def test_a_duplicate_email_differing_only_in_case_is_refused(org, admin, bob):
    with pytest.raises(DomainError) as error:
        create_person(admin, org, email="BOB@Acme.Test", name="Bob again")
    assert error.value.field == "email"
    assert Person.objects.filter(email__iexact="bob@acme.test").count() == 1


def test_emails_are_stored_lower_case(org, admin):
    person = create_person(admin, org, email="  Dora@ACME.test ", name="Dora")
    assert person.email == "dora@acme.test"


def test_a_manager_chain_cannot_loop(org, admin, alice, bob):
    with pytest.raises(DomainError) as error:
        update_person(admin, alice, manager=bob)
    assert error.value.code == "manager_loop"


def test_a_member_cannot_add_people(org, bob):
    with pytest.raises(AccessDenied):
        create_person(bob, org, email="new@acme.test", name="New")


def test_a_person_may_change_their_own_language(org, bob):
    update_person(bob, bob, language="en")
    bob.refresh_from_db()
    assert bob.language == "en"


def test_a_person_may_not_change_their_own_role(org, bob):
    with pytest.raises(AccessDenied):
        update_person(bob, bob, role="admin")


def test_weak_passwords_are_refused(org, admin):
    with pytest.raises(DomainError) as error:
        create_person(admin, org, email="weak@acme.test", name="Weak", password="password")
    assert error.value.code == "weak_password"
    assert not Person.objects.filter(email="weak@acme.test").exists()


@pytest.fixture
def hr(org):
    from tests.factories import make_person

    return make_person(org, email="hr@acme.test", name="HR", role="hr")


def test_hr_may_add_people_but_not_administrators(org, hr):
    create_person(hr, org, email="new@acme.test", name="New")
    with pytest.raises(AccessDenied):
        create_person(hr, org, email="boss@acme.test", name="Boss", role="admin")
    assert not Person.objects.filter(email="boss@acme.test").exists()


def test_hr_cannot_promote_anyone_to_administrator_not_even_themselves(org, hr, bob):
    with pytest.raises(AccessDenied):
        update_person(hr, hr, role="admin")
    with pytest.raises(AccessDenied):
        update_person(hr, bob, is_staff=True)
    hr.refresh_from_db()
    assert hr.role == "hr"


def test_an_administrator_may_promote_someone(org, admin, bob):
    update_person(admin, bob, role="admin")
    bob.refresh_from_db()
    assert bob.role == "admin"
