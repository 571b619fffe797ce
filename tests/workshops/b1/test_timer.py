"""The facilitator's timer controls (okrflow/workshops/timer.py): what each stores, who may
press them, what is refused (with nothing stored), and that the clock lives in the database."""

import datetime
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from okrflow.audit.models import AuditEntry
from okrflow.errors import AccessDenied, DomainError, StaleWrite
from okrflow.workshops import timer
from okrflow.workshops.models import AgendaItem, Event, ItemState, Participant, State, Workshop
from tests.workshops.b1.conftest import items_of, make_workshop, seat

T0 = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


def at(seconds):
    return T0 + datetime.timedelta(seconds=seconds)


def reload(workshop):
    return Workshop.objects.get(pk=workshop.pk)


def snapshot(workshop):
    """Everything a refused control must leave as it was."""
    return (list(Workshop.objects.filter(pk=workshop.pk).values()),
            list(AgendaItem.objects.filter(workshop=workshop).order_by("id").values()),
            Event.objects.count(), AuditEntry.objects.count(),
            list(Participant.objects.values_list("is_ready", flat=True)))


@pytest.fixture
def live(workshop, alice):
    return timer.start_meeting(alice, workshop, now=T0)


def test_starting_the_meeting_makes_it_live_and_runs_the_first_item(workshop, alice):
    timer.start_meeting(alice, workshop, version=workshop.version, now=T0)
    workshop = reload(workshop)
    first = items_of(workshop)[0]
    assert (workshop.state, workshop.started_at, workshop.current_item_id) == (State.LIVE, T0, first.pk)
    assert (first.state, first.started_at, first.ends_at) == (ItemState.RUNNING, T0, at(600))


def test_each_control_writes_one_agenda_event_and_one_audit_entry(workshop, alice):
    controls = [lambda: timer.start_meeting(alice, workshop, now=T0),
                lambda: timer.pause(alice, workshop, now=at(60)),
                lambda: timer.resume(alice, workshop, now=at(90)),
                lambda: timer.extend(alice, workshop, 5, now=at(100)),
                lambda: timer.next_item(alice, workshop, now=at(200)),
                lambda: timer.skip(alice, workshop, now=at(300)),
                lambda: timer.end_meeting(alice, workshop, now=at(400))]
    kinds = []
    for control in controls:
        events, audits = Event.objects.count(), AuditEntry.objects.count()
        control()
        assert (Event.objects.count() - events, AuditEntry.objects.count() - audits) == (1, 1)
        kinds.append(Event.objects.latest("id").kind)
    assert set(Event.objects.values_list("topic", flat=True)) == {"agenda"}
    assert kinds == ["meeting_started", "item_paused", "item_resumed", "item_extended", "item_started",
                     "item_skipped", "meeting_ended"]


def test_pause_keeps_the_seconds_left_and_resume_ends_that_much_from_now(live, alice):
    timer.pause(alice, live, now=at(200))
    first = items_of(live)[0]
    assert (first.state, first.paused_remaining, first.ends_at) == (ItemState.PAUSED, 400, None)
    timer.resume(alice, live, now=at(1000))
    first = items_of(live)[0]
    assert (first.state, first.ends_at, first.paused_remaining) == (ItemState.RUNNING, at(1400), None)


def test_extending_adds_minutes_to_a_running_and_to_a_paused_item(live, alice):
    timer.extend(alice, live, 5, now=at(10))
    assert items_of(live)[0].ends_at == at(900)
    timer.pause(alice, live, now=at(300))
    timer.extend(alice, live, "2", now=at(310))
    first = items_of(live)[0]
    assert (first.paused_remaining, first.extended_seconds) == (600 + 120, 420)


def test_next_finishes_the_current_item_with_its_real_duration_and_starts_the_next(live, alice):
    timer.pause(alice, live, now=at(100))
    timer.resume(alice, live, now=at(400))           # 300 s of pause do not count
    timer.next_item(alice, live, now=at(1000))       # ran 100 + 600 = 700 s: 100 s over
    first, second, _third = items_of(live)
    assert (first.state, first.actual_seconds, first.finished_at) == (ItemState.DONE, 700, at(1000))
    assert (second.state, second.started_at, second.ends_at) == (ItemState.RUNNING, at(1000), at(1300))
    assert reload(live).current_item_id == second.pk


def test_skipping_the_current_item_starts_the_next_and_skipping_a_later_one_leaves_it_out(live, alice):
    first, second, third = items_of(live)
    timer.skip(alice, live, item_id=third.pk, now=at(10))
    assert items_of(live)[2].state == ItemState.SKIPPED
    assert reload(live).current_item_id == first.pk
    timer.skip(alice, live, now=at(20))
    first, second, _ = items_of(live)
    assert (first.state, second.state, reload(live).current_item_id) == (
        ItemState.SKIPPED, ItemState.RUNNING, second.pk)


