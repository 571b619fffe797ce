"""Fan-out of "something happened in workshop W (event id E)" to the live connections of every
app-server process. The event log (`log.py`, the `Event` table) is the truth; the hub only wakes
listeners up. Backends: in-process (the embedded default, one process), and across processes an
existing engine, Redis pub/sub, when `REDIS_URL` is set — see `docs/architecture.md`.

This module is the one door: services never call a backend directly. An announcement that a
process misses (Redis restarting, a listener reconnecting) is not lost: the live streams read the
table again every few seconds (`live/fanout.py`), and a reconnecting screen replays from its last id.
"""

import logging
import threading
import time

from django.conf import settings

log = logging.getLogger(__name__)

_listeners: list = []
_lock = threading.Lock()
_backend = None


def subscribe(callback) -> None:
    """`callback(workshop_id, event_id)` is called for every announcement in this process (from any
    thread: the committing request's, or the process's one Redis listener)."""
    with _lock:
        _listeners.append(callback)
    backend().listen()


def unsubscribe(callback) -> None:
    with _lock:
        if callback in _listeners:
            _listeners.remove(callback)


def announce(workshop_id: int, event_id: int) -> None:
    """Wake every listener of every process (called after commit by log.record_event)."""
    backend().publish(int(workshop_id), int(event_id))


def deliver(workshop_id: int, event_id: int) -> None:
    """Wake this process's listeners (the backends call it)."""
    with _lock:
        listeners = list(_listeners)
    for callback in listeners:
        callback(workshop_id, event_id)


def backend():
    """The backend for this process, chosen once from the settings (`reset()` chooses again)."""
    global _backend
    with _lock:
        if _backend is None:
            url = getattr(settings, "REDIS_URL", "")
            _backend = RedisBackend(url) if url else InProcessBackend()
        return _backend


def reset() -> None:
    """Stop the backend's listener and choose again on next use (tests, settings changes)."""
    global _backend
    with _lock:
        old, _backend = _backend, None
    if old is not None:
        old.stop()


class InProcessBackend:
    """One process (the embedded default on SQLite): the announcement is delivered directly."""

    name = "in-process"

    def publish(self, workshop_id, event_id):
        deliver(workshop_id, event_id)

    def listen(self):
        pass

    def stop(self):
        pass


def channel_name() -> str:
    """One channel per database, so that two installations (or two test databases) sharing a Redis
    never wake each other."""
    from django.db import connections

    return f"okrflow:workshops:{connections['default'].settings_dict['NAME']}"


class RedisBackend:
    """Redis pub/sub: `announce` publishes "workshop_id:event_id"; one listener thread per process
    reads each announcement once and delivers it to the process's listeners."""

    name = "redis"
    RECONNECT_SECONDS = (0.2, 0.5, 1, 2, 5)

    def __init__(self, url: str):
        import redis

        self.url = url
        self.channel = channel_name()
        self.client = redis.Redis.from_url(url, socket_timeout=5, socket_connect_timeout=5,
                                           health_check_interval=30)
        self._thread = None
        self._stopping = threading.Event()
        self.subscribed = threading.Event()

    def publish(self, workshop_id, event_id):
        import redis

        try:
            self.client.publish(self.channel, f"{workshop_id}:{event_id}")
        except redis.RedisError as error:
            # The event is committed and stays in the table: this process's screens get it now,
            # the other processes' screens at their next read of the table.
            log.warning("live hub: could not publish to Redis (%s); delivering in this process only", error)
            deliver(workshop_id, event_id)

    def listen(self):
        with _lock:
            if self._thread is not None and self._thread.is_alive():
                return
            self._thread = threading.Thread(target=self._run, name="okrflow-live-redis", daemon=True)
            self._thread.start()

    def stop(self):
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout=3)
        self.client.close()

    def _run(self):
        import redis

        failures = 0
        while not self._stopping.is_set():
            pubsub = self.client.pubsub(ignore_subscribe_messages=True)
            try:
                pubsub.subscribe(self.channel)
                self.subscribed.set()
                failures = 0
                while not self._stopping.is_set():
                    message = pubsub.get_message(timeout=1.0)
                    if message is not None:
                        self._handle(message.get("data"))
            except redis.RedisError as error:
                self.subscribed.clear()
                delay = self.RECONNECT_SECONDS[min(failures, len(self.RECONNECT_SECONDS) - 1)]
                failures += 1
                log.warning("live hub: Redis listener lost (%s); reconnecting in %ss", error, delay)
                self._stopping.wait(delay)
            finally:
                pubsub.close()

    @staticmethod
    def _handle(data):
        try:
            workshop_id, event_id = (int(part) for part in bytes(data).decode().split(":"))
        except (TypeError, ValueError):
            log.warning("live hub: ignored a malformed announcement %r", data)
            return
        deliver(workshop_id, event_id)


def wait_until_listening(timeout: float = 5.0) -> bool:
    """True once this process's listener is ready to receive (always at once in-process)."""
    current = backend()
    if not isinstance(current, RedisBackend):
        return True
    current.listen()
    deadline = time.monotonic() + timeout
    return current.subscribed.wait(max(0.0, deadline - time.monotonic()))
