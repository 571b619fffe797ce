"""Issue 9's browser journeys in Chromium: a member follows the home page's phase prompt to
self-assess and the manager reviews it; a manager sends a proposal back and the member sees why.

The cycle runs around today and its phases are planned through okrflow/cycles/services.py, so
the home page shows the step's prompt on whatever day the suite runs. bob (a member of 技术中心)
reports to alice (its head); the browser asks for Chinese, as most of our users' browsers do.
"""

import datetime
from decimal import Decimal

import pytest

from okrflow.actors import SYSTEM
from okrflow.assessments.models import ReviewState, SelfAssessment
from okrflow.cycles.services import plan_phases
from okrflow.okrs import states
from okrflow.okrs.models import Objective, ObjectiveStatus
from okrflow.publishing.services import publish_cycle
from tests.factories import PASSWORD, make_cycle
from tests.okrs.factories import make_checkin, make_key_result, make_objective

pytestmark = [pytest.mark.browser]

DAY = datetime.timedelta(days=1)


@pytest.fixture
def cycle(transactional_db, org, tech, admin, alice, bob):
    # Committed rows (transactional_db), so the live server's thread sees them.
    today = datetime.date.today()
    return make_cycle(org, code="NOW", kind="quarterly", start=today - 80 * DAY, end=today + 10 * DAY)


def plan(cycle, phase, today=None):
    """The phase `phase` of `cycle` runs from yesterday to a few days from now."""
    today = today or datetime.date.today()
    plan_phases(SYSTEM, cycle, {phase: (today - DAY, today + 3 * DAY)})


def log_in(page, email):
    page.goto("/login/")
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#login-submit").click()
    page.wait_for_url("**/")


def open_as(browser, live_server, email):
    """A second person's browser (their own context, so their own session)."""
    context = browser.new_context(base_url=live_server.url, locale="zh-CN",
                                  viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda msg: msg.type == "error" and page.console_errors.append(msg.text))
    log_in(page, email)
    return page


@pytest.fixture
def published(cycle, admin, bob):
    """bob's objective with two key results checked in, the cycle published, self-assess now."""
    objective = make_objective(cycle, owner=bob, title="把构建时间缩短一半", ref="O-BOB")
    quick = make_key_result(objective, start=20, target=10, owner=bob, ref="KR-BUILD",
                            title="构建时间从 20 分钟降到 10 分钟")
    cache = make_key_result(objective, start=50, target=90, owner=bob, ref="KR-CACHE",
                            title="缓存命中率从 50% 提升到 90%")
    make_checkin(quick, 14, date=datetime.date.today() - 7 * DAY, confidence=70)  # 0.6
    make_checkin(cache, 70, date=datetime.date.today() - 7 * DAY, confidence=60)  # 0.5
    publish_cycle(admin, cycle)
    plan(cycle, "self_assess")
    return {"objective": objective, "quick": quick, "cache": cache}


