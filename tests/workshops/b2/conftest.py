"""A meeting in acme with bob's seat and a guest's; a throw-away redis-server; a live `okrflow serve`."""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone

from okrflow.workshops import hub
from okrflow.workshops.live import fanout
from okrflow.workshops.models import Participant, Workshop
from okrflow.workshops.seats import remember_guest


@pytest.fixture
def meeting(org, alice, bob):
    workshop = Workshop.objects.create(organization=org, title="Q3 co-creation", starts_at=timezone.now(),
                                       facilitator=alice, join_code="LIVE42", guests_allowed=True)
    Participant.objects.create(organization=org, workshop=workshop, person=bob)
    return workshop


@pytest.fixture
def guest_session(meeting):
    """The session key of a guest seated in `meeting`."""
    seat = Participant.objects.create(organization=meeting.organization, workshop=meeting,
                                      guest_name="Visitor", guest_key="guest-secret-key")
    session = SessionStore()
    remember_guest(session, meeting.pk, seat.guest_key)
    session.create()
    return session.session_key


@pytest.fixture(autouse=True)
def fresh_live_state():
    """Each test gets its own fan-out and hub (threads of an earlier test never linger)."""
    fanout.reset()
    hub.reset()
    yield
    fanout.reset()
    hub.reset()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise AssertionError(f"nothing listens on port {port} after {timeout}s")


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory):
    """A throw-away redis-server; skipped without the binary, unless REQUIRE_REDIS=1 (CI)."""
    binary = shutil.which("redis-server")
    if binary is None:
        if os.environ.get("REQUIRE_REDIS") == "1":
            pytest.fail("REQUIRE_REDIS=1 but redis-server is missing (apt-get install redis-server)")
        pytest.skip("Redis tests skipped: redis-server not found (Debian package `redis-server`)")
    port = free_port()
    process = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                "--appendonly", "no", "--dir", str(tmp_path_factory.mktemp("redis"))],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def live_redis(settings, redis_url):
    """The hub of this process on Redis."""
    settings.REDIS_URL = redis_url
    hub.reset()
    yield redis_url
    hub.reset()


class Server:
    """`okrflow serve` in a process of its own, on the test database (which must be PostgreSQL or
    a file: the processes share it)."""

    def __init__(self, env):
        self.env = env
        self.port = free_port()
        self.process = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "okrflow.cli", "serve", "--port", str(self.port), "--workers", "1"],
            env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        wait_for_port(self.port, timeout=60)
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{self.url}/healthz", timeout=5).read()
                return self
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)

    def kill(self):
        """As a crash: no graceful end for anyone."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)


@pytest.fixture
def serve_processes(settings, transactional_db):
    """Start `okrflow serve` processes on the test database; killed at the end."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("several app-server processes share a database on PostgreSQL only "
                    "(scripts/with-postgres.sh runs this test)")
    db = connection.settings_dict
    database_url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST")}
    env.update(DATABASE_URL=database_url, DJANGO_SETTINGS_MODULE="okrflow.settings", HTTPS="false",
               OKRFLOW_DATA_DIR=str(settings.DATA_DIR), SECRET_KEY=settings.SECRET_KEY,
               REDIS_URL=getattr(settings, "REDIS_URL", "") or "")
    servers = []

    def start(redis_url=""):
        server = Server(dict(env, REDIS_URL=redis_url))
        servers.append(server)
        return server.start()

    yield start
    for server in servers:
        server.kill()


class StreamReader:
    """A live stream read in a thread (as a browser holds it): the frames with their arrival time."""

    def __init__(self, base_url, path, session_key, last_event_id=None):
        import http.client
        from urllib.parse import urlsplit

        address = urlsplit(base_url)
        self.connection = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
        headers = {"Accept": "text/event-stream", "Cookie": f"sessionid={session_key}"}
        if last_event_id is not None:
            headers["Last-Event-ID"] = str(last_event_id)
        self.connection.request("GET", path, headers=headers)
        self.response = self.connection.getresponse()
        self.status = self.response.status
        self.frames = []          # (arrival time, {field: value})
        self.hello = threading.Event()
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self):
        fields = {}
        try:
            while True:
                line = self.response.readline()
                if not line:
                    return
                line = line.decode().rstrip("\n")
                if line == "":
                    if fields.get("event") == "live-hello":
                        self.hello.set()
                    elif fields:
                        self.frames.append((time.monotonic(), fields))
                    fields = {}
                elif not line.startswith(":"):
                    name, _, value = line.partition(":")
                    fields[name] = value.lstrip(" ")
        except (OSError, ValueError):
            return

    def arrival_of(self, event_id, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for arrived, fields in list(self.frames):
                if fields.get("id") == str(event_id):
                    return arrived
            time.sleep(0.01)
        return None

    def ids(self):
        return [int(fields["id"]) for _, fields in self.frames if "id" in fields]

    def close(self):
        with contextlib.suppress(OSError, AttributeError):      # AttributeError: already closed
            self.connection.sock.shutdown(socket.SHUT_RDWR)
        self.thread.join(timeout=5)                              # the reader sees the end first
        self.connection.close()


@pytest.fixture
def open_stream():
    readers = []

    def opener(*args, **kwargs):
        reader = StreamReader(*args, **kwargs)
        readers.append(reader)
        return reader

    yield opener
    for reader in readers:
        reader.close()
