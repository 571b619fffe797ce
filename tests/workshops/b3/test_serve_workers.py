"""`okrflow serve` without REDIS_URL runs one worker: the in-process hub wakes only the streams of
the worker that wrote, so a second worker's screens would get a room's events only at their next
read of the log (the sweep). With REDIS_URL every worker hears every event, and the default is a
worker per core again. Several workers without Redis are still possible, with a warning that says
the delay; the sweep itself is shown working across workers by the load test (test_loadtest.py)."""

import multiprocessing

from django.core.management import call_command

from okrflow.ops.management.commands import serve


def served(monkeypatch, *args):
    runs = []
    monkeypatch.setattr(serve.Command, "run_gunicorn", lambda self, config: runs.append(config))
    call_command("serve", *args)
    return runs[0]


def test_serve_runs_one_worker_without_redis_so_every_stream_hears_every_write(monkeypatch, settings):
    settings.REDIS_URL = ""
    assert served(monkeypatch)["workers"] == 1


def test_serve_runs_a_worker_per_core_when_redis_carries_events_between_workers(monkeypatch, settings):
    settings.REDIS_URL = "redis://127.0.0.1:6379/0"
    assert served(monkeypatch)["workers"] == multiprocessing.cpu_count() * 2 + 1


def test_serve_warns_that_several_workers_without_redis_deliver_events_late(monkeypatch, settings, capsys):
    settings.REDIS_URL = ""
    assert served(monkeypatch, "--workers", "3")["workers"] == 3
    warning = capsys.readouterr().err
    assert "3 workers without REDIS_URL" in warning
    assert f"up to {int(serve.SWEEP_SECONDS)} seconds later" in warning


def test_serve_says_nothing_of_redis_for_one_worker_or_with_redis(monkeypatch, settings, capsys):
    settings.REDIS_URL = ""
    served(monkeypatch, "--workers", "1")
    settings.REDIS_URL = "redis://127.0.0.1:6379/0"
    served(monkeypatch, "--workers", "3")
    assert "REDIS_URL" not in capsys.readouterr().err
