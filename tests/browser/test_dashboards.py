"""The company dashboard in Chromium: its charts drawn (ECharts from the page's JSON), the
heatmap switched to confidence, a unit's dashboard opened from the table, the TV mode drawn; no
console error and no failed request on the way."""

import datetime

import pytest

from tests.browser.test_okr_journey import log_in
from tests.factories import make_cycle, make_org, make_person, make_unit
from tests.okrs.factories import make_checkin, make_key_result, make_objective

pytestmark = [pytest.mark.browser]

DRAWN = ("(name) => { const el = document.querySelector(`[data-chart='${name}']`);"
         " const c = el && window.echarts && echarts.getInstanceByDom(el);"
         " return !!c && !!el.querySelector('svg'); }")


@pytest.fixture
def company(transactional_db):
    org = make_org(slug="acme", name="Acme 科技")
    tech = make_unit(org, code="TECH", name="技术中心")
    make_unit(org, code="SALES", name="销售部")
    today = datetime.date.today()
    cycle = make_cycle(org, code="NOW", kind="quarterly", start=today - datetime.timedelta(days=30),
                       end=today + datetime.timedelta(days=60))
    bob = make_person(org, email="bob@acme.test", name="Bob 李", unit=tech)
    kr = make_key_result(make_objective(cycle, title="成为客户首选的协作平台"), target=10, owner=bob)
    make_checkin(kr, 4, date=today - datetime.timedelta(days=9), confidence=70, author=bob)
    techs = make_objective(cycle, owner=tech, title="把构建时间缩短一半")
    tech_kr = make_key_result(techs, target=10, owner=bob)
    make_checkin(tech_kr, 6, date=today - datetime.timedelta(days=2), confidence=40, author=bob)
    return bob


def test_the_company_dashboard_draws_its_charts_without_a_console_error(page, company):
    log_in(page, "bob@acme.test")
    page.goto("/dashboard/")
    for chart in ("trend", "histogram", "heatmap"):
        page.wait_for_function(DRAWN, arg=chart)
    page.locator("[data-heat='confidence']").click()
    assert page.locator("[data-chart='heatmap']").get_attribute("data-mode") == "confidence"
    page.get_by_role("link", name="技术中心").first.click()
    page.wait_for_url("**/dashboard/unit/TECH/")
    page.wait_for_function(DRAWN, arg="trend")
    page.goto("/dashboard/tv/")
    page.wait_for_function(DRAWN, arg="trend")
    page.goto(f"/dashboard/person/{company.pk}/")
    page.wait_for_function(DRAWN, arg="person-score")
    assert page.console_errors == []
    assert page.failed_requests == []


def test_the_dashboard_fits_a_phone(page, company):
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, "bob@acme.test")
    page.goto("/dashboard/")
    page.wait_for_function(DRAWN, arg="trend")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390  # charts resize, tables scroll inside their card
    assert page.console_errors == []
