"""The agenda's clock, as plain arithmetic over the stored timer (no database, no process state).

An agenda item that runs stores its absolute end (`ends_at`); a paused one the seconds it had
left (`paused_remaining`, negative when it was paused after overrunning); a finished one its real
duration (`actual_seconds`). From those and `now` this module answers what the screens show: the
seconds left on the current item (negative: overrun), the planned start and end of every later
item and the re-estimated end of the meeting — the rest of the plan starts when the current item
ends, or now if it has already overrun, so the estimate never ends before now plus the planned
minutes still ahead.

The agenda is timed by its leaves: an item with steps ("annual objectives, 30 min" = "groups
write, 15" + "consolidate, 15") is run through its steps, in place of itself (`running_order`).
"""

import datetime
import math
from dataclasses import dataclass

# A running item shows "ending soon" in its last minute (the projector's amber before red).
ENDING_SOON_SECONDS = 60

PENDING, RUNNING, PAUSED, DONE, SKIPPED = "pending", "running", "paused", "done", "skipped"
FINISHED = frozenset({DONE, SKIPPED})


@dataclass(frozen=True)
class ItemTiming:
    """One item's place on the clock. `planned_start`/`planned_end` are the real start and end
    for a finished item, the stored start and the expected end for the current one, and the
    estimate for a later one (None for a skipped item that never ran)."""

    id: int
    state: str
    planned_seconds: int
    planned_start: datetime.datetime | None
    planned_end: datetime.datetime | None
    remaining: int | None          # seconds left on the current item; None for the others
    actual_seconds: int | None

    @property
    def overrun(self) -> int:
        """Seconds past the end (0 when not overrun)."""
        return -self.remaining if self.remaining is not None and self.remaining < 0 else 0


@dataclass(frozen=True)
class Plan:
    items: tuple[ItemTiming, ...]
    current: ItemTiming | None
    estimated_end: datetime.datetime | None

    @property
    def remaining(self) -> int | None:
        return self.current.remaining if self.current else None

    @property
    def overrun(self) -> int:
        return self.current.overrun if self.current else 0

    @property
    def warning(self) -> str:
        """"overrun", "soon" (the last minute of a running item) or "" — the countdown's colour."""
        if self.current is None or self.current.remaining is None:
            return ""
        if self.current.remaining < 0:
            return "overrun"
        if self.current.state == RUNNING and self.current.remaining <= ENDING_SOON_SECONDS:
            return "soon"
        return ""

    def of(self, item_id) -> ItemTiming | None:
        return next((timing for timing in self.items if timing.id == item_id), None)


def running_order(items) -> list:
    """The leaves of the agenda in the order they run: top-level items by position, an item
    with steps replaced by its steps (recursively). `items` are objects with `pk`, `parent_id`
    and `position` (AgendaItem rows, in any order)."""
    children: dict = {}
    for item in items:
        children.setdefault(item.parent_id, []).append(item)
    for siblings in children.values():
        siblings.sort(key=lambda item: (item.position, item.pk))

    def leaves(parent_id, seen):
        for item in children.get(parent_id, []):
            if item.pk in seen:     # a loop in the stored tree: never recurse forever
                continue
            if item.pk in children:
                yield from leaves(item.pk, seen | {item.pk})
            else:
                yield item

    return list(leaves(None, frozenset()))


def planned_seconds(item) -> int:
    """The item's planned length: its minutes plus what the facilitator added."""
    return int(item.minutes) * 60 + int(item.extended_seconds or 0)


def remaining_seconds(item, now: datetime.datetime) -> int | None:
    """Seconds left on `item` at `now` (negative once it overruns); None when it is not on the
    clock (finished). A pending item has its whole plan left."""
    if item.state == RUNNING and item.ends_at is not None:
        return _whole_seconds(item.ends_at - now)
    if item.state == PAUSED:
        return int(item.paused_remaining or 0)
    if item.state == PENDING:
        return planned_seconds(item)
    return None


def actual_seconds(item, now: datetime.datetime) -> int:
    """The real duration of `item` if it finished at `now`: what was planned (with extensions)
    minus what is left. Pauses do not count — a resume moves `ends_at` by the paused time."""
    left = remaining_seconds(item, now)
    if left is None or item.state == PENDING:
        return int(item.actual_seconds or 0)
    return max(0, planned_seconds(item) - left)


def plan(items, now: datetime.datetime, *, current_id=None, not_before=None) -> Plan:
    """The clock of the whole agenda at `now`. `items` in running order (`running_order`);
    `current_id` the meeting's current item (None before it starts or after the last);
    `not_before` the meeting's scheduled start: a meeting that has not started is planned from
    it (or from now once it is past). The items still ahead are planned one after the other in
    the order "next" takes them (`ahead`)."""
    items = list(items)
    timings = {}
    cursor = max(now, not_before) if not_before is not None else now
    current = None
    for item in items:
        if item.state in FINISHED:
            timings[item.pk] = ItemTiming(item.pk, item.state, planned_seconds(item), item.started_at,
                                          item.finished_at, None, item.actual_seconds)
        elif item.pk == current_id and item.state in (RUNNING, PAUSED):
            left = remaining_seconds(item, now)
            end = now + datetime.timedelta(seconds=left)
            current = ItemTiming(item.pk, item.state, planned_seconds(item), item.started_at or now, end,
                                 left, item.actual_seconds)
            timings[item.pk] = current
            cursor = max(end, now)  # the rest starts when this item ends, or now if it overran
    for item in ahead(items, current_id if current else None):
        start, cursor = cursor, cursor + datetime.timedelta(seconds=planned_seconds(item))
        timings[item.pk] = ItemTiming(item.pk, item.state, planned_seconds(item), start, cursor, None,
                                      item.actual_seconds)
    unfinished = any(item.state not in FINISHED for item in items)
    return Plan(items=tuple(timings[item.pk] for item in items), current=current,
                estimated_end=cursor if unfinished else None)


def ahead(items, current_id=None) -> list:
    """The items still to run after the current one, in the order "next" takes them: the
    unfinished ones after it, then any left unfinished before it (the facilitator jumped ahead)."""
    items = list(items)
    index = next((i for i, item in enumerate(items) if item.pk == current_id), None)
    if index is None:
        return [item for item in items if item.state not in FINISHED and item.pk != current_id]
    later = items[index + 1:] + items[:index]
    return [item for item in later if item.state not in FINISHED]


def _whole_seconds(delta: datetime.timedelta) -> int:
    """A timedelta as whole seconds, rounded up: 0.4 s left still shows 1."""
    return math.ceil(delta.total_seconds())
