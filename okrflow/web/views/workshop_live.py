"""The live doors of a room: the event stream (Server-Sent Events, a truly async view: no OS thread
is held while a stream is open) and the polling fallback. Both resolve who asks with
`seats.room_actor` (guests too, so no `member_view`) and answer 404 to anyone who may not see the
meeting. What they send are the meeting's `Event` rows (ids and small values); each screen fetches
its own view of the changed part."""

import asyncio

from asgiref.sync import sync_to_async
from django.db import connection
from django.http import Http404, JsonResponse, StreamingHttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from okrflow.errors import NotFound
from okrflow.workshops import log
from okrflow.workshops.live import sse
from okrflow.workshops.live.fanout import Recent, fanout
from okrflow.workshops.seats import room_actor

# A comment line this often keeps proxies and phones from closing a quiet stream.
HEARTBEAT_SECONDS = 15
# The most events one poll answers (the script asks again at once when it got this many).
POLL_LIMIT = 200


def _actor(request, pk):
    try:
        return room_actor(request.user, request.session, pk)
    except NotFound:
        raise Http404() from None


def _start_of_stream(request, workshop):
    """Where the screen left off: Last-Event-ID (the browser's reconnect), or `?last=` (our script's
    own reconnect); without either, the present (the page it came from shows the state)."""
    last_id = sse.parse_last_id(request.headers.get("Last-Event-ID"))
    if last_id is None:
        last_id = sse.parse_last_id(request.GET.get("last"))
    if last_id is None:
        last_id = log.last_event_id(workshop)
    return last_id


def _without_connection(function):
    """`function` run, then this thread's database connection closed: an open stream must not hold
    one for the whole meeting (under the ASGI worker each request has a thread, and a connection,
    of its own; 60 open streams on two processes exhausted PostgreSQL's 100). The fan-out's one
    connection reads the new events for all of them."""

    def run(*args):
        try:
            return function(*args)
        finally:
            # Inside a transaction (a test's, or a caller's) the connection is not ours to close.
            if not connection.in_atomic_block:
                connection.close()

    return run


def _open_stream(request, pk):
    actor = _actor(request, pk)
    return actor, _start_of_stream(request, actor.workshop)


async def _stream(workshop, last_id: int):
    live = fanout()
    stream = live.open(workshop.pk, last_id)
    sent = Recent()
    try:
        yield sse.hello(last_id)
        # Opened before the replay is read: whatever commits meanwhile comes by the queue too.
        replay = await sync_to_async(_without_connection(log.events_after))(workshop, last_id)
        for event in replay:
            sent.add(event.id)
            yield sse.frame(sse.event_dict(event))
        while True:
            try:
                items = await asyncio.wait_for(stream.queue.get(), HEARTBEAT_SECONDS)
            except TimeoutError:
                yield sse.HEARTBEAT
                continue
            chunk = "".join(frame for event_id, frame in items if sent.add(event_id))
            if chunk:
                yield chunk
    finally:
        # The client went away (Django cancels the response) or the server is stopping.
        live.close(stream)


@require_GET
async def workshop_live(request, pk):
    """`/workshops/<pk>/live/`: the meeting's events as Server-Sent Events (`id:` the event id,
    `event:` its topic), replayed from Last-Event-ID after a reconnect, a heartbeat when quiet."""
    actor, last_id = await sync_to_async(_without_connection(_open_stream))(request, pk)
    response = StreamingHttpResponse(_stream(actor.workshop, last_id), content_type="text/event-stream")
    response["Cache-Control"] = "no-cache, no-transform"
    response["X-Accel-Buffering"] = "no"        # nginx: pass each event on at once
    return response


@require_GET
def workshop_live_poll(request, pk):
    """`/workshops/<pk>/live/poll/?after=<id>`: the events after `after` as JSON, for a screen whose
    stream cannot stay open. Without `after`, only where the log stands (`last_id`)."""
    actor = _actor(request, pk)
    raw = request.GET.get("after")
    if raw is None or raw == "":
        return JsonResponse({"events": [], "last_id": log.last_event_id(actor.workshop)})
    after = sse.parse_last_id(raw)
    if after is None:
        return JsonResponse({"code": "bad_after", "field": "after",
                             "message": _("The position in the meeting's log must be a whole number.")},
                            status=400)
    events = log.events_after(actor.workshop, after, limit=POLL_LIMIT)
    return JsonResponse({"events": [sse.event_dict(event) for event in events],
                         "last_id": events[-1].id if events else after,
                         "more": len(events) == POLL_LIMIT})
