"""One fan-out per app-server process: the open live streams of each meeting, and the single
reader that turns an announcement (hub) into rows read ONCE from the event log and handed to every
stream of that meeting — never one query per stream per event, and one database connection for
all of them (the reader's thread).

The streams live in an asyncio event loop (the ASGI worker's); the hub calls us from any thread, so
rows are read in the reader's own thread and handed over with `loop.call_soon_threadsafe`.
"""

import asyncio
import itertools
import threading
from collections import defaultdict, deque

from okrflow.workshops import hub
from okrflow.workshops.live import sse

# Rows read at most per meeting and pass (a screen further behind catches up on the next pass).
BATCH = 500
# Ids a stream remembers having had (an event whose transaction commits after a later one's).
REMEMBERED = 1000
# Every open meeting's log is read again this often even without an announcement: an announcement
# lost on the way (Redis restarting, a listener reconnecting) costs a few seconds, never an event.
SWEEP_SECONDS = 5.0


class Stream:
    """One open live connection: a queue of SSE frames in its event loop."""

    _ids = itertools.count(1)

    def __init__(self, workshop_id: int, last_id: int, loop):
        self.key = next(self._ids)
        self.workshop_id = workshop_id
        self.loop = loop
        self.queue: asyncio.Queue = asyncio.Queue()
        self.queued_upto = last_id     # the reader's mark: rows up to here were handed over
        self._recent = Recent()

    def hand_over(self, items):
        items = [item for item in items if self._recent.add(item[0])]
        if items:
            self.loop.call_soon_threadsafe(self.queue.put_nowait, items)

    def __hash__(self):
        return self.key


class Recent:
    """A bounded set of ids: `add` says whether the id is new."""

    def __init__(self, size: int = REMEMBERED):
        self._order = deque()
        self._ids = set()
        self._size = size

    def add(self, key) -> bool:
        if key in self._ids:
            return False
        self._ids.add(key)
        self._order.append(key)
        if len(self._order) > self._size:
            self._ids.discard(self._order.popleft())
        return True


class Fanout:
    def __init__(self, sweep_seconds: float = SWEEP_SECONDS):
        self._streams: dict[int, set[Stream]] = defaultdict(set)
        self._lock = threading.Lock()
        self._dirty: set[int] = set()
        self._announced: dict[int, set[int]] = defaultdict(set)
        self._wake = threading.Condition(self._lock)
        self._sweep_seconds = sweep_seconds
        self._thread = None
        self._stopping = False
        self.passes = 0                # how many reads of the log (tests: one per event, not per stream)

    # --- the streams' side (event loop) -------------------------------------------------------
    def open(self, workshop_id: int, last_id: int) -> Stream:
        stream = Stream(workshop_id, last_id, asyncio.get_running_loop())
        with self._lock:
            self._streams[workshop_id].add(stream)
        self._start()
        return stream

    def close(self, stream: Stream) -> None:
        with self._lock:
            streams = self._streams.get(stream.workshop_id)
            if streams is not None:
                streams.discard(stream)
                if not streams:
                    del self._streams[stream.workshop_id]

    def open_count(self, workshop_id: int | None = None) -> int:
        with self._lock:
            if workshop_id is not None:
                return len(self._streams.get(workshop_id, ()))
            return sum(len(streams) for streams in self._streams.values())

    # --- the hub's side (any thread) ----------------------------------------------------------
    def on_announce(self, workshop_id, event_id) -> None:
        with self._lock:
            if workshop_id in self._streams:
                self._dirty.add(workshop_id)
                if event_id is not None:
                    self._announced[workshop_id].add(int(event_id))
                self._wake.notify()

    # --- the reader (one thread) --------------------------------------------------------------
    def _start(self):
        with self._lock:
            if self._thread is not None:
                return
            self._thread = threading.Thread(target=self._run, name="okrflow-live-fanout", daemon=True)
            self._thread.start()
        hub.subscribe(self.on_announce)

    def stop(self):
        hub.unsubscribe(self.on_announce)
        with self._lock:
            self._stopping = True
            self._wake.notify()
        if self._thread is not None:
            self._thread.join(timeout=3)

    def _run(self):
        from django.db import close_old_connections, connection

        try:
            while True:
                with self._lock:
                    if not self._dirty and not self._stopping and not self._wake.wait(self._sweep_seconds):
                        self._dirty.update(self._streams)          # the sweep
                    if self._stopping:
                        return
                    batch, self._dirty = self._dirty, set()
                    announced, self._announced = self._announced, defaultdict(set)
                if batch:
                    close_old_connections()
                    for workshop_id in sorted(batch):
                        self._read_and_hand_over(workshop_id, announced.get(workshop_id, set()))
        finally:
            connection.close()

    def _read_and_hand_over(self, workshop_id: int, announced: set[int]):
        """One query for every stream of the meeting: the rows after the stream furthest behind,
        and an announced row below that mark (its transaction committed after a later one's)."""
        from django.db.models import Q

        from okrflow.workshops.models import Event

        with self._lock:
            streams = list(self._streams.get(workshop_id, ()))
        if not streams:
            return
        after = min(stream.queued_upto for stream in streams)
        late = {event_id for event_id in announced if event_id <= max(s.queued_upto for s in streams)}
        condition = Q(id__gt=after) | Q(id__in=late) if late else Q(id__gt=after)
        rows = list(Event.objects.filter(condition, workshop_id=workshop_id).order_by("id")[:BATCH])
        self.passes += 1
        if not rows:
            return
        frames = [(row.id, sse.frame(sse.event_dict(row))) for row in rows]
        if sum(1 for row in rows if row.id > after) == BATCH:
            with self._lock:
                self._dirty.add(workshop_id)                      # more to read on the next pass
        for stream in streams:
            items = [item for item in frames if item[0] > stream.queued_upto or item[0] in late]
            if items:
                stream.queued_upto = max(stream.queued_upto, max(item[0] for item in items))
                stream.hand_over(items)


_fanout = None
_fanout_lock = threading.Lock()


def fanout() -> Fanout:
    global _fanout
    with _fanout_lock:
        if _fanout is None:
            _fanout = Fanout()
        return _fanout


def reset() -> None:
    """Stop this process's fan-out (tests)."""
    global _fanout
    with _fanout_lock:
        old, _fanout = _fanout, None
    if old is not None:
        old.stop()
