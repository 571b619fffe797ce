"""The live stream of a room (`workshop_live`): events with their id and topic, replay from
Last-Event-ID, one read of the log per event for all of a meeting's streams, heartbeats, a clean
end when the client goes away; and the polling fallback (`workshop_live_poll`)."""

import asyncio
import json
import re
from pathlib import Path

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from django.db import transaction
from django.test import AsyncClient
from django.urls import reverse

from okrflow.web.views import workshop_live
from okrflow.workshops import log
from okrflow.workshops.live import fanout

pytestmark = pytest.mark.django_db(transaction=True)


def record(meeting, topic="cards", kind="card_added", payload=None):
    with transaction.atomic():
        return log.record_event(meeting, topic, kind, payload or {})


def messages(text):
    """The SSE messages of `text` as dicts of their fields."""
    found = []
    for block in text.split("\n\n"):
        fields = {}
        for line in block.split("\n"):
            if line and not line.startswith(":"):
                name, _, value = line.partition(":")
                fields[name] = value.lstrip(" ")
        if fields:
            found.append(fields)
    return found


class Reader:
    """An open stream read in a task of the test's event loop; `close` cancels it, as Django's ASGI
    handler cancels the response when the client goes away."""

    def __init__(self, response):
        self.response = response
        self.text = ""
        self.task = asyncio.ensure_future(self._read())

    async def _read(self):
        async for chunk in self.response.streaming_content:
            self.text += chunk.decode() if isinstance(chunk, bytes) else chunk

    async def until(self, condition, timeout=3.0):
        async def wait():
            while not condition(self.text):
                if self.task.done():
                    self.task.result()
                    raise AssertionError("the stream ended")
                await asyncio.sleep(0.01)
        await asyncio.wait_for(wait(), timeout)
        return messages(self.text)

    async def close(self):
        self.task.cancel()
        await asyncio.gather(self.task, return_exceptions=True)


async def open_stream(user, meeting, **headers):
    client = AsyncClient()
    if user is not None:
        await sync_to_async(client.force_login)(user)
    response = await client.get(reverse("workshop_live", args=[meeting.pk]), headers=headers)
    return response


def run(coroutine_function):
    return async_to_sync(coroutine_function)()


def test_a_stream_says_where_the_log_stands_then_sends_each_new_event_with_its_id_and_topic(meeting, bob):
    before = record(meeting, "agenda", "item_started")

    async def scenario():
        response = await open_stream(bob, meeting)
        assert response.status_code == 200
        assert response["Content-Type"] == "text/event-stream"
        assert response["X-Accel-Buffering"] == "no"
        reader = Reader(response)
        hello = await reader.until(lambda text: "live-hello" in text)
        assert json.loads(hello[0]["data"]) == {"last_id": before.id}
        event = await sync_to_async(record)(meeting, "cards", "card_added", {"card": 5})
        got = await reader.until(lambda text: f"id: {event.id}\n" in text)
        await reader.close()
        return got, event

    got, event = run(scenario)
    frames = [message for message in got if message.get("event") == "cards"]
    assert [frame["id"] for frame in frames] == [str(event.id)]
    data = json.loads(frames[0]["data"])
    assert (data["id"], data["topic"], data["kind"], data["payload"]) == (event.id, "cards", "card_added",
                                                                         {"card": 5})
    assert not any(message.get("id") == str(before.id) for message in got)   # no replay without a last id


def test_a_reconnecting_stream_replays_the_events_after_last_event_id_in_order(meeting, bob):
    first = record(meeting, "agenda", "item_started")
    missed = [record(meeting, "cards", "card_added"), record(meeting, "votes", "vote_cast")]

    async def scenario():
        reader = Reader(await open_stream(bob, meeting, **{"Last-Event-ID": str(first.id)}))
        got = await reader.until(lambda text: f"id: {missed[-1].id}\n" in text)
        await reader.close()
        return got

    got = run(scenario)
    assert [(m["id"], m["event"]) for m in got if "id" in m] == [(str(missed[0].id), "cards"),
                                                                  (str(missed[1].id), "votes")]


def test_the_script_s_own_reconnect_passes_the_last_id_in_the_query(meeting, bob):
    first = record(meeting)
    missed = record(meeting, "columns", "column_added")

    async def scenario():
        client = AsyncClient()
        await sync_to_async(client.force_login)(bob)
        response = await client.get(reverse("workshop_live", args=[meeting.pk]) + f"?last={first.id}")
        reader = Reader(response)
        got = await reader.until(lambda text: f"id: {missed.id}\n" in text)
        await reader.close()
        return got

    assert [m["event"] for m in run(scenario) if "id" in m] == ["columns"]