def test_jumping_to_an_item_finishes_the_current_one(live, alice):
    first, second, third = items_of(live)
    timer.start_item(alice, live, third.pk, now=at(120))
    first, second, third = items_of(live)
    assert (first.state, first.actual_seconds, second.state, third.state) == (
        ItemState.DONE, 120, ItemState.PENDING, ItemState.RUNNING)
    # "next" then takes the item left behind
    timer.next_item(alice, live, now=at(200))
    assert reload(live).current_item_id == second.pk


def test_ending_the_meeting_finishes_the_current_item(live, alice):
    timer.end_meeting(alice, live, now=at(300))
    workshop = reload(live)
    first, second, _ = items_of(live)
    assert (workshop.state, workshop.ended_at, workshop.current_item_id) == (State.ENDED, at(300), None)
    assert (first.state, first.actual_seconds, second.state) == (ItemState.DONE, 300, ItemState.PENDING)


def test_moving_to_another_item_clears_the_ready_flags(live, alice, bobs_seat):
    Participant.objects.filter(pk=bobs_seat.pk).update(is_ready=True)
    timer.extend(alice, live, 1, now=at(10))
    assert Participant.objects.get(pk=bobs_seat.pk).is_ready
    timer.next_item(alice, live, now=at(20))
    assert not Participant.objects.get(pk=bobs_seat.pk).is_ready


def test_the_event_names_the_facilitators_seat_when_she_has_one(live, alice):
    her_seat = seat(live, alice, role="facilitator")
    timer.pause(alice, live, now=at(5))
    event = Event.objects.latest("id")
    assert (event.actor_id, event.payload["item"], event.payload["remaining"]) == (
        her_seat.pk, items_of(live)[0].pk, 595)


# --- refusals: a clear message, nothing stored -------------------------------------------

EXTEND = "Extend by 1 to 60 minutes"


def nothing(actor, workshop):
    return None


REFUSALS = [
    # case, what happens first, the control refused, what it says
    ("pause when nothing runs", lambda a, w: timer.pause(a, w, now=at(1)),
     lambda a, w: timer.pause(a, w, now=at(2)), "Nothing is running"),
    ("resume when nothing is paused", nothing, lambda a, w: timer.resume(a, w, now=at(1)), "not paused"),
    ("next after the last item",
     lambda a, w: (timer.next_item(a, w, now=at(1)), timer.next_item(a, w, now=at(2))),
     lambda a, w: timer.next_item(a, w, now=at(3)), "last item"),
    ("start twice", nothing, lambda a, w: timer.start_meeting(a, w, now=at(1)), "already started"),
    ("extend by nothing", nothing, lambda a, w: timer.extend(a, w, 0, now=at(1)), EXTEND),
    ("extend by words", nothing, lambda a, w: timer.extend(a, w, "five", now=at(1)), EXTEND),
    ("extend by too much", nothing, lambda a, w: timer.extend(a, w, 61, now=at(1)), EXTEND),
    ("jump to an item that ran", lambda a, w: timer.next_item(a, w, now=at(1)),
     lambda a, w: timer.start_item(a, w, items_of(w)[0].pk, now=at(2)), "has already run"),
    ("skip an item that ran", lambda a, w: timer.next_item(a, w, now=at(1)),
     lambda a, w: timer.skip(a, w, item_id=items_of(w)[0].pk, now=at(2)), "has already run"),
    ("skip after the last item", lambda a, w: [timer.skip(a, w, now=at(n)) for n in (1, 2, 3)],
     lambda a, w: timer.skip(a, w, now=at(4)), "no current item"),
]


@pytest.mark.parametrize(("case", "first", "control", "message"), REFUSALS,
                         ids=[case for case, *_ in REFUSALS])
def test_a_refused_control_says_why_and_stores_nothing(live, alice, case, first, control, message):
    first(alice, live)
    before = snapshot(live)
    with pytest.raises(DomainError) as refused:
        control(alice, live)
    assert message in str(refused.value)
    assert snapshot(live) == before


def test_pausing_a_meeting_that_has_not_started_says_to_start_it(workshop, alice):
    before = snapshot(workshop)
    with pytest.raises(DomainError, match="has not started yet"):
        timer.pause(alice, workshop, now=T0)
    assert snapshot(workshop) == before


@pytest.mark.parametrize(("state", "message"),
                         [(State.ENDED, "has ended"), (State.CANCELLED, "was cancelled")])
