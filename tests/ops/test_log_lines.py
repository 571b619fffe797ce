"""A refused request logs one line, not a traceback; a server error keeps its traceback."""

import io
import logging
import sys

import pytest

from okrflow.ops.log_filters import OneLineClientErrors


def test_a_forbidden_page_logs_one_line_without_a_traceback(client, bob, caplog):
    client.force_login(bob)
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert client.get("/manage/import-export/").status_code == 403
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert record.getMessage() == "Forbidden (Permission denied): /manage/import-export/"
    assert record.exc_info is None
    assert "Traceback" not in caplog.text


@pytest.fixture
def console():
    """What the configured console handler writes, for the duration of a test."""
    [handler] = [h for h in logging.getLogger().handlers if h.name == "console"]
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)


def test_a_suspicious_request_logs_one_line_on_the_console(client, db, console):
    assert client.get("/healthz", HTTP_HOST="evil.example").status_code == 400
    lines = console.getvalue().splitlines()
    assert any("Invalid HTTP_HOST header" in line for line in lines)
    assert "Traceback" not in console.getvalue()


def test_a_server_error_keeps_its_traceback():
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "Internal Server Error",
                                   None, exc_info=sys.exc_info())
    record.status_code = 500
    assert OneLineClientErrors().filter(record) and record.exc_info is not None
