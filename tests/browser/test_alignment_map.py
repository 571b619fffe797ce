"""The alignment map in Chromium: the first screen drawn, a unit opened by a click on its node
(its level read from /map/nodes/), an objective opened by a click, presentation mode drawn; no
console error and no failed request on the way."""

import datetime

import pytest

from tests.browser.test_okr_journey import log_in
from tests.factories import make_cycle, make_org, make_person, make_unit
from tests.okrs.factories import make_key_result, make_objective

pytestmark = [pytest.mark.browser]

# Where a node of the picture is on the page: ECharts draws on a canvas, so the test asks the
# chart for the node's symbol and clicks there, as a person would.
NODE_AT = """(name) => {
  const el = document.getElementById('okr-map');
  const data = echarts.getInstanceByDom(el).getModel().getSeriesByIndex(0).getData();
  for (let i = 0; i < data.count(); i++) {
    const symbol = data.getName(i) === name && data.getItemGraphicEl(i);
    if (symbol) {
      const [x, y] = symbol.parent.transformCoordToGlobal(symbol.x, symbol.y);
      const box = el.getBoundingClientRect();
      return [box.left + x, box.top + y];
    }
  }
  return null;
}"""


@pytest.fixture
def company(transactional_db):
    org = make_org(slug="acme", name="Acme 科技")
    tech = make_unit(org, code="TECH", name="技术中心")
    make_unit(org, code="BACK", name="后端组", parent=tech)
    today = datetime.date.today()
    cycle = make_cycle(org, code="NOW", kind="quarterly", start=today - datetime.timedelta(days=30),
                       end=today + datetime.timedelta(days=60))
    bob = make_person(org, email="bob@acme.test", name="Bob 李", unit=tech)
    make_key_result(make_objective(cycle, title="成为客户首选的协作平台"), target=10)
    make_key_result(make_objective(cycle, owner=tech, title="把构建时间缩短一半"), target=10)
    return bob


def node_at(page, name):
    page.wait_for_function("(name) => { const el = document.getElementById('okr-map');"
                           " const c = el && window.echarts && echarts.getInstanceByDom(el);"
                           " return !!c; }", arg=name)
    return page.evaluate(NODE_AT, name)


def test_the_map_opens_a_unit_on_a_click_and_an_objective_on_another(page, company):
    log_in(page, "bob@acme.test")
    page.goto("/map/")
    page.wait_for_load_state("networkidle")
    assert node_at(page, "后端组") is None  # below the first screen: not sent with the page
    with page.expect_response(lambda r: "/map/nodes/" in r.url and r.status == 200):
        page.mouse.click(*node_at(page, "技术中心"))
    page.wait_for_function(f"() => ({NODE_AT})('后端组') !== null")
    page.wait_for_timeout(600)  # the tree's move to its new layout (300 ms)
    page.mouse.click(*node_at(page, "把构建时间缩短一半"))
    page.wait_for_url("**/objectives/*/")
    assert page.console_errors == [], (page.console_errors, page.failed_requests)
    assert page.failed_requests == []


def test_presentation_mode_draws_the_map_full_screen(page, company):
    log_in(page, "bob@acme.test")
    page.goto("/map/tv/")
    page.wait_for_load_state("networkidle")
    assert node_at(page, "技术中心") is not None
    assert page.locator("nav.app-navbar").count() == 0
    assert page.console_errors == [], (page.console_errors, page.failed_requests)


def test_presentation_mode_reads_the_open_levels_again_with_the_new_scores(page, company):
    from okrflow.okrs.models import KeyResult
    from tests.okrs.factories import make_checkin

    log_in(page, "bob@acme.test")
    page.goto("/map/tv/")
    page.wait_for_load_state("networkidle")
    assert page.locator("#okr-tv-score").inner_text() == "0.00"
    with page.expect_response(lambda r: "/map/nodes/" in r.url and r.status == 200):
        page.mouse.click(*node_at(page, "技术中心"))
    page.wait_for_function(f"() => ({NODE_AT})('后端组') !== null")
    company_kr = KeyResult.objects.get(objective__title="成为客户首选的协作平台")
    make_checkin(company_kr, 5, date=datetime.date.today())
    # What the minute's timer calls.
    page.evaluate("() => document.getElementById('okr-map').okrMap.refresh()")
    page.wait_for_function("() => document.getElementById('okr-tv-score').textContent === '0.50'")
    page.wait_for_function(f"() => ({NODE_AT})('后端组') !== null")  # the open unit stays open
    assert page.console_errors == [], (page.console_errors, page.failed_requests)
