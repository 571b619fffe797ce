"""An open live stream holds no database connection: under the ASGI worker each request runs in a
thread, with a connection, of its own, and a stream lasts the whole meeting — sixty screens on two
processes exhausted PostgreSQL's 100 connections in the load test (every write then failed with
"too many clients"). The stream resolves its actor and replays on a connection it closes; the
fan-out's one connection reads the new events for all of them."""

import pytest
from django.db import connection
from django.urls import reverse

from tests.workshops.b2.conftest import (  # noqa: F401 (fixtures)
    fresh_live_state,
    guest_session,
    meeting,
    open_stream,
    serve_processes,
)

pytestmark = pytest.mark.django_db(transaction=True)
STREAMS = 12


def connections_of_others():
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                       "AND pid <> pg_backend_pid()")
        return cursor.fetchone()[0]


def test_twelve_open_streams_hold_no_database_connection_each(serve_processes, open_stream, meeting,  # noqa: F811
                                                              guest_session):  # noqa: F811
    server = serve_processes()
    before = connections_of_others()
    path = reverse("workshop_live", args=[meeting.pk])
    streams = [open_stream(server.url, path, guest_session) for _ in range(STREAMS)]
    assert all(stream.status == 200 and stream.hello.wait(10) for stream in streams)
    held = connections_of_others() - before
    # the fan-out's reader, and at most one request finishing: not one a stream
    assert held <= 3, f"{STREAMS} open streams hold {held} database connections"
