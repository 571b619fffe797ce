"""The alignment map's pages: /map/ (the picture's first screen as JSON for map.js, the legend),
/map/tv/ (full screen, no navbar, refreshing itself) and /map/nodes/ (one level as JSON): what
they hold for whom, what they refuse, and what a level costs."""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from okrflow.okrs.models import Category
from tests.factories import make_person, make_unit
from tests.okrs.factories import make_key_result, make_objective


@pytest.fixture
def world(q1, org, tech, sales, alice, bob, carol, admin):
    games = Category.objects.create(organization=org, name="游戏", position=0)
    company = make_objective(q1, title="成为行业第一", category=games)
    private = make_objective(q1, owner=carol, title="拿下三个华东大客户", visibility="private")
    make_key_result(private, target=3)
    make_key_result(company, target=10)
    make_objective(q1, owner=bob, title="把构建时间缩短一半")
    return company


def level_of(response, element="okr-map-level") -> dict:
    found = re.search(rf'<script id="{element}" type="application/json">(.*?)</script>',
                      response.content.decode(), re.S)
    return json.loads(found.group(1))


def test_the_map_page_sends_the_first_screen_with_its_legend_and_the_addresses_map_js_needs(
        client, world, bob, q1):
    client.force_login(bob)
    response = client.get("/map/")
    assert response.status_code == 200
    level = level_of(response)
    assert level["node"]["kind"] == "company"
    assert [(c["kind"], c["name"]) for c in level["children"]][:3] == [
        ("category", "游戏"), ("unit", "销售部"), ("unit", "技术中心")]
    page = response.content.decode()
    assert 'data-nodes-url="/map/nodes/"' in page and f'data-cycle="{q1.code}"' in page
    assert "okr-map-swatch-red" in page and "okr-map-swatch-blue" in page  # the legend's grades
    assert "web/map.js" in page and "vendor/echarts/echarts.min.js" in page
    assert "<script>" not in page  # no inline script under the CSP
    assert "/map/tv/" in page and "/okrs/tree/" in page


def test_presentation_mode_has_no_navbar_and_reads_itself_again_every_minute(client, world, bob):
    client.force_login(bob)
    response = client.get("/map/tv/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "app-navbar" not in page and 'data-refresh="60"' in page and 'data-tv="1"' in page
    assert level_of(response)["node"]["kind"] == "company"


def test_the_menu_and_the_text_tree_link_to_the_map(client, world, bob):
    client.force_login(bob)
    assert 'href="/map/"' in client.get("/okrs/tree/").content.decode()
    assert 'href="/map/"' in client.get("/").content.decode()


def test_a_node_opens_as_json_and_a_page_of_more(client, world, bob, org, tech, monkeypatch):
    from okrflow.reports import alignment_map

    monkeypatch.setattr(alignment_map, "PAGE", 2)
    client.force_login(bob)
    data = client.get("/map/nodes/", {"node": f"unit:{tech.pk}"}).json()
    assert [c["kind"] for c in data["children"]] == ["person", "person"]
    data = client.get("/map/nodes/", {"node": f"unit:{tech.pk}", "page": "x"}).json()  # malformed: page 1
    assert [c["name"] for c in data["children"]] == ["Alice 王", "Bob 李"]
    make_person(org, name="Zed 郑", unit=tech)
    data = client.get("/map/nodes/", {"node": f"unit:{tech.pk}"}).json()
    assert data["children"][-1] == {"key": f"more:unit:{tech.pk}:2", "kind": "more", "name": "and 1 more",
                                    "score": None, "more": 1, "parent": f"unit:{tech.pk}", "page": 2}
    data = client.get("/map/nodes/", {"node": f"unit:{tech.pk}", "page": 2}).json()
    assert [c["name"] for c in data["children"]] == ["Zed 郑"]


def test_node_company_reads_the_first_screen_with_the_companys_score(client, world, bob, q1):
    client.force_login(bob)
    data = client.get("/map/nodes/", {"node": "company", "cycle": q1.code}).json()
    assert data["node"]["kind"] == "company" and data["node"]["score"] == 0.0
    assert data["node"]["grade"] == "poor" and data["node"]["colour"] == "red"


def test_a_private_objective_is_in_the_json_only_for_a_reader_who_may_see_it(client, world, bob, admin,
                                                                             carol):
    for reader, shown in ((bob, False), (admin, True)):
        client.force_login(reader)
        page = client.get("/map/nodes/", {"node": f"person:{carol.pk}"}).content.decode()
        assert ("拿下三个华东大客户" in page) is shown


@pytest.mark.parametrize("query", [{"node": "unit:{foreign}"}, {"node": "person:{mallory}"},
                                   {"node": "objective:1"}, {"node": "unit:99999999999999999999"},
                                   {"cycle": "G1"}])
def test_a_node_or_a_cycle_the_reader_may_not_open_is_a_404(client, world, bob, mallory, query):
    from tests.factories import make_cycle

    make_cycle(mallory.organization, code="G1")
    client.force_login(bob)
    query = {key: value.format(foreign=mallory.unit_id, mallory=mallory.pk) for key, value in query.items()}
    assert client.get("/map/nodes/", query).status_code == 404


def test_without_a_cycle_the_pages_say_so(client, org, bob):
    client.force_login(bob)
    assert client.get("/map/").status_code == 200
    assert client.get("/map/tv/").status_code == 200
    assert client.get("/map/nodes/").json() == {"node": None, "children": []}


def test_a_level_of_the_map_costs_the_same_queries_at_5_and_at_50_units(client, world, org, tech, alice, q1):
    client.force_login(alice)
    counts = []
    for size in (5, 45):
        for n in range(size):
            unit = make_unit(org, name=f"部门{len(counts)}-{n}", parent=tech)
            make_person(org, unit=unit)
            make_objective(q1, owner=unit)
        with CaptureQueriesContext(connection) as page:
            assert client.get("/map/").status_code == 200
        with CaptureQueriesContext(connection) as level:
            assert client.get("/map/nodes/", {"node": f"unit:{tech.pk}"}).status_code == 200
        counts.append((len(page.captured_queries), len(level.captured_queries)))
    assert counts[0] == counts[1], counts


def test_finding_answers_json_through_the_readers_visibility(client, world, bob, admin, carol):
    client.force_login(bob)
    found = client.get("/map/find/", {"q": "华东"}).json()["found"]
    assert found == []  # carol's private objective
    found = client.get("/map/find/", {"q": "Carol"}).json()["found"]
    assert [(m["kind"], m["name"], m["detail"]) for m in found] == [("person", "Carol 张", "销售部")]
    client.force_login(admin)
    found = client.get("/map/find/", {"q": "华东"}).json()["found"]
    assert [m["name"] for m in found] == ["拿下三个华东大客户"]
