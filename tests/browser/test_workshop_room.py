"""The live room in two browsers against a real `okrflow serve` (tests/browser/served.py): the
facilitator presses "next" on the projector's screen and the participant's phone shows the new
item within a second, without a reload; a phone that slept, or was closed and opened again, lands
back on the current item, and so does one that went offline and came back."""

import time

import pytest

from okrflow.workshops import timer
from okrflow.workshops.models import Participant, Workshop
from tests.factories import make_org, make_person, make_unit
from tests.workshops.b1.conftest import make_workshop

pytestmark = [pytest.mark.browser]

NOW_IS = "() => document.querySelector('.room-now__title')?.textContent.trim() === '{}'"
LIVE = "() => document.querySelector('[data-live-url]')?.getAttribute('data-live-state') === 'live'"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}


@pytest.fixture
def meeting(transactional_db):
    # Committed rows (transactional_db): the server process reads them from the test database.
    org = make_org(slug="acme", name="Acme 科技")
    tech = make_unit(org, code="TECH", name="技术中心")
    alice = make_person(org, email="alice@acme.test", name="Alice 王", unit=tech, role="manager")
    bob = make_person(org, email="bob@acme.test", name="Bob 李", unit=tech, manager=alice)
    workshop = make_workshop(org, alice)          # 背景介绍 (talk) → 年度目标 (co-creation) → 茶歇
    Participant.objects.create(organization=org, workshop=workshop, person=bob)
    timer.start_meeting(alice, workshop)
    return workshop, alice, bob


def open_room(screens, room_server, meeting):
    workshop, alice, bob = meeting
    projector = screens(room_server, alice, **DESKTOP)
    phone = screens(room_server, bob, **PHONE)
    projector.goto(f"/workshops/{workshop.pk}/room/screen/")
    phone.goto(f"/workshops/{workshop.pk}/room/")
    assert phone.locator(".room-now__title").inner_text() == "背景介绍"
    phone.locator(".room-talk").wait_for()                  # the talk panel has loaded
    for page in (projector, phone):
        page.wait_for_function(LIVE, timeout=5000)          # the live stream is open
    return projector, phone


def current_title(workshop):
    return Workshop.objects.select_related("current_item").get(pk=workshop.pk).current_item.title


def test_the_participant_follows_the_facilitators_next_within_a_second(screens, room_server, meeting):
    projector, phone = open_room(screens, room_server, meeting)

    projector.locator('[data-control="next"]').click()
    pressed = time.monotonic()
    phone.wait_for_function(NOW_IS.format("年度目标"), timeout=5000)
    followed = time.monotonic() - pressed
    assert followed < 1.0, f"the participant's screen followed after {followed:.2f} s"
    # the countdown runs from the new item's stored end, and neither page was reloaded
    assert phone.locator("[data-countdown]").get_attribute("data-state") == "running"
    assert projector.locator(".room-now__title").inner_text() == "年度目标"
    assert current_title(meeting[0]) == "年度目标"
    assert (projector.loads, phone.loads) == (1, 1), "a screen was reloaded"
    assert projector.errors == [] and phone.errors == []


# The phone's screen goes dark: the browser says the page is hidden (what Chromium does when a
# phone sleeps or the tab goes to the background; headless Chromium never hides a page itself).
VISIBILITY = """(state) => {
  Object.defineProperty(document, "visibilityState", {configurable: true, get: () => state});
  Object.defineProperty(document, "hidden", {configurable: true, get: () => state === "hidden"});
  document.dispatchEvent(new Event("visibilitychange"));
}"""


def test_a_phone_that_slept_lands_back_on_the_current_item_without_a_reload(screens, room_server, meeting):
    projector, phone = open_room(screens, room_server, meeting)

    phone.evaluate(VISIBILITY, "hidden")                    # live.js closes its stream
    assert phone.evaluate("document.querySelector('[data-live-url]').dataset.liveState") == "paused"
    for title in ("年度目标", "茶歇"):
        projector.locator('[data-control="next"]').click()
        projector.wait_for_function(NOW_IS.format(title), timeout=5000)
    phone.wait_for_timeout(300)
    assert phone.locator(".room-now__title").inner_text() == "背景介绍"      # it slept through both

    phone.evaluate(VISIBILITY, "visible")                   # it wakes: reconnects from its last event
    woke = time.monotonic()
    phone.wait_for_function(NOW_IS.format("茶歇"), timeout=5000)
    caught_up = time.monotonic() - woke
    assert caught_up < 2.0, f"the phone caught up {caught_up:.2f} s after it woke"
    phone.wait_for_function(LIVE, timeout=5000)
    assert phone.locator("[data-countdown]").get_attribute("data-state") == "running"
    assert phone.loads == 1, "the phone was reloaded"
    assert phone.errors == []


def test_a_phone_that_was_offline_lands_back_on_the_current_item_without_a_reload(
        screens, room_server, meeting):
    projector, phone = open_room(screens, room_server, meeting)

    phone.context.set_offline(True)
    for title in ("年度目标", "茶歇"):
        projector.locator('[data-control="next"]').click()
        projector.wait_for_function(NOW_IS.format(title), timeout=5000)
    phone.wait_for_timeout(500)
    assert phone.locator(".room-now__title").inner_text() == "背景介绍"      # its fetches failed

    phone.context.set_offline(False)                        # fires `online`
    phone.wait_for_function(NOW_IS.format("茶歇"), timeout=3000)
    phone.wait_for_function(LIVE, timeout=5000)
    assert phone.locator("[data-countdown]").get_attribute("data-state") == "running"
    assert phone.loads == 1, "the phone was reloaded"


def test_a_phone_closed_and_opened_again_lands_on_the_current_item(screens, room_server, meeting):
    workshop = meeting[0]
    projector, phone = open_room(screens, room_server, meeting)
    context = phone.context
    phone.close()                                           # the phone sleeps, the tab is gone

    projector.locator('[data-control="next"]').click()
    projector.wait_for_function(NOW_IS.format("年度目标"), timeout=5000)

    again = context.new_page()                              # the same session opens the room again
    again.goto(f"/workshops/{workshop.pk}/room/")
    assert again.locator(".room-now__title").inner_text() == "年度目标"
    assert again.locator("[data-countdown]").get_attribute("data-state") == "running"
    again.wait_for_function(LIVE, timeout=5000)
    again.locator("#cc-panel").wait_for(timeout=5000)       # the current item's panel: co-creation
