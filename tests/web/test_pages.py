"""Every page of the web shell renders for a member, with the content it promises."""

import datetime

import pytest
from django.utils import timezone

from okrflow.org.models import Role
from tests.factories import make_cycle, make_person, make_unit


@pytest.fixture
def bob_client(client, bob):
    client.force_login(bob)
    return client


def test_home_greets_the_person_and_shows_unit_and_manager(bob_client, bob, carol):
    response = bob_client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Bob 李" in html and "技术中心" in html and "Alice 王" in html
    assert 'data-testid="people-count"' not in html  # a member is not shown the company's board


def test_the_admins_home_counts_units_and_people_from_the_company_board(client, admin, bob, carol, org):
    today = timezone.localdate()
    make_cycle(org, code="NOW", kind="quarterly", start=today - datetime.timedelta(days=10),
               end=today + datetime.timedelta(days=20))
    client.force_login(admin)
    html = client.get("/").content.decode()  # the tests' inline task backend computes the board
    assert 'data-testid="unit-count">3<' in html  # the company, TECH, SALES
    assert 'data-testid="people-count">4<' in html  # admin, alice, bob, carol


def test_home_shows_the_current_cycle_with_its_dates(bob_client, org, year):
    today = timezone.localdate()
    quarter = make_cycle(org, code="NOW", kind="quarterly", start=today - datetime.timedelta(days=10),
                         end=today + datetime.timedelta(days=20))
    html = bob_client.get("/").content.decode()
    assert quarter.name in html
    assert quarter.start_date.strftime("%Y-%m-%d") in html
    assert "20 days left" in html


def test_home_without_cycles_says_so(bob_client):
    assert "No cycle has been set up yet." in bob_client.get("/").content.decode()


def test_the_unit_page_lists_members_with_title_role_and_manager(bob_client, tech, alice, bob):
    response = bob_client.get("/units/TECH/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Alice 王" in html and "Bob 李" in html and "Manager" in html
    assert [m.name for m in response.context["members"]] == ["Alice 王", "Bob 李"]


def test_the_unit_page_shows_the_breadcrumb_to_the_root_and_sub_units_with_counts(bob_client, org, tech):
    backend = make_unit(org, code="TECH-BE", name="后端组", parent=tech)
    make_person(org, unit=backend)
    make_person(org, unit=backend)
    response = bob_client.get("/units/TECH-BE/")
    assert response.context["ancestors"] == [("ROOT", "Acme 科技"), ("TECH", "技术中心")]
    children = list(bob_client.get("/units/TECH/").context["children"])
    assert [(c.code, c.member_count) for c in children] == [("TECH-BE", 2)]


def test_the_person_page_shows_unit_manager_reports_and_role(bob_client, alice, bob):
    response = bob_client.get(f"/people/{alice.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "技术中心" in html and "Manager" in html
    assert list(response.context["reports"]) == [bob]
    assert "Alice 王" in bob_client.get(f"/people/{bob.pk}/").content.decode()


def test_the_org_tree_nests_departments_and_teams_with_heads_and_totals(bob_client, org, tech, alice, bob):
    make_unit(org, code="TECH-BE", name="后端组", parent=tech)
    response = bob_client.get("/org/")
    (root,) = response.context["roots"]
    assert [c.code for c in root.children] == ["TECH"]
    tech_node = root.children[0]
    assert tech_node.head_name == "Alice 王"
    assert tech_node.total == 2
    assert [c.code for c in tech_node.children] == ["TECH-BE"]
    assert 'href="/units/TECH-BE/"' in response.content.decode()


def test_the_cycles_page_groups_quarters_under_their_year(bob_client, org, year, q1):
    make_cycle(org, code="2026Q2", kind="quarterly", start=datetime.date(2026, 4, 1),
               end=datetime.date(2026, 6, 30), parent=year)
    response = bob_client.get("/cycles/")
    [(shown_year, rows)] = response.context["groups"]
    assert shown_year == year
    assert [c.code for c, _ in rows] == ["2026Q1", "2026Q2"]


def test_pages_ask_anonymous_visitors_to_log_in(client, db, tech):
    for url in ["/", "/org/", "/units/TECH/", "/cycles/"]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_the_navbar_shows_manage_entries_only_to_those_who_may_manage(client, org, bob, admin):
    client.force_login(bob)
    assert "/manage/units/new/" not in client.get("/").content.decode()
    client.force_login(admin)
    html = client.get("/").content.decode()
    assert "/manage/units/new/" in html and "/manage/cycles/new/" in html


def test_the_champion_sees_the_cycle_entry_but_not_the_structure_ones(client, org):
    champion = make_person(org, role=Role.CHAMPION)
    client.force_login(champion)
    html = client.get("/").content.decode()
    assert "/manage/cycles/new/" in html and "/manage/people/new/" not in html


def test_staff_see_the_django_admin_link(client, org, admin, bob):
    admin.is_staff = True
    admin.save(update_fields=["is_staff"])
    client.force_login(bob)
    assert 'href="/admin/"' not in client.get("/").content.decode()
    client.force_login(admin)
    assert 'href="/admin/"' in client.get("/").content.decode()


def test_a_missing_page_shows_the_friendly_404(bob_client):
    response = bob_client.get("/units/NOPE/")
    assert response.status_code == 404
    assert "Back to home" in response.content.decode()


def test_a_server_error_shows_the_friendly_500_page_without_touching_the_database(rf, db,
                                                                               django_assert_num_queries):
    from django.views.defaults import server_error

    with django_assert_num_queries(0):
        response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


def test_a_large_unit_lists_its_members_a_hundred_per_page(bob_client, org, sales):
    for n in range(103):
        make_person(org, name=f"销售{n:03d}", unit=sales)
    first = bob_client.get("/units/SALES/")
    assert len(first.context["members"]) == 100 and first.context["member_count"] == 103
    assert "Page 1 of 2" in first.content.decode()
    assert len(bob_client.get("/units/SALES/?page=2").context["members"]) == 3


def test_htmx_asks_for_a_page_of_members_and_gets_only_the_fragment(bob_client, org, sales):
    for n in range(101):
        make_person(org, name=f"销售{n:03d}", unit=sales)
    response = bob_client.get("/units/SALES/?page=2", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<section class="card" id="unit-members"')
    assert "<html" not in html and "销售100" in html