@pytest.mark.parametrize("control", ["start_meeting", "pause", "resume", "next_item", "skip", "end_meeting"])
def test_an_ended_or_cancelled_meeting_refuses_every_control(workshop, alice, state, message, control):
    Workshop.objects.filter(pk=workshop.pk).update(state=state)
    before = snapshot(workshop)
    with pytest.raises(DomainError, match=message):
        getattr(timer, control)(alice, workshop, now=T0)
    assert snapshot(workshop) == before


def test_a_stale_version_is_refused_and_nothing_stored(live, alice):
    shown = reload(live).version
    timer.next_item(alice, live, version=shown, now=at(10))   # another facilitator pressed first
    before = snapshot(live)
    with pytest.raises(StaleWrite):
        timer.next_item(alice, live, version=shown, now=at(11))
    assert snapshot(live) == before


def test_only_those_who_run_the_meeting_press_the_controls(live, bob, bobs_seat, carol, admin, mallory):
    for outsider in (bob, carol, mallory):
        before = snapshot(live)
        with pytest.raises(AccessDenied):
            timer.pause(outsider, live, now=at(5))
        assert snapshot(live) == before
    timer.pause(admin, live, now=at(5))      # admins run every meeting of the organization
    assert items_of(live)[0].state == ItemState.PAUSED


def test_a_meeting_without_items_cannot_start(org, alice):
    empty = make_workshop(org, alice, minutes=())
    with pytest.raises(DomainError, match="no items"):
        timer.start_meeting(alice, empty, now=T0)
    assert reload(empty).state == State.SCHEDULED


# --- the clock lives in the database ------------------------------------------------------

READ_BACK = """
import datetime, json, sys
import django
django.setup()
from okrflow.workshops.models import Workshop
from okrflow.workshops.room import room_state
from okrflow.workshops.seats import RoomActor
workshop = Workshop.objects.select_related("facilitator").get(pk=int(sys.argv[1]))
state = room_state(RoomActor(workshop, None, None, False), now=datetime.datetime.fromisoformat(sys.argv[2]))
print(json.dumps({"current": state["current"]["title"], "remaining": state["agenda"]["remaining"],
                  "estimated_end": state["agenda"]["estimated_end"].isoformat()}))
"""


@pytest.mark.django_db(transaction=True)
def test_a_fresh_process_reads_the_right_remaining_time_from_the_database(org, alice, tmp_path):
    """Start, pause 2 min in, resume 5 min later, extend by 5 min: a new process that knows
    nothing but the database finds the first item running with the right seconds left."""
    start = timezone.now().replace(microsecond=0) - datetime.timedelta(minutes=20)
    workshop = make_workshop(org, alice, minutes=(10, 5, 30))
    timer.start_meeting(alice, workshop, now=start)
    timer.pause(alice, workshop, now=start + datetime.timedelta(minutes=2))
    timer.resume(alice, workshop, now=start + datetime.timedelta(minutes=7))
    timer.extend(alice, workshop, 5, now=start + datetime.timedelta(minutes=8))
    # ends at start + 7 + 8 (left after the pause) + 5 = start + 20 min; 30 s before that:
    asked = start + datetime.timedelta(minutes=19, seconds=30)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings", "OKRFLOW_DATA_DIR": str(tmp_path)}
    env["DATABASE_URL"] = _database_url_for_another_process(tmp_path)
    result = subprocess.run([sys.executable, "-c", READ_BACK, str(workshop.pk), asked.isoformat()],
                            capture_output=True, text=True, env=env, cwd=Path(__file__).parents[3],
                            timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    read = json.loads(result.stdout.strip().splitlines()[-1])
    assert (read["current"], read["remaining"]) == ("背景介绍", 30)
    ends = start + datetime.timedelta(minutes=20 + 5 + 30)
    assert datetime.datetime.fromisoformat(read["estimated_end"]) == ends


def _database_url_for_another_process(tmp_path) -> str:
    """The committed test database as another process sees it: PostgreSQL's test database by
    name; SQLite's in-memory one copied to a file."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        target = tmp_path / "copy.sqlite3"
        import sqlite3

        copy = sqlite3.connect(target)
        connection.ensure_connection()
        connection.connection.backup(copy)
        copy.close()
        return f"sqlite:///{target}"
    user = settings.get("USER") or ""
    password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
    auth = f"{user}{password}@" if user else ""
    host = settings.get("HOST") or "localhost"
    port = f":{settings['PORT']}" if settings.get("PORT") else ""
    return f"postgres://{auth}{host}{port}/{settings['NAME']}"
