"""Fan-out of "something happened in workshop W (event id E)" to the live connections of every
app-server process. The event log (`log.py`, the `Event` table) is the truth; the hub only wakes
listeners up. Backends: in-process (the embedded default, one process), and across processes an
existing engine (Redis pub/sub or PostgreSQL LISTEN/NOTIFY) — see `docs/architecture.md`.

This module is the one door: services never call a backend directly.
"""

import threading

_listeners: list = []
_lock = threading.Lock()


def subscribe(callback) -> None:
    """`callback(workshop_id, event_id)` is called for every announcement in this process."""
    with _lock:
        _listeners.append(callback)


def unsubscribe(callback) -> None:
    with _lock:
        if callback in _listeners:
            _listeners.remove(callback)


def announce(workshop_id: int, event_id: int) -> None:
    """Wake every listener (called after commit by log.record_event)."""
    with _lock:
        listeners = list(_listeners)
    for callback in listeners:
        callback(workshop_id, event_id)
