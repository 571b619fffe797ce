"""`okrflow serve` builds gunicorn with worker recycling, timeouts and request-head limits."""

import pytest
from django.core.management import call_command
from gunicorn.config import Config

from okrflow.ops.management.commands import serve


def _options(**overrides):
    return serve.gunicorn_options(**({"host": "127.0.0.1", "port": 8000, "workers": 2, "threads": 4}
                                     | overrides))


def test_serve_recycles_workers_with_a_jitter_by_default():
    options = _options()
    assert options["max_requests"] == 1000
    assert 0 < options["max_requests_jitter"] < options["max_requests"]


def test_serve_bounds_silent_workers_and_graceful_restarts():
    options = _options()
    assert options["timeout"] == 60
    assert options["graceful_timeout"] == 20


def test_serve_caps_the_request_line_and_header_fields():
    options = _options()
    assert options["limit_request_line"] == 4094
    assert options["limit_request_fields"] == 50
    assert options["limit_request_field_size"] == 8190


def test_serve_takes_recycling_and_timeouts_from_the_settings(settings):
    settings.OKRFLOW_MAX_REQUESTS = 300
    settings.OKRFLOW_MAX_REQUESTS_JITTER = 30
    settings.OKRFLOW_WORKER_TIMEOUT = 120
    settings.OKRFLOW_GRACEFUL_TIMEOUT = 40
    options = _options()
    assert (options["max_requests"], options["max_requests_jitter"]) == (300, 30)
    assert (options["timeout"], options["graceful_timeout"]) == (120, 40)


def test_gunicorn_accepts_every_option_serve_builds():
    config = Config()
    for key, value in _options(host="0.0.0.0", port=9000).items():
        config.set(key, value)  # an unknown name or a bad value raises here
    assert config.max_requests == 1000 and config.limit_request_fields == 50
    assert config.bind == ["0.0.0.0:9000"]


@pytest.fixture
def started(monkeypatch):
    """The options `okrflow serve` would start gunicorn with, without starting it."""
    runs = []
    monkeypatch.setattr(serve.Command, "run_gunicorn", lambda self, config: runs.append(config))
    return runs


def test_serve_warns_at_start_without_a_base_url(settings, started, capsys):
    settings.OKRFLOW_BASE_URL = ""
    call_command("serve", "--workers", "1")
    assert "OKRFLOW_BASE_URL is not set" in capsys.readouterr().err
    assert started[0]["workers"] == 1


def test_serve_starts_quietly_with_a_base_url(settings, started, capsys):
    settings.OKRFLOW_BASE_URL = "https://okr.example.com"
    call_command("serve", "--workers", "1")
    assert "OKRFLOW_BASE_URL" not in capsys.readouterr().err
    assert len(started) == 1
