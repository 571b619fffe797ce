"""The rhythm journey of issue 4: a member checks in on three key results in one submit and
posts a stand-up; the unit's head then sees both on the team's weekly and stand-up pages."""

import datetime

import pytest

from tests.factories import PASSWORD, make_cycle, make_org, make_person, make_unit
from tests.okrs.factories import make_checkin, make_key_result, make_objective

pytestmark = [pytest.mark.browser]

TITLES = ["接口P95延迟达标", "错误率下降", "缓存命中率提升"]


@pytest.fixture
def team(transactional_db):
    # Committed rows (transactional_db), so the live server's thread sees them.
    org = make_org(slug="acme", name="Acme 科技")
    tech = make_unit(org, code="TECH", name="技术中心")
    today = datetime.date.today()
    cycle = make_cycle(org, code="NOW", kind="quarterly", start=today - datetime.timedelta(days=30),
                       end=today + datetime.timedelta(days=60))
    alice = make_person(org, email="alice@acme.test", name="Alice 王", unit=tech, role="manager")
    tech.head = alice
    tech.save(update_fields=["head"])
    bob = make_person(org, email="bob@acme.test", name="Bob 李", unit=tech, manager=alice)
    objective = make_objective(cycle, owner=bob, title="让核心接口快如闪电")
    for title in TITLES:
        kr = make_key_result(objective, title=title, owner=bob)
        make_checkin(kr, 20, date=today - datetime.timedelta(days=9), confidence=70)
    return bob


def log_in(page, email):
    page.goto("/login/")
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#login-submit").click()
    page.wait_for_url("**/")


def test_a_member_checks_in_and_posts_a_stand_up_and_the_head_sees_both(page, team):
    log_in(page, "bob@acme.test")
    page.goto("/checkin/")
    cards = page.locator(".rhythm-kr")
    assert cards.count() == 3
    for n, value in enumerate(["40", "55", "35"]):
        cards.nth(n).locator("input[name$='-value']").fill(value)
        cards.nth(n).locator("input[type=range]").fill("60")  # the slider moves the number box
        assert cards.nth(n).locator("input[name$='-confidence']").input_value() == "60"
    cards.nth(1).locator("textarea[name$='-blockers']").fill("等运维扩容")
    page.locator("#checkin-submit").click()
    page.locator(".app-messages .alert-success").wait_for()

    page.goto("/standup/")
    page.locator("#id_yesterday").fill("完成压测脚本")
    page.locator("#id_today").fill("修复慢查询")
    page.locator("#id_blockers").fill("等DBA开权限")
    page.locator("#standup-submit").click()
    page.locator(".app-messages .alert-success").wait_for()
    page.context.clear_cookies()

    log_in(page, "alice@acme.test")
    page.goto("/units/TECH/weekly/")
    bob_week = page.locator(".rhythm-person", has_text="Bob 李")
    assert bob_week.locator("tbody tr").count() == 3
    assert "等运维扩容" in bob_week.inner_text() and "70% → 60%" in bob_week.inner_text()
    assert page.locator("#missing-count").inner_text() == "0"

    page.goto("/units/TECH/standup/")
    entry = page.locator(".rhythm-standup-entry", has_text="Bob 李")
    assert "修复慢查询" in entry.inner_text()
    entry.locator(".rhythm-follow-up-form button").click()
    page.locator(".rhythm-follow-up", has_text="等DBA开权限").wait_for()
    assert page.console_errors == [], (page.console_errors, page.failed_requests)


def test_an_unexplained_confidence_drop_is_hinted_then_refused_on_its_row_keeping_the_input(page, team):
    log_in(page, "bob@acme.test")
    page.goto("/checkin/")
    card = page.locator(".rhythm-kr").nth(2)
    card.locator("input[name$='-value']").fill("25")
    card.locator("input[name$='-confidence']").fill("30")
    assert card.locator(".rhythm-drop-hint").is_visible()  # 70% → 30%: asked before submitting
    page.locator("#checkin-submit").click()
    page.wait_for_load_state()
    card = page.locator(".rhythm-kr").nth(2)
    assert "70% → 30%" in card.locator(".rhythm-drop-error").inner_text()
    assert card.locator("input[name$='-value']").input_value() == "25"
    card.locator("textarea[name$='-note']").fill("核心成员离职")
    assert not card.locator(".rhythm-drop-hint").is_visible()
    page.locator("#checkin-submit").click()
    page.locator(".app-messages .alert-success").wait_for()