def test_a_meaningless_last_event_id_starts_from_the_present_instead_of_failing(meeting, bob):
    current = record(meeting)

    async def scenario():
        reader = Reader(await open_stream(bob, meeting, **{"Last-Event-ID": "abc"}))
        got = await reader.until(lambda text: "live-hello" in text)
        await reader.close()
        return got

    assert json.loads(run(scenario)[0]["data"]) == {"last_id": current.id}


def test_every_stream_of_a_meeting_gets_an_event_from_one_read_of_the_log(meeting, bob):
    streams = 12

    async def scenario():
        readers = [Reader(await open_stream(bob, meeting)) for _ in range(streams)]
        for reader in readers:
            await reader.until(lambda text: "live-hello" in text)
        live = fanout.fanout()
        assert live.open_count(meeting.pk) == streams
        passes = live.passes
        event = await sync_to_async(record)(meeting)
        for reader in readers:
            await reader.until(lambda text, eid=event.id: f"id: {eid}\n" in text)
        reads = live.passes - passes
        for reader in readers:
            await reader.close()
        return reads, live.open_count(meeting.pk)

    reads, still_open = run(scenario)
    assert reads == 1
    assert still_open == 0          # every stream left the fan-out when its client went away


def test_a_quiet_stream_sends_heartbeats(meeting, bob, monkeypatch):
    monkeypatch.setattr(workshop_live, "HEARTBEAT_SECONDS", 0.05)

    async def scenario():
        reader = Reader(await open_stream(bob, meeting))
        await reader.until(lambda text: text.count(": ping") >= 2)
        await reader.close()

    run(scenario)


def test_a_guest_follows_the_stream_of_their_meeting(client, meeting, guest_session, settings):
    event = record(meeting)

    async def scenario():
        async_client = AsyncClient()
        async_client.cookies[settings.SESSION_COOKIE_NAME] = guest_session
        response = await async_client.get(reverse("workshop_live", args=[meeting.pk]),
                                          headers={"Last-Event-ID": "0"})
        reader = Reader(response)
        got = await reader.until(lambda text: f"id: {event.id}\n" in text)
        await reader.close()
        return response.status_code, got

    status, got = run(scenario)
    assert status == 200 and any(m.get("id") == str(event.id) for m in got)


@pytest.mark.parametrize("who", ["carol", "mallory", "anonymous"])
def test_someone_who_may_not_see_the_meeting_gets_404_from_the_stream_and_the_poll(request, client, meeting,
                                                                                   who):
    user = None if who == "anonymous" else request.getfixturevalue(who)
    record(meeting)

    async def scenario():
        return (await open_stream(user, meeting)).status_code

    assert run(scenario) == 404
    if user is not None:
        client.force_login(user)
    assert client.get(reverse("workshop_live_poll", args=[meeting.pk]), {"after": 0}).status_code == 404
    assert fanout.fanout().open_count() == 0


def test_the_poll_returns_the_events_after_an_id_as_json(client, meeting, bob):
    first, second = record(meeting), record(meeting, "votes", "vote_cast")
    third = record(meeting, "agenda", "paused")
    client.force_login(bob)
    body = client.get(reverse("workshop_live_poll", args=[meeting.pk]), {"after": first.id}).json()
    assert [(e["id"], e["topic"], e["kind"]) for e in body["events"]] == [(second.id, "votes", "vote_cast"),
                                                                        (third.id, "agenda", "paused")]
    assert body["last_id"] == third.id and body["more"] is False
    assert client.get(reverse("workshop_live_poll", args=[meeting.pk]), {"after": third.id}).json() == {
        "events": [], "last_id": third.id, "more": False}


def test_the_poll_without_a_position_says_where_the_log_stands(client, meeting, bob):
    last = record(meeting)
    client.force_login(bob)
    assert client.get(reverse("workshop_live_poll", args=[meeting.pk])).json() == {"events": [],
                                                                                   "last_id": last.id}


def test_the_poll_refuses_a_position_that_is_not_a_number_with_a_message(client, meeting, bob):
    client.force_login(bob)
    response = client.get(reverse("workshop_live_poll", args=[meeting.pk]), {"after": "1; drop"})
    assert response.status_code == 400
    assert response.json() == {"code": "bad_after", "field": "after",
                               "message": "The position in the meeting's log must be a whole number."}


def test_the_live_script_listens_to_every_topic_of_the_log():
    script = (Path(__file__).resolve().parents[3] / "okrflow/static/okrflow/live.js").read_text()
    listed = re.search(r"var TOPICS = \[(.*?)\];", script, re.S).group(1)
    assert set(re.findall(r'"(\w+)"', listed)) == set(log.TOPICS)