def test_a_member_follows_the_home_prompt_to_self_assess_and_the_manager_reviews_it(
        page, browser, live_server, published):
    quick, cache = published["quick"], published["cache"]
    log_in(page, "bob@acme.test")
    prompt = page.locator(".home-prompt[data-phase=self_assess]")
    assert prompt.locator("[data-testid=prompt-count]").inner_text() == "2"  # two key results to assess
    prompt.locator("a.btn").click()
    page.wait_for_url("**/cycles/NOW/self-assessment/")
    assert page.locator(".alert[role=note]").is_visible()  # for learning, not for appraisal

    first = page.locator(f"#kr-{quick.pk}")
    assert float(first.locator("input[name=score]").input_value()) == 0.6  # the computed score, prefilled
    first.locator("button[type=submit]").click()
    page.locator(".app-messages .alert-success").wait_for()

    second = page.locator(f"#kr-{cache.pk}")
    second.locator("input[name=score]").fill("0.9")  # 0.4 above the computed 0.5: needs a comment
    second.locator("button[type=submit]").click()
    page.locator(".app-messages .alert-danger").wait_for()
    assert "0.5" in page.locator(".app-messages .alert-danger").inner_text()
    assert not SelfAssessment.objects.filter(key_result=cache).exists()
    second = page.locator(f"#kr-{cache.pk}")
    second.locator("input[name=score]").fill("0.9")
    second.locator("textarea[name=comment]").fill("缓存预热脚本已上线，命中率下周就到 90%。")
    second.locator("button[type=submit]").click()
    page.locator(".app-messages .alert-success").wait_for()
    assert sorted(SelfAssessment.objects.values_list("key_result__ref", "score")) == [
        ("KR-BUILD", Decimal("0.6")), ("KR-CACHE", Decimal("0.9"))]

    manager = open_as(browser, live_server, "alice@acme.test")
    manager.goto("/cycles/NOW/reviews/")
    agreed = SelfAssessment.objects.get(key_result=quick)
    adjusted = SelfAssessment.objects.get(key_result=cache)
    manager.locator(f"#assessment-{agreed.pk} button[value=agree]").click()
    manager.locator(".app-messages .alert-success").wait_for()
    card = manager.locator(f"#assessment-{adjusted.pk}")
    card.locator("input[name=score]").fill("0.6")
    card.locator("textarea[name=comment]").fill("下周到了再改成 0.9，先按现在的 0.6 算。")
    card.locator("button[value=adjust]").click()
    manager.locator(".app-messages .alert-success").wait_for()
    assert manager.console_errors == []

    agreed.refresh_from_db()
    adjusted.refresh_from_db()
    assert agreed.review_state == ReviewState.AGREED
    assert (adjusted.review_state, adjusted.reviewed_score) == (ReviewState.ADJUSTED, Decimal("0.6"))

    page.reload()  # the member reads the review beside the self-assessment
    assert "下周到了再改成 0.9" in page.locator(f"#kr-{cache.pk}").inner_text()
    assert page.locator(f"#kr-{cache.pk} input[name=score]").count() == 0  # reviewed: it stands
    assert page.console_errors == [], (page.console_errors, page.failed_requests)
    manager.context.close()


def test_a_manager_sends_a_proposal_back_and_the_member_sees_why(page, browser, live_server, cycle, bob):
    plan(cycle, "set")
    draft = make_objective(cycle, owner=bob, title="让新人一周内独立上线", ref="O-ONBOARD",
                           status=ObjectiveStatus.DRAFT)
    make_key_result(draft, start=0, target=5, owner=bob, ref="KR-ONBOARD", title="写好 5 篇上手文档")
    states.propose(bob, draft)

    manager = open_as(browser, live_server, "alice@acme.test")
    waiting = manager.locator(".home-prompt[data-phase=set]", has_text="让新人一周内独立上线")
    waiting.locator(f"a[href='/objectives/{draft.pk}/']").click()
    manager.wait_for_url(f"**/objectives/{draft.pk}/")
    manager.locator("#consensus details > summary").click()
    manager.locator("#send-back-comment").fill("“独立上线”怎么衡量？写清楚从几天缩短到几天。")
    manager.locator("#consensus details button[type=submit]").click()
    manager.locator(".app-messages .alert-success").wait_for()
    assert Objective.objects.get(pk=draft.pk).status == ObjectiveStatus.DRAFT
    assert manager.console_errors == []
    manager.context.close()

    log_in(page, "bob@acme.test")
    prompt = page.locator(".home-prompt[data-phase=set]").first
    assert prompt.locator("[data-testid=prompt-count]").inner_text() == "1"  # his draft, back again
    prompt.locator("a.btn").click()
    page.wait_for_url("**/okrs/mine/")
    page.locator(f"a[href='/objectives/{draft.pk}/']").first.click()
    page.wait_for_url(f"**/objectives/{draft.pk}/")
    reason = page.locator("#sent-back")
    assert "Alice 王" in reason.inner_text()
    assert reason.locator("q").inner_text() == "“独立上线”怎么衡量？写清楚从几天缩短到几天。"
    assert page.locator("#consensus form[action$='/state/propose/']").is_visible()  # he may submit again
    assert page.console_errors == [], (page.console_errors, page.failed_requests)
