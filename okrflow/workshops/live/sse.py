"""The wire format of the live stream (Server-Sent Events) and of the polling fallback."""

import json

# How long the browser waits before it reconnects on its own (our script handles its own backoff).
RETRY_MS = 3000


def event_dict(event) -> dict:
    """What a screen receives for one `Event` row: ids and small values only (see log.py)."""
    return {"id": event.id, "topic": event.topic, "kind": event.kind, "payload": event.payload,
            "at": int(event.created_at.timestamp() * 1000)}


def frame(data: dict) -> str:
    """One SSE message: `id:` is the event id (the browser sends it back as Last-Event-ID),
    `event:` the topic the screens listen to."""
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return f"id: {data['id']}\nevent: {data['topic']}\ndata: {body}\n\n"


def hello(last_id: int) -> str:
    """The first message of a stream: where the stream starts (the script's polling fallback and
    reconnects continue from it)."""
    return f"retry: {RETRY_MS}\nevent: live-hello\ndata: {json.dumps({'last_id': last_id})}\n\n"


HEARTBEAT = ": ping\n\n"


def parse_last_id(value) -> int | None:
    """A Last-Event-ID or `?after=` value as an id, None when absent or not a plain number."""
    if value is None:
        return None
    value = str(value).strip()
    if not value.isascii() or not value.isdigit() or len(value) > 18:
        return None
    return int(value)
