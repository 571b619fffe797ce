"""Hot pages stay at a fixed number of queries however many units and people there are."""

import pytest

from okrflow.org.models import Unit
from tests.factories import make_person, make_unit


@pytest.fixture
def big_org(org, tech, alice):
    """Departments with teams, heads and members: enough rows for an N+1 to show."""
    for d in range(6):
        department = make_unit(org, code=f"D{d}", parent=org.root_unit(), head=alice)
        for t in range(4):
            team = make_unit(org, code=f"D{d}T{t}", parent=department)
            lead = make_person(org, unit=team, manager=alice)
            make_person(org, unit=team, manager=lead)
        make_person(org, unit=department, manager=alice)
    for _ in range(8):
        make_unit(org, parent=tech, head=alice)
        make_person(org, unit=tech, manager=alice)
    return org


def test_the_org_tree_takes_a_fixed_number_of_queries(client, bob, big_org, django_assert_max_num_queries):
    client.force_login(bob)
    # session, person, units with heads, member counts, cycles (navbar), and the session's
    # idle-expiry save (savepoint, update, release)
    with django_assert_max_num_queries(8):
        response = client.get("/org/")
    assert response.context["unit_count"] == 1 + 1 + 6 * 5 + 8


def test_the_unit_page_takes_a_fixed_number_of_queries(client, bob, big_org, django_assert_max_num_queries):
    client.force_login(bob)
    # session, person, unit, ancestors, head, member count and page with managers, sub-units
    # with heads and counts, cycles (navbar), and the session's idle-expiry save (3)
    with django_assert_max_num_queries(13):
        response = client.get("/units/TECH/")
    assert len(response.context["members"]) == 10


def test_the_department_page_with_teams_takes_a_fixed_number_of_queries(
        client, bob, big_org, django_assert_max_num_queries):
    client.force_login(bob)
    with django_assert_max_num_queries(13):
        response = client.get("/units/D0/")
    assert len(response.context["children"]) == 4


def test_the_person_page_takes_a_fixed_number_of_queries(client, bob, alice, big_org,
                                                        django_assert_max_num_queries):
    client.force_login(bob)
    # session, person, the person shown, unit, manager, reports with units, headed units,
    # cycles, and the session save (3)
    with django_assert_max_num_queries(12):
        response = client.get(f"/people/{alice.pk}/")
    assert len(response.context["reports"]) > 10


def test_an_org_tree_of_650_units_renders_in_the_same_few_queries_with_departments_folded(
        client, org, bob, django_assert_max_num_queries):
    root = org.root_unit()
    departments = Unit.objects.bulk_create(
        [Unit(organization=org, code=f"D{d}", name=f"部门{d}", parent=root) for d in range(25)])
    Unit.objects.bulk_create(
        [Unit(organization=org, code=f"D{d}-T{t}", name=f"小组{d}-{t}", parent=department)
         for d, department in enumerate(departments) for t in range(25)])
    client.force_login(bob)
    with django_assert_max_num_queries(8):
        response = client.get("/org/")
    html = response.content.decode()
    assert response.context["unit_count"] == 1 + 1 + 25 + 25 * 25  # root, TECH (bob's), departments, teams
    assert html.count("<details open>") == 1  # only the company is unfolded
    assert 'href="/units/D24-T24/"' in html
