"""PostgreSQL connections under `okrflow serve`'s ASGI worker come from Django's psycopg pool:
each request runs in a thread of its own, and a persistent connection per thread (CONN_MAX_AGE)
left one open connection per thread that had ever served (60 participants held 78 of
PostgreSQL's 100). The server's OKRFLOW_DB_CONNECTIONS are shared among its workers."""

import json
import os
import subprocess
import sys
import urllib.request

import pytest
from django.db import connection
from django.urls import reverse

from okrflow.ops.database import SMALLEST_POOL, pool_size, share_pool
from tests.workshops.b2.conftest import (  # noqa: F401 (fixtures)
    fresh_live_state,
    guest_session,
    meeting,
    serve_processes,
)

POSTGRES_URL = "postgres://okrflow@127.0.0.1:5432/okrflow"


def test_each_worker_gets_its_share_of_the_servers_connections():
    database = {"OPTIONS": {"pool": {"min_size": 1, "max_size": 40, "timeout": 10}}}
    assert share_pool(database, workers=5, budget=40) == 8
    assert database["OPTIONS"]["pool"] == {"min_size": 1, "max_size": 8, "timeout": 10}


def test_a_workers_pool_keeps_a_few_connections_however_many_workers_share():
    assert pool_size(workers=50, budget=40) == SMALLEST_POOL


def test_without_a_pool_there_is_nothing_to_share():
    assert share_pool({"OPTIONS": {"timeout": 20}}, workers=3, budget=40) is None


def database_settings(**env) -> dict:
    """okrflow.settings' default database in a fresh interpreter under `env` (no connection made)."""
    code = ("import json, django; from django.conf import settings; django.setup(); "
            "d = settings.DATABASES['default']; "
            "print(json.dumps({'age': d.get('CONN_MAX_AGE'), 'pool': d.get('OPTIONS', {}).get('pool')}))")
    ours = ("DB_POOL", "OKRFLOW_DB_CONNECTIONS", "CONN_MAX_AGE")
    full = {key: value for key, value in os.environ.items()
            if not key.startswith("PYTEST") and key not in ours}
    full.update(DJANGO_SETTINGS_MODULE="okrflow.settings", SECRET_KEY="s" * 60, **env)
    done = subprocess.run([sys.executable, "-c", code], env=full, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_postgresql_takes_its_connections_from_a_pool_and_keeps_none_per_thread():
    assert database_settings(DATABASE_URL=POSTGRES_URL) == {
        "age": 0, "pool": {"min_size": 1, "max_size": 40, "timeout": 10}}


def test_db_pool_false_keeps_the_persistent_connections_of_before():
    assert database_settings(DATABASE_URL=POSTGRES_URL, DB_POOL="false") == {"age": 60, "pool": None}


def test_sqlite_has_no_pool():
    assert database_settings(DATABASE_URL="sqlite:////tmp/okrflow-b4-pool.sqlite3")["pool"] is None


def connections_of_others():
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                       "AND pid <> pg_backend_pid()")
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_thirty_requests_one_after_another_leave_a_connection_or_two_not_thirty(
        serve_processes, meeting, guest_session):  # noqa: F811
    server = serve_processes()
    before = connections_of_others()
    url = server.url + reverse("workshop_live_poll", args=[meeting.pk])
    for _ in range(30):               # each in a thread of its own under the ASGI worker
        request = urllib.request.Request(url, headers={"Cookie": f"sessionid={guest_session}"})
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status == 200
    held = connections_of_others() - before
    assert held <= 3, f"30 requests left {held} database connections open"
