"""The live room in two browsers: the facilitator presses "next" on the projector's screen and
the participant's phone shows the new item within a second, without a reload."""

import time

import pytest

from okrflow.workshops import timer
from okrflow.workshops.models import Participant
from tests.factories import PASSWORD, make_org, make_person, make_unit
from tests.workshops.b1.conftest import make_workshop

pytestmark = [pytest.mark.browser]


@pytest.fixture
def meeting(transactional_db):
    # Committed rows (transactional_db), so the live server's thread sees them.
    org = make_org(slug="acme", name="Acme 科技")
    tech = make_unit(org, code="TECH", name="技术中心")
    alice = make_person(org, email="alice@acme.test", name="Alice 王", unit=tech, role="manager")
    bob = make_person(org, email="bob@acme.test", name="Bob 李", unit=tech, manager=alice)
    workshop = make_workshop(org, alice)
    Participant.objects.create(organization=org, workshop=workshop, person=bob)
    timer.start_meeting(alice, workshop)
    return workshop


def logged_in(browser, live_server, email, **options):
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", **options)
    page = context.new_page()
    page.goto("/login/")
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#login-submit").click()
    page.wait_for_url("**/")
    return page


def test_the_participant_follows_the_facilitators_next_within_a_second(browser, live_server, meeting):
    facilitator = logged_in(browser, live_server, "alice@acme.test", viewport={"width": 1280, "height": 800})
    participant = logged_in(browser, live_server, "bob@acme.test", viewport={"width": 390, "height": 844},
                            is_mobile=True, has_touch=True)
    errors = []
    participant.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    facilitator.goto(f"/workshops/{meeting.pk}/room/screen/")
    participant.goto(f"/workshops/{meeting.pk}/room/")
    title = participant.locator(".room-now__title")
    assert title.inner_text() == "背景介绍"
    participant.locator(".room-talk").wait_for()          # the panel has loaded
    participant.wait_for_timeout(500)                      # the live connection settles

    facilitator.locator('[data-control="next"]').click()
    pressed = time.monotonic()
    participant.wait_for_function(
        "() => document.querySelector('.room-now__title').textContent.trim() === '年度目标'", timeout=5000)
    followed = time.monotonic() - pressed
    assert followed < 1.0, f"the participant's screen followed after {followed:.2f} s"
    # the countdown runs from the new item's stored end, and the page was not reloaded
    assert participant.locator("[data-countdown]").get_attribute("data-state") == "running"
    assert facilitator.locator(".room-now__title").inner_text() == "年度目标"
    assert errors == []
