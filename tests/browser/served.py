"""One real `okrflow serve` per test module, on the test database: what production runs (gunicorn's
ASGI worker), so the room's async live stream streams. pytest-django's `live_server` is a threaded
WSGI server that cannot stream an async view: the room's screens never went live on it.

The server opens the test database itself: PostgreSQL's test database by name, SQLite's as the file
tests/settings.py names. Rows a test writes must be committed (`transactional_db`) to be seen. It
serves the static files from the app folders (OKRFLOW_PLAIN_STATIC, set by tests/settings.py).

    room_server            one process, the in-process hub: the events the server writes reach its
                           streams at once; events this test process writes, at the fan-out's re-read
    room_server_on_redis   the server and this test process on one throw-away Redis: what the test
                           writes through the services reaches the screens at once too
    screens                a factory of logged-in browser pages on a server, closed after the test
"""

import os
import time

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore

from tests.workshops.b2.conftest import Server, live_redis, redis_url  # noqa: F401 (fixtures)


def database_url() -> str:
    """The test database as another process opens it."""
    from django.db import connection

    db = connection.settings_dict
    if connection.vendor == "sqlite":
        name = str(db["NAME"])
        if name.startswith("file:") or name == ":memory:":
            raise AssertionError(f"an in-memory SQLite test database ({name}) cannot be shared "
                                 "with a server process: tests/settings.py names a file")
        return f"sqlite:///{name}"
    user = db.get("USER") or ""
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    auth = f"{user}{password}@" if user else ""
    host = db.get("HOST") or "localhost"
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{auth}{host}{port}/{db['NAME']}"


def start_server(hub_url: str = "") -> Server:
    from django.conf import settings

    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST")}
    env.update(DATABASE_URL=database_url(), DJANGO_SETTINGS_MODULE="okrflow.settings", HTTPS="false",
               OKRFLOW_DATA_DIR=str(settings.DATA_DIR), SECRET_KEY=settings.SECRET_KEY,
               OKRFLOW_PLAIN_STATIC="true", REDIS_URL=hub_url)
    return Server(env).start()


@pytest.fixture(scope="module")
def room_server(django_db_setup):
    """`okrflow serve` (one worker, no Redis) on the test database for this module's tests."""
    server = start_server()
    yield server
    server.kill()


@pytest.fixture(scope="module")
def _room_server_redis(django_db_setup, redis_url):  # noqa: F811
    server = start_server(redis_url)
    yield server
    server.kill()


@pytest.fixture
def room_server_on_redis(_room_server_redis, live_redis):  # noqa: F811
    """`okrflow serve` on Redis, and this test process's hub on the same Redis."""
    return _room_server_redis


def session_of(person) -> str:
    """A logged-in session of `person` in the test database (the server reads it from there)."""
    session = SessionStore()
    session[SESSION_KEY] = str(person.pk)
    session[BACKEND_SESSION_KEY] = "okrflow.org.auth.EmailBackend"
    session[HASH_SESSION_KEY] = person.get_session_auth_hash()
    session["_okrflow_touched"] = int(time.time())
    session.create()
    return session.session_key


@pytest.fixture
def screens(browser, transactional_db):
    """screens(server, person, **context_options) -> a page of its own browser context, logged in as
    `person` (None: anonymous), talking to `server`. The page records console errors, page errors
    and 4xx/5xx answers in `page.errors` and counts its loads in `page.loads` (1: never reloaded).
    The contexts close before the test's database is emptied (their live streams end first)."""
    contexts = []

    def open_screen(server, person, **options):
        context = browser.new_context(base_url=server.url, locale="zh-CN", **options)
        contexts.append(context)
        if person is not None:
            context.add_cookies([{"name": "sessionid", "value": session_of(person), "url": server.url}])
        page = context.new_page()
        watch(page)
        return page

    yield open_screen
    for context in contexts:
        context.close()


def watch(page):
    page.errors = []
    page.on("console", lambda msg: msg.type == "error" and page.errors.append(msg.text))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("response", lambda r: r.status >= 400 and page.errors.append(f"{r.status} {r.url}"))
    page.loads = 0
    page.on("load", lambda _: setattr(page, "loads", page.loads + 1))
    return page
