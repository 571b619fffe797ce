"""The live rooms' load test (`make loadtest`) in small: participants hold the live stream open and
write cards and votes through the co-creation API of a real `okrflow serve`; every update reaches
every other screen, no write fails, and the database holds what the answers said. The full run
(60 participants, 90 s) and its figures are in docs/benchmarks.md. Here too the screens re-fetch
their panels on each (coalesced) event, as live.js and htmx make a browser do."""

import json
import os
import shutil
import subprocess
import sys

import pytest

from okrflow.workshops.live.fanout import SWEEP_SECONDS


def load_test(*args, timeout=240):
    env = {key: value for key, value in os.environ.items()
           if not key.startswith("PYTEST") and key not in ("DJANGO_SETTINGS_MODULE", "OKRFLOW_DATA_DIR")}
    done = subprocess.run([sys.executable, "-m", "okrflow.workshops.live.loadtest", "--json",
                           "--participants", "4", "--seconds", "10", "--interval", "1", *args],
                          env=env, capture_output=True, text=True, timeout=timeout)
    assert done.stdout.strip(), done.stderr[-2000:]
    return done.returncode, json.loads(done.stdout.strip().splitlines()[-1])


def assert_every_update_reached_every_other_screen(result):
    assert result["writes"] > 4 and result["write_errors"] == 0 and result["stream_errors"] == 0
    assert result["by_kind"]["card"] == 4 * 5                  # the meeting's five cards each
    # 4 participants' screens and the projector: every write reaches the 4 screens not its writer's.
    assert result["expected"] == result["writes"] * 4 and result["missing"] == 0
    assert result["stored_matches_answers"] and result["server_log_errors"] == []
    # each screen re-fetched its panels as a browser does, and every update showed on every other
    assert result["panel_fetches"] > 0 and result["panel_errors"] == 0 and result["visible_missing"] == 0


def needs_sqlite():
    if os.environ.get("DATABASE_URL"):
        pytest.skip("the embedded default (SQLite) run; the PostgreSQL run is the two-process one")


def test_sixty_participants_in_small_every_update_reaches_every_other_screen_through_the_real_endpoints():
    needs_sqlite()
    code, result = load_test()
    assert code == 0, result
    assert (result["processes"], result["workers"], result["hub"]) == (1, 1, "in-process")
    assert_every_update_reached_every_other_screen(result)
    assert result["delivery"]["p95_ms"] < 1000


def test_without_redis_an_event_written_on_one_worker_reaches_streams_on_another_at_the_sweep():
    needs_sqlite()
    code, result = load_test("--workers", "2", "--hub", "in-process")
    assert code == 0, result
    assert (result["workers"], result["hub"]) == (2, "in-process")
    assert_every_update_reached_every_other_screen(result)
    assert result["delivery"]["max_ms"] < (SWEEP_SECONDS + 2) * 1000


def test_two_processes_on_postgresql_and_redis_every_update_reaches_every_other_screen_within_a_second():
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        pytest.skip("two app-server processes share a database on PostgreSQL only (scripts/with-postgres.sh)")
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server not found (Debian package `redis-server`)")
    code, result = load_test("--processes", "2")
    assert code == 0, result
    assert (result["processes"], result["hub"], result["database"]) == (2, "redis", "postgresql")
    assert_every_update_reached_every_other_screen(result)
    assert result["delivery_across_processes"]["p95_ms"] < 1000
