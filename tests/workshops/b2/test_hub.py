"""The hub behind `subscribe/announce`: in-process on the embedded default, Redis pub/sub across
processes when REDIS_URL is set (a real redis-server started by the test)."""

import threading

import pytest

from okrflow.workshops import hub


class Heard:
    def __init__(self):
        self.calls = []
        self.arrived = threading.Event()

    def __call__(self, workshop_id, event_id):
        self.calls.append((workshop_id, event_id))
        self.arrived.set()


@pytest.fixture
def heard():
    listener = Heard()
    hub.subscribe(listener)
    yield listener
    hub.unsubscribe(listener)


def test_without_redis_an_announcement_is_delivered_in_this_process(settings, heard, db):
    settings.REDIS_URL = ""
    hub.reset()
    hub.announce(7, 42)
    assert hub.backend().name == "in-process"
    assert heard.calls == [(7, 42)]


def test_an_announcement_through_redis_reaches_the_listener_of_another_process(live_redis, db):
    listener = Heard()
    hub.subscribe(listener)
    assert hub.wait_until_listening(5)
    other_process = hub.RedisBackend(live_redis)      # another app server's hub: its own connection
    try:
        other_process.publish(7, 42)
        assert listener.arrived.wait(1.0)
    finally:
        other_process.stop()
        hub.unsubscribe(listener)
    assert hub.backend().name == "redis"
    assert listener.calls == [(7, 42)]


def test_each_process_hears_an_announcement_once_through_its_one_listener(live_redis, db):
    first, second = Heard(), Heard()
    hub.subscribe(first)
    hub.subscribe(second)
    assert hub.wait_until_listening(5)
    hub.announce(3, 9)
    assert first.arrived.wait(1.0) and second.arrived.wait(1.0)
    threads = [t for t in threading.enumerate() if t.name == "okrflow-live-redis"]
    hub.unsubscribe(first)
    hub.unsubscribe(second)
    assert first.calls == second.calls == [(3, 9)]
    assert len(threads) == 1


def test_two_databases_sharing_a_redis_never_wake_each_other(live_redis, db, settings):
    assert hub.channel_name().endswith(settings.DATABASES["default"]["NAME"])


def test_a_redis_that_is_down_still_delivers_in_this_process(settings, heard, db, monkeypatch):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"          # nothing listens on port 1
    hub.reset()
    monkeypatch.setattr(hub.RedisBackend, "listen", lambda self: None)   # no listener retrying meanwhile
    hub.announce(5, 11)
    assert hub.backend().name == "redis"
    assert heard.calls == [(5, 11)]


def test_a_malformed_announcement_is_ignored(heard):
    hub.RedisBackend._handle(b"not-an-announcement")
    hub.RedisBackend._handle(b"4:5")
    assert heard.calls == [(4, 5)]
