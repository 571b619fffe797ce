"""Live rooms across app-server processes (PostgreSQL + Redis): an event written through one
`okrflow serve` reaches a stream held by another within a second; and a server killed mid-meeting
comes back with the timer and the cards intact, its streams resuming from Last-Event-ID."""

import secrets
import time
import urllib.request

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from okrflow.workshops import log, timer, timing
from okrflow.workshops.models import AgendaItem, Card

pytestmark = pytest.mark.django_db(transaction=True)


def session_of(person):
    session = SessionStore()
    session[SESSION_KEY] = str(person.pk)
    session[BACKEND_SESSION_KEY] = "okrflow.org.auth.EmailBackend"
    session[HASH_SESSION_KEY] = person.get_session_auth_hash()
    session["_okrflow_touched"] = int(time.time())
    session.create()
    return session.session_key


def post(base_url, path, session_key, data=b""):
    """A form post as the browser sends it (session cookie, CSRF cookie and header)."""
    token = secrets.token_hex(16)
    request = urllib.request.Request(base_url + path, data=data, method="POST", headers={
        "Cookie": f"sessionid={session_key}; csrftoken={token}", "X-CSRFToken": token,
        "Content-Type": "application/x-www-form-urlencoded", "HX-Request": "true"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status


@pytest.fixture
def agenda(meeting):
    return [AgendaItem.objects.create(organization=meeting.organization, workshop=meeting, position=n,
                                      title=title, minutes=minutes)
            for n, (title, minutes) in enumerate([("Background", 10), ("Vision", 30)])]


def test_an_event_written_through_one_process_reaches_a_stream_on_another_within_a_second(
        live_redis, serve_processes, open_stream, meeting, agenda, alice, guest_session):
    start_path = reverse("workshop_timer", args=[meeting.pk, "start"])
    first, second = serve_processes(live_redis), serve_processes(live_redis)
    stream = open_stream(second.url, reverse("workshop_live", args=[meeting.pk]), guest_session)
    assert stream.status == 200 and stream.hello.wait(10)
    own = open_stream(first.url, reverse("workshop_live", args=[meeting.pk]), guest_session)
    assert own.hello.wait(10)

    written = time.monotonic()
    assert post(first.url, start_path, session_of(alice)) == 200
    event_id = log.last_event_id(meeting)
    arrived = stream.arrival_of(event_id, timeout=5)
    assert arrived is not None, "the event never reached the other process's stream"
    assert arrived - written < 1.0
    assert own.arrival_of(event_id, timeout=5) is not None
    assert stream.ids().count(event_id) == 1


def test_a_server_killed_mid_meeting_comes_back_with_the_timer_and_the_cards_and_its_streams_resume(
        live_redis, serve_processes, open_stream, meeting, agenda, alice, bob, guest_session):
    server = serve_processes(live_redis)
    path = reverse("workshop_live", args=[meeting.pk])
    stream = open_stream(server.url, path, guest_session)
    assert stream.hello.wait(10)
    timer.start_meeting(alice, meeting)
    started = log.last_event_id(meeting)
    assert stream.arrival_of(started, timeout=3) is not None
    seat = meeting.participants.get(person=bob)
    with transaction.atomic():
        card = Card.objects.create(organization=meeting.organization, workshop=meeting, agenda_item=agenda[0],
                                   author=seat, text="缩短构建时间到十分钟")
        log.record_event(meeting, "cards", "card_added", {"card": card.pk}, actor=seat)

    server.kill()                                         # a crash: no graceful end
    with transaction.atomic():                            # written while the server is down
        missed = log.record_event(meeting, "cards", "card_added", {"card": card.pk}, actor=seat)
    server.start()                                        # the same port, a new process

    resumed = open_stream(server.url, path, guest_session, last_event_id=started)
    assert resumed.arrival_of(missed.id, timeout=3) is not None
    assert [i for i in resumed.ids() if i > started] == [missed.id - 1, missed.id]
    item = AgendaItem.objects.get(pk=agenda[0].pk)
    left = timing.remaining_seconds(item, timezone.now())
    assert 0 < left <= 10 * 60 and left > 10 * 60 - 60   # the countdown goes on from the stored end
    assert list(Card.objects.filter(workshop=meeting).values_list("text", flat=True)) == [card.text]
    state_path = reverse("workshop_room_state", args=[meeting.pk])
    request = urllib.request.Request(server.url + state_path,
                                     headers={"Cookie": f"sessionid={guest_session}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200
