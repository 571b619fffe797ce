"""The journey the issue asks for: log in as a demo user, switch language, open a unit page."""

import pytest

from okrflow.demo import DEMO_PASSWORD, load_demo

pytestmark = [pytest.mark.browser]


@pytest.fixture
def demo(transactional_db):
    # Committed rows (transactional_db), so the live server's thread sees them.
    return load_demo()


def log_in(page, email, password):
    page.goto("/login/")
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(password)
    page.locator("#login-submit").click()


def test_a_demo_user_logs_in_switches_to_english_and_sees_a_units_members(page, demo):
    log_in(page, "dev1@xingyun.example", DEMO_PASSWORD)
    page.wait_for_url("**/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert "张伟" in page.locator("h1").inner_text()

    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"

    page.get_by_role("link", name="Organization").first.click()
    page.get_by_role("link", name="技术中心", exact=True).click()
    page.wait_for_url("**/units/TECH/")
    members = page.get_by_role("table").inner_text()
    assert "王建国" in members and "技术中心总监" in members
    assert page.get_by_role("heading", level=1).inner_text().startswith("技术中心")
    assert page.console_errors == [], (page.console_errors, page.failed_requests)  # no CSP or script error


def test_the_org_tree_expands_collapses_and_filters(page, demo):
    log_in(page, "ceo@xingyun.example", DEMO_PASSWORD)
    page.wait_for_url("**/")
    page.goto("/org/")
    backend = page.get_by_role("link", name="后端组", exact=True)
    assert backend.is_visible()  # a small org opens down to its teams
    page.locator("[data-tree-toggle=close]").click()
    assert not backend.is_visible()
    page.locator("[data-tree-toggle=open]").click()
    assert backend.is_visible()
    page.locator("[data-tree-toggle=close]").click()
    assert not backend.is_visible()
    page.locator("#tree-filter").fill("华南")
    assert page.get_by_role("link", name="华南大区", exact=True).is_visible()
    assert not page.get_by_role("link", name="财务部", exact=True).is_visible()
    assert page.console_errors == []


def test_a_wrong_password_shows_the_error_on_the_styled_login_page(page, demo):
    log_in(page, "dev1@xingyun.example", "not-the-password")
    assert page.locator("#login-errors").is_visible()
    assert page.locator("link[href*='bootstrap.min.css']").count() == 1


def test_paging_through_a_large_units_members_swaps_only_the_members_card(page, demo):
    from okrflow.org.models import Unit
    from tests.factories import make_person

    finance = Unit.objects.for_org(demo).get(code="FIN")
    for n in range(100):
        make_person(demo, name=f"会计{n:03d}", unit=finance)
    log_in(page, "fin.head@xingyun.example", DEMO_PASSWORD)
    page.wait_for_url("**/")
    page.goto("/units/FIN/")
    page.evaluate("window.__stillHere = true")  # lost if the whole page reloads
    page.locator("#unit-members .pagination a").last.click()
    page.wait_for_url("**/units/FIN/?page=2")
    assert page.evaluate("window.__stillHere") is True
    members = page.locator("#unit-members").inner_text()
    assert "袁芳" in members and "会计000" not in members  # ordered by name: page 2 holds the last four
    assert page.console_errors == [], page.console_errors
