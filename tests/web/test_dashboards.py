"""The dashboards' pages (okrflow/web/views/dashboards.py) over the small organization of
tests/reports/dashboard_world.py: what each reader sees, what they never see, their cost."""

import datetime
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from okrflow.web.models import DashboardFigures
from tests.factories import make_person, make_unit
from tests.reports.dashboard_world import PRIVATE_TITLE, TODAY, build


@pytest.fixture(autouse=True)
def empty_cache():
    """The rules check's findings are kept per cycle id in the cache (dashboard_store)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(q1, tech, admin, alice, bob, carol, monkeypatch):
    monkeypatch.setattr("okrflow.checkins.rules.today", lambda: TODAY)
    return build(q1, tech, admin, alice, bob, carol)


def page(client, person, path):
    client.force_login(person)
    return client.get(path)


def chart_data(response) -> dict:
    found = re.search(r'<script id="dash-data" type="application/json">(.*?)</script>', response.text, re.S)
    return json.loads(found.group(1))


def test_the_company_dashboard_shows_the_figures_computed_by_its_job(client, world, bob):
    response = page(client, bob, "/dashboard/")
    assert response.status_code == 200
    assert DashboardFigures.objects.filter(unit__parent__isnull=True).count() == 1  # the inline job ran
    assert 'data-testid="computed-at"' in response.text
    data = chart_data(response)
    assert data["ownTrend"] == [0.0, 0.4, 0.6, 0.6]
    assert data["units"] == ["技术中心", "销售部"]
    assert data["heatScore"][0] == [0.0, 0.25, 0.5, 0.5]
    assert data["heatConfidence"][1] == [None, None, None, 30]
    assert data["histogram"] == [0, 0, 1, 0, 0, 2, 1, 0, 0, 0]
    assert "0.60" in response.text  # the company score
    stored = DashboardFigures.objects.get(unit__parent__isnull=True).data
    assert [row["findings"] for row in stored["children"]] == [{"warning": 2}, {"warning": 2}]
    assert 'data-testid="behind-count"' in response.text  # bob manages no unit: how many are behind


def test_a_private_objectives_title_is_never_on_the_dashboards_of_a_reader_who_may_not_see_it(
        client, world, bob, carol):
    for path in ("/dashboard/", "/dashboard/unit/SALES/", f"/dashboard/person/{carol.pk}/", "/dashboard/tv/"):
        response = page(client, bob, path)
        assert response.status_code == 200, path
        assert PRIVATE_TITLE not in response.text, path
        assert "新签华东大客户" not in response.text, path


def test_a_reader_allowed_to_see_a_private_objective_finds_it_on_the_persons_dashboard(client, world, carol):
    response = page(client, carol, f"/dashboard/person/{carol.pk}/")
    assert PRIVATE_TITLE in response.text


def test_a_person_dashboard_opens_by_email_too_and_another_organizations_is_a_404(client, world, bob, carol,
                                                                                     mallory):
    assert page(client, bob, "/dashboard/person/carol@acme.test/").status_code == 200
    assert page(client, bob, "/dashboard/person/nobody@acme.test/").status_code == 404
    assert page(client, bob, "/dashboard/person/not-a-number/").status_code == 404
    assert page(client, bob, "/dashboard/person/99999999999999999999999/").status_code == 404
    assert page(client, mallory, f"/dashboard/person/{carol.pk}/").status_code == 404
    assert page(client, mallory, "/dashboard/person/carol@acme.test/").status_code == 404
    assert page(client, mallory, "/dashboard/unit/TECH/").status_code == 404
    assert page(client, bob, "/dashboard/unit/NOPE/").status_code == 404


def test_every_member_may_open_every_units_dashboard_with_its_people(client, world, carol):
    response = page(client, carol, "/dashboard/unit/TECH/")
    assert response.status_code == 200
    assert 'data-testid="people"' in response.text
    assert "Alice 王" in response.text and "Bob 李" in response.text
    assert chart_data(response)["ownTrend"] == [0.0, 0.0, 0.5, 0.5]


def test_the_tv_mode_is_full_screen_and_refreshes_itself(client, world, bob):
    response = page(client, bob, "/dashboard/tv/")
    assert response.status_code == 200
    assert '<meta http-equiv="refresh" content="60">' in response.text
    assert "app-navbar" not in response.text
    assert "data-tv-cycle" in response.text


def test_the_people_list_pages_by_htmx(client, world, org, tech, carol):
    for i in range(30):
        make_person(org, email=f"extra{i}@acme.test", name=f"Extra {i:02}", unit=tech)
    client.force_login(carol)
    fragment = client.get("/dashboard/unit/TECH/?list=people&people_page=2", HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200
    assert "<html" not in fragment.text and "Extra 29" in fragment.text


def _units(org, n):
    for i in range(n):
        unit = make_unit(org, code=f"Q{n}-{i}", name=f"部门 {i}")
        make_person(org, email=f"q{n}-{i}@acme.test", unit=unit)


def test_the_person_dashboard_costs_the_same_at_2_and_20_units(client, world, org, alice, bob):
    client.force_login(alice)
    counts = []
    for n in (2, 20):
        _units(org, n)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/dashboard/person/{bob.pk}/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_company_dashboard_reads_its_stored_figures_in_a_bounded_number_of_queries(client, world, org,
                                                                                         bob):
    client.force_login(bob)
    client.get("/dashboard/")  # computes and stores the figures
    counts = []
    for n in (2, 20):
        _units(org, n)
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/dashboard/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 20


def test_the_navbar_links_the_dashboard(client, world, bob):
    assert 'href="/dashboard/"' in page(client, bob, "/").text


def test_the_objective_chart_plots_progress_in_percent_not_raw_values(client, q1, admin):
    from tests.okrs.factories import make_checkin, make_key_result, make_objective

    objective = make_objective(q1, title="华东市场突破", ref="O-EAST")
    revenue = make_key_result(objective, start=0, target=3000, unit="万元", owner=admin)
    clients = make_key_result(objective, start=0, target=4, unit="家", owner=admin)
    make_checkin(revenue, 1500, date=datetime.date(2026, 1, 10), confidence=70)
    make_checkin(clients, 1, date=datetime.date(2026, 1, 10), confidence=60)
    client.force_login(admin)
    response = client.get(f"/objectives/{objective.pk}/")
    points = {series["unit"]: series["points"] for series in response.context["chart_data"]}
    assert points["万元"] == [["2026-01-10", 50.0, 70, 1500.0]]  # 1500 of 3000: 50%
    assert points["家"] == [["2026-01-10", 25.0, 60, 1.0]]  # 1 of 4: 25%, on the same 0–100 axis


def test_who_is_behind_comes_from_the_stored_figures_and_pages_by_htmx(client, world, admin):
    client.force_login(admin)
    client.get("/dashboard/")
    fragment = client.get("/dashboard/?list=behind&behind_page=1", HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200
    assert "<html" not in fragment.text and "Bob 李" in fragment.text and "2026-01-05" in fragment.text


def test_who_is_behind_is_named_to_those_who_manage_the_unit_and_counted_for_everyone_else(
        client, world, admin, carol):
    client.force_login(carol)
    client.get("/dashboard/")
    fragment = client.get("/dashboard/?list=behind&behind_page=1", HTTP_HX_REQUEST="true")
    assert "Bob 李" not in fragment.text and "2026-01-05" not in fragment.text
    assert 'data-testid="behind-count"' in fragment.text and "1 person has not checked in" in fragment.text
    client.force_login(admin)
    assert "Bob 李" in client.get("/dashboard/?list=behind", HTTP_HX_REQUEST="true").text


def test_stale_figures_are_computed_again_once_and_fresh_ones_are_read_as_stored(world, q1, org):
    from django.utils import timezone

    from okrflow.web.dashboard_store import FRESH, stored_figures

    root = org.root_unit()
    first = stored_figures(q1, root)
    assert first.data["score"] == 0.6
    DashboardFigures.objects.filter(pk=first.pk).update(data={"score": 0.1})
    assert stored_figures(q1, root).data == {"score": 0.1}  # fresh: read as stored, nothing computed
    later = timezone.now() + FRESH + datetime.timedelta(minutes=1)
    assert stored_figures(q1, root, now=later).data["score"] == 0.6  # stale: the job ran again
    assert DashboardFigures.objects.get(pk=first.pk).requested_at == later


def test_the_bottom_up_chart_marks_the_policys_least_share_not_a_fixed_60(client, world, org, bob):
    from okrflow.okrs.models import policy_for

    policy = policy_for(org.pk)
    policy.min_bottom_up_ratio = "0.500"
    policy.fair_from, policy.good_from = "0.300", "0.650"
    policy.save()
    data = chart_data(page(client, bob, "/dashboard/"))
    assert data["bands"] == [0.3, 0.65]  # the score axes' backdrop: the policy's grade edges
    assert data["bottomUpGoal"] == 50
    assert data["labels"]["goal"] == "50% goal"
    response = page(client, bob, "/dashboard/")
    assert "goal 50%" in response.text and "goal 60%" not in response.text
    assert "--goal: 50%" in response.text
    assert "goal 50%" in page(client, bob, "/dashboard/tv/").text
