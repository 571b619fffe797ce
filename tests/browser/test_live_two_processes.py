"""The live room across two app-server processes (issue 10's Done-when): PostgreSQL, Redis and two
`okrflow serve` processes on two ports against the same database. The facilitator's projector
screen is served by the first, the participant's phone by the second. The facilitator advances
the agenda and the phone shows the new item within a second without a reload; the participant
adds a card and the projector shows it (its count: the room is still writing, so the text stays
private) within a second."""

import time

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.urls import NoReverseMatch, reverse

from okrflow.workshops import timer
from okrflow.workshops.models import Card, Participant
from tests.factories import make_org, make_person, make_unit
from tests.workshops.b1.conftest import make_workshop
from tests.workshops.b2.conftest import redis_url, serve_processes  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def session_of(person) -> str:
    session = SessionStore()
    session[SESSION_KEY] = str(person.pk)
    session[BACKEND_SESSION_KEY] = "okrflow.org.auth.EmailBackend"
    session[HASH_SESSION_KEY] = person.get_session_auth_hash()
    session["_okrflow_touched"] = int(time.time())
    session.create()
    return session.session_key


@pytest.fixture
def meeting(transactional_db):
    org = make_org(slug="acme", name="Acme 科技")
    tech = make_unit(org, code="TECH", name="技术中心")
    alice = make_person(org, email="alice@acme.test", name="Alice 王", unit=tech, role="manager")
    bob = make_person(org, email="bob@acme.test", name="Bob 李", unit=tech, manager=alice)
    workshop = make_workshop(org, alice)          # 背景介绍 (talk) → 年度目标 (co-creation) → 茶歇
    Participant.objects.create(organization=org, workshop=workshop, person=bob)
    timer.start_meeting(alice, workshop)
    return workshop, alice, bob


@pytest.fixture(autouse=True)
def room_screens():
    try:
        reverse("workshop_screen", args=[1]), reverse("workshop_room", args=[1])
    except NoReverseMatch:
        pytest.skip("the room's screens (B1: workshop_room, workshop_screen) are not there yet")


def screen_of(browser, server, person, **options):
    """A browser context of its own, logged in as `person`, talking to `server` only."""
    context = browser.new_context(base_url=server.url, locale="zh-CN", **options)
    context.add_cookies([{"name": "sessionid", "value": session_of(person), "url": server.url}])
    page = context.new_page()
    page.errors = []
    page.on("console", lambda msg: msg.type == "error" and page.errors.append(msg.text))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("response", lambda r: r.status >= 400 and page.errors.append(f"{r.status} {r.url}"))
    page.loads = 0
    page.on("load", lambda _: setattr(page, "loads", page.loads + 1))
    return page


def test_two_processes_the_phone_follows_the_projector_and_the_projector_sees_the_phones_card_within_a_second(
        browser, redis_url, serve_processes, meeting):  # noqa: F811
    workshop, alice, bob = meeting
    first, second = serve_processes(redis_url), serve_processes(redis_url)
    assert first.port != second.port
    projector = screen_of(browser, first, alice, viewport={"width": 1280, "height": 800})
    phone = screen_of(browser, second, bob, viewport={"width": 390, "height": 844}, is_mobile=True,
                      has_touch=True)
    projector.goto(f"/workshops/{workshop.pk}/room/screen/")
    phone.goto(f"/workshops/{workshop.pk}/room/")
    assert phone.locator(".room-now__title").inner_text() == "背景介绍"
    phone.locator(".room-talk").wait_for()                  # the talk panel has loaded
    projector.wait_for_timeout(700)                         # both live connections settle

    projector.locator('[data-control="next"]').click()
    pressed = time.monotonic()
    phone.wait_for_function(
        "() => document.querySelector('.room-now__title').textContent.trim() === '年度目标'", timeout=5000)
    followed = time.monotonic() - pressed
    assert followed < 1.0, f"the phone (process 2) followed the projector (process 1) after {followed:.2f} s"

    draft = phone.locator("#cc-draft")                      # the co-creation panel replaced the talk
    draft.wait_for(timeout=5000)
    projector.locator("[data-cc-total]").wait_for(timeout=5000)
    assert projector.locator("[data-cc-total]").get_attribute("data-cc-total") == "0"
    draft.fill("新客户三天内上手")
    phone.locator(".cc-write button[type=submit]").click()
    added = time.monotonic()
    projector.wait_for_function(
        "() => document.querySelector('[data-cc-total]')?.dataset.ccTotal === '1'", timeout=5000)
    seen = time.monotonic() - added
    assert seen < 1.0, f"the projector (process 1) showed the phone's card (process 2) after {seen:.2f} s"

    assert list(Card.objects.filter(workshop=workshop).values_list("text", flat=True)) == ["新客户三天内上手"]
    assert "新客户三天内上手" not in projector.locator("#cc-panel").inner_text()   # private while writing
    assert (projector.loads, phone.loads) == (1, 1), "a screen was reloaded"
    assert projector.errors == [] and phone.errors == []
