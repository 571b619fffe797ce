"""The agenda's clock as plain arithmetic (okrflow/workshops/timing.py): no database."""

import datetime
from dataclasses import dataclass

from hypothesis import given
from hypothesis import strategies as st

from okrflow.workshops import timing

T0 = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


def at(seconds):
    return T0 + datetime.timedelta(seconds=seconds)


@dataclass
class Item:
    pk: int
    minutes: int
    state: str = timing.PENDING
    started_at: datetime.datetime | None = None
    ends_at: datetime.datetime | None = None
    paused_remaining: int | None = None
    extended_seconds: int = 0
    finished_at: datetime.datetime | None = None
    actual_seconds: int | None = None
    parent_id: int | None = None
    position: int = 0


def test_a_running_item_has_its_stored_end_minus_now_left():
    item = Item(1, 10, timing.RUNNING, started_at=T0, ends_at=at(600))
    assert timing.remaining_seconds(item, at(125)) == 475


def test_a_part_second_left_still_shows_one_second():
    item = Item(1, 10, timing.RUNNING, started_at=T0, ends_at=at(600))
    assert timing.remaining_seconds(item, at(599.6)) == 1


def test_an_item_past_its_end_has_negative_remaining_and_overruns():
    item = Item(1, 10, timing.RUNNING, started_at=T0, ends_at=at(600))
    result = timing.plan([item], at(690), current_id=1)
    assert result.remaining == -90
    assert result.overrun == 90
    assert result.warning == "overrun"


def test_the_last_minute_of_a_running_item_is_ending_soon():
    item = Item(1, 10, timing.RUNNING, started_at=T0, ends_at=at(600))
    assert timing.plan([item], at(545), current_id=1).warning == "soon"
    assert timing.plan([item], at(500), current_id=1).warning == ""


def test_a_paused_item_keeps_its_remaining_seconds_whatever_the_time():
    item = Item(1, 10, timing.PAUSED, started_at=T0, paused_remaining=300)
    assert timing.plan([item], at(5000), current_id=1).remaining == 300


def test_later_items_start_when_the_current_one_ends():
    items = [Item(1, 10, timing.RUNNING, started_at=T0, ends_at=at(600)), Item(2, 5), Item(3, 30)]
    result = timing.plan(items, at(120), current_id=1)
    assert (result.of(2).planned_start, result.of(2).planned_end) == (at(600), at(900))
    assert (result.of(3).planned_start, result.of(3).planned_end) == (at(900), at(2700))
    assert result.estimated_end == at(2700)


def test_an_overrun_pushes_the_rest_of_the_meeting_back():
    items = [Item(1, 10, timing.RUNNING, started_at=T0, ends_at=at(600)), Item(2, 5)]
    result = timing.plan(items, at(700), current_id=1)
    assert result.of(2).planned_start == at(700)
    assert result.estimated_end == at(1000)


def test_a_paused_item_pushes_the_plan_back_by_the_pause():
    items = [Item(1, 10, timing.PAUSED, started_at=T0, paused_remaining=200), Item(2, 5)]
    assert timing.plan(items, at(1000), current_id=1).of(2).planned_start == at(1200)


def test_finished_items_show_their_real_times_and_skipped_ones_are_not_planned():
    items = [Item(1, 10, timing.DONE, started_at=T0, finished_at=at(720), actual_seconds=720),
             Item(2, 5, timing.SKIPPED),
             Item(3, 5, timing.RUNNING, started_at=at(720), ends_at=at(1020))]
    result = timing.plan(items, at(800), current_id=3)
    assert (result.of(1).planned_start, result.of(1).planned_end, result.of(1).actual_seconds) == (
        T0, at(720), 720)
    assert result.of(2).planned_start is None
    assert result.estimated_end == at(1020)


def test_a_meeting_not_started_is_planned_from_its_scheduled_start():
    items = [Item(1, 10), Item(2, 20)]
    result = timing.plan(items, T0, not_before=at(3600))
    assert result.current is None
    assert result.of(1).planned_start == at(3600)
    assert result.estimated_end == at(3600 + 1800)


def test_a_meeting_whose_every_item_is_finished_has_no_estimated_end():
    items = [Item(1, 10, timing.DONE, started_at=T0, finished_at=at(600), actual_seconds=600)]
    assert timing.plan(items, at(900)).estimated_end is None


def test_items_left_behind_run_after_the_later_ones():
    items = [Item(1, 10), Item(2, 5, timing.RUNNING, started_at=T0, ends_at=at(300)), Item(3, 5)]
    assert [item.pk for item in timing.ahead(items, 2)] == [3, 1]
    result = timing.plan(items, T0, current_id=2)
    assert result.of(1).planned_start == at(600)


def test_the_real_duration_leaves_out_pauses_and_counts_extensions_and_overruns():
    # 10 min planned, +5 extended; paused once (a resume moves ends_at); 2 min overrun.
    item = Item(1, 10, timing.RUNNING, started_at=T0, ends_at=at(15 * 60 + 400), extended_seconds=300)
    assert timing.actual_seconds(item, at(15 * 60 + 400 + 120)) == 17 * 60


def test_items_with_steps_run_through_their_steps():
    items = [Item(10, 30, position=2), Item(11, 15, parent_id=10, position=1),
             Item(12, 15, parent_id=10, position=0), Item(1, 10, position=1), Item(3, 5, position=3)]
    assert [item.pk for item in timing.running_order(items)] == [1, 12, 11, 3]


def test_a_loop_in_the_stored_tree_ends():
    items = [Item(1, 5, parent_id=2), Item(2, 5, parent_id=1), Item(3, 5)]
    assert [item.pk for item in timing.running_order(items)] == [3]


minutes = st.integers(min_value=1, max_value=120)


@given(plan_minutes=st.lists(minutes, min_size=1, max_size=12), elapsed=st.integers(0, 20_000),
       current_index=st.integers(0, 11), paused=st.booleans(), extended=st.integers(0, 3600))
def test_the_estimate_never_ends_before_now_plus_the_planned_minutes_ahead(
        plan_minutes, elapsed, current_index, paused, extended):
    current_index %= len(plan_minutes)
    items = []
    for index, length in enumerate(plan_minutes):
        if index < current_index:
            items.append(Item(index, length, timing.DONE, started_at=T0, finished_at=T0, actual_seconds=60))
        elif index == current_index:
            total = length * 60 + extended
            if paused:
                items.append(Item(index, length, timing.PAUSED, started_at=T0, extended_seconds=extended,
                                  paused_remaining=total - elapsed))
            else:
                items.append(Item(index, length, timing.RUNNING, started_at=T0, extended_seconds=extended,
                                  ends_at=at(total)))
        else:
            items.append(Item(index, length))
    now = at(elapsed)
    result = timing.plan(items, now, current_id=current_index)
    ahead = sum(length * 60 for length in plan_minutes[current_index + 1:])
    assert result.estimated_end >= now + datetime.timedelta(seconds=ahead)
    left = max(result.remaining, 0)
    assert result.estimated_end == now + datetime.timedelta(seconds=left + ahead)
    starts = [t.planned_start for t in result.items[current_index + 1:]]
    assert starts == sorted(starts) and all(start >= now for start in starts)
