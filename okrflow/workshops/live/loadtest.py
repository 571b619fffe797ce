"""Load test of the live rooms through the real endpoints (`make loadtest`, docs/benchmarks.md).

N participants of one meeting, each a person with an API token and a browser session, hold the
meeting's live stream open (`/workshops/<pk>/live/`) AND add cards and cast, take back and recast
dot votes over HTTP through the co-creation API (`/api/v1/workshops/<pk>/cards`, `…/columns/<id>/
votes`), one action every `--interval` seconds each (±50 %), for `--seconds`. For every update
the time from the write's response to its arrival on every OTHER screen's stream (the
participants' and the facilitator's projector) is measured; an update that reached a screen
before its writer had the answer counts as 0. /healthz is probed on every process in the same run
(the machine's floor: this 2-core machine is shared, so the ratios say more than the figures).

    python -m okrflow.workshops.live.loadtest                       # 60 participants, SQLite, one process
    scripts/with-postgres.sh python -m okrflow.workshops.live.loadtest --processes 2   # PostgreSQL + Redis
    python -m okrflow.workshops.live.loadtest --workers 2 --hub in-process   # the cross-worker sweep
    python -m okrflow.workshops.live.loadtest --pages          # /healthz and a heavy page only

It builds its own throw-away installation (SQLite in a temp dir, or DATABASE_URL), starts a
throw-away `redis-server` when more than one process serves (unless `--hub in-process`), and
`okrflow serve` (or, for the comparison in docs/benchmarks.md, `--server uvicorn` when installed).
A small asyncio client rather than Locust: a screen is a stream held open for the whole run,
which Locust's one-request-at-a-time users do not model; one event loop holds every stream and
every participant's keep-alive connection.
"""

import argparse
import asyncio
import html
import json
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def percentile(values, share):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def ms(seconds) -> float:
    return round(seconds * 1000, 1)


def spread(values) -> dict:
    """p50 / p95 / p99 / max of `values` (seconds) in milliseconds."""
    return {"p50_ms": ms(percentile(values, 0.5)), "p95_ms": ms(percentile(values, 0.95)),
            "p99_ms": ms(percentile(values, 0.99)), "max_ms": ms(max(values, default=0))}


# --- processes ------------------------------------------------------------------------------------
def start_redis(directory) -> tuple[subprocess.Popen, str]:
    binary = shutil.which("redis-server")
    if binary is None:
        raise SystemExit("redis-server not found (apt-get install redis-server), or run one process")
    port = free_port()
    process = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                "--appendonly", "no", "--dir", str(directory)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for_port(port)
    return process, f"redis://127.0.0.1:{port}/0"


def wait_for_port(port, timeout=20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"nothing listens on port {port} after {timeout}s")


def start_server(kind, port, workers, env, log_path) -> subprocess.Popen:
    if kind == "uvicorn":
        command = [sys.executable, "-m", "uvicorn", "okrflow.asgi:application", "--port", str(port),
                   "--workers", str(workers), "--no-access-log", "--log-level", "warning"]
    else:
        worker_class = "gthread" if kind == "gthread" else "asgi"
        command = [sys.executable, "-m", "okrflow.cli", "serve", "--port", str(port),
                   "--workers", str(workers), "--worker-class", worker_class]
    with open(log_path, "ab") as log:         # a file, not a pipe nobody reads (it would fill and block)
        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=log,
                                   start_new_session=True)
    wait_for_port(port, timeout=60)
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5).read()
            return process
        except OSError:
            time.sleep(0.2)
    raise SystemExit("the server does not answer /healthz")


def stop(process):
    if process is not None and process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=25)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def server_errors(log_path) -> list[str]:
    """What a server's error log reports as failures: each traceback's last line (the exception),
    and the lines logged as errors."""
    try:
        with open(log_path, encoding="utf-8", errors="replace") as log:
            lines = [line.rstrip() for line in log]
    except OSError:
        return []
    found, in_traceback = [], False
    for line in lines:
        if line.startswith("Traceback"):
            in_traceback = True
        elif in_traceback and line and not line.startswith((" ", "\t")) and not line.startswith(
                ("The above exception", "During handling")):
            found.append(line)
            in_traceback = False
        elif not in_traceback and ("[ERROR]" in line or line.startswith("ERROR")):
            found.append(line)
    return found


def ensure_database(url: str) -> None:
    """Create the PostgreSQL database of `url` when it is not there (scripts/with-postgres.sh names
    one it does not create); the load test's rows then live in a database of their own."""
    from urllib.parse import urlsplit, urlunsplit

    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as db:
        if db.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
            db.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


# --- the meeting ------------------------------------------------------------------------------------
@dataclass
class Seat:
    """One participant: their seat's id, API token and session (for the stream)."""

    seat_id: int
    token: str
    session_key: str


def _session_of(person) -> str:
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(person.pk)
    session[BACKEND_SESSION_KEY] = "okrflow.org.auth.EmailBackend"
    session[HASH_SESSION_KEY] = person.get_session_auth_hash()
    session["_okrflow_touched"] = int(time.time())
    session.create()
    return session.session_key


def build_meeting(participants: int, columns: int = 4):
    """An organization, a facilitator and a live meeting whose current item is a co-creation in its
    writing step, with `columns` plenary columns to vote on, and `participants` people seated in it,
    each with an API token and a logged-in session. Returns (workshop, facilitator's session, [Seat])."""
    from django.utils import timezone

    from okrflow.org import tree
    from okrflow.org.models import ApiToken, Organization, Person, Unit
    from okrflow.workshops.models import (
        AgendaItem,
        Column,
        ItemState,
        Method,
        Participant,
        Stage,
        State,
        Workshop,
    )

    stamp = f"{int(time.time() * 1000)}{random.randrange(1000)}"
    org = Organization.objects.create(slug=f"load{stamp}", name=f"Load {stamp}")
    tree.attach_unit(Unit.objects.create(organization=org, code="ROOT", name=org.name))
    host = Person.objects.create_user(email=f"host{stamp}@example.com", password=None, name="Host",
                                      organization=org)
    now = timezone.now()
    workshop = Workshop.objects.create(organization=org, title="Load test", starts_at=now, facilitator=host,
                                       join_code=stamp[-12:], state=State.LIVE)
    item = AgendaItem.objects.create(organization=org, workshop=workshop, position=0, title="Co-creation",
                                     minutes=30, method=Method.COCREATION, stage=Stage.WRITE,
                                     state=ItemState.RUNNING, started_at=now,
                                     ends_at=now + timezone.timedelta(minutes=30))
    workshop.current_item = item
    workshop.save(update_fields=["current_item"])
    for number in range(columns):
        Column.objects.create(organization=org, workshop=workshop, agenda_item=item, position=number,
                              keyword=f"方向{number + 1}")
    seats = []
    for number in range(participants):
        person = Person.objects.create_user(email=f"p{number}.{stamp}@example.com", password=None,
                                            name=f"参与者 {number}", organization=org)
        seat = Participant.objects.create(organization=org, workshop=workshop, person=person, joined_at=now)
        key = ApiToken.new_key()
        ApiToken.objects.create(organization=org, person=person, name="load test",
                                key_hash=ApiToken.hash_key(key), hint=key[:12])
        seats.append(Seat(seat.pk, key, _session_of(person)))
    return workshop, _session_of(host), seats


# --- the client: keep-alive HTTP over asyncio ----------------------------------------------------------
class Connection:
    """One keep-alive HTTP/1.1 connection (a participant's phone talking to its server)."""

    def __init__(self, port):
        self.port = port
        self.reader = self.writer = None

    async def request(self, method, path, headers=None, body=b""):
        for attempt in (1, 2):
            if self.writer is None:
                self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
            head = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", f"Content-Length: {len(body)}"]
            head += [f"{name}: {value}" for name, value in (headers or {}).items()]
            self.writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + body)
            await self.writer.drain()
            status_line = await self.reader.readline()
            if not status_line and attempt == 1:          # the server closed the idle connection
                self.close()
                continue
            return await self._response(status_line)
        raise ConnectionError("the server closed the connection")

    async def _response(self, status_line):
        status = int(status_line.split()[1])
        headers = {}
        while (line := (await self.reader.readline()).decode().strip()):
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        if headers.get("transfer-encoding", "").lower() == "chunked":
            body = b""
            while (size := int((await self.reader.readline()).strip() or b"0", 16)):
                body += await self.reader.readexactly(size)
                await self.reader.readexactly(2)
            await self.reader.readline()
        else:
            body = await self.reader.readexactly(int(headers.get("content-length", "0")))
        if headers.get("connection", "").lower() == "close":
            self.close()
        return status, body

    def close(self):
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


# --- the screens --------------------------------------------------------------------------------------
class Screen:
    """One open live stream read with asyncio: when each participant's n-th update arrived.

    A participant's actions are sequential (the next one starts after the answer to the last), so
    their n-th event on the stream is their n-th write: (seat, n) identifies an update on every
    screen without an id in the API's answers."""

    def __init__(self, port, path, session_key, owner=None, panels=None):
        self.port, self.path, self.session_key, self.owner = port, path, session_key, owner
        self.panels: dict[str, Panel] = panels or {}       # topic -> the panel its event refreshes
        self.arrivals: dict[tuple[int, int], float] = {}
        self._counts: dict[int, int] = {}
        self.ready = asyncio.Event()
        self.error = None
        self.frames = 0

    async def run(self):
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", self.port, limit=1 << 20)
            writer.write((f"GET {self.path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
                          f"Cookie: sessionid={self.session_key}\r\n\r\n").encode())
            await writer.drain()
            status = (await reader.readline()).decode()
            headers = {}
            while (line := (await reader.readline()).decode().strip()):
                name, _, value = line.partition(":")
                headers[name.strip().lower()] = value.strip()
            if " 200 " not in status:
                raise RuntimeError(f"stream answered {status.strip()}")
            chunked = headers.get("transfer-encoding", "").lower() == "chunked"
            buffer = ""
            while True:
                if chunked:
                    size = int((await reader.readline()).strip() or b"0", 16)
                    if size == 0:
                        raise RuntimeError("the stream ended")
                    data = await reader.readexactly(size)
                    await reader.readexactly(2)
                else:
                    data = await reader.read(65536)
                    if not data:
                        raise RuntimeError("the stream ended")
                buffer += data.decode()
                while "\n\n" in buffer:
                    message, buffer = buffer.split("\n\n", 1)
                    self._message(message)
        except asyncio.CancelledError:
            raise
        except (OSError, RuntimeError, ValueError, asyncio.IncompleteReadError) as error:
            self.error = repr(error)
            self.ready.set()

    def _message(self, message):
        now = time.monotonic()
        fields = {}
        for line in message.split("\n"):
            if line.startswith(":"):
                continue
            name, _, value = line.partition(":")
            fields[name] = value.lstrip(" ")
        if fields.get("event") == "live-hello":
            self.ready.set()
        elif "data" in fields:
            self.frames += 1
            payload = json.loads(fields["data"]).get("payload") or {}
            seat = payload.get("author", payload.get("participant"))
            if seat is not None:
                number = self._counts.get(seat, 0)
                self._counts[seat] = number + 1
                self.arrivals[(seat, number)] = now
                panel = self.panels.get(fields.get("event"))
                if panel is not None:
                    panel.event((seat, number), json.loads(fields["data"]))

    def visible(self) -> dict[tuple[int, int], float]:
        """When each update was on this screen: the end of the first panel fetch after its event."""
        return {key: at for panel in self.panels.values() for key, at in panel.shown.items()}


class Panel:
    """One panel of a screen as the browser shows it (live.js + cocreation.js + htmx).

    An event the panel can show from its payload (another participant's card count while the room
    writes, their dots while the totals are hidden: cocreation.js `applyCards` / `applyVotes`, the
    same rules here) is visible when it arrives, and the counts are kept as the script keeps them;
    `counts_agree` compares them with the database at the end. Any other event triggers a GET of
    the panel at once, or — within `window` seconds of the last trigger or while the last GET is
    under way — once after both, for all the events meanwhile; it is visible when the first GET that
    started after its event arrived has its answer (the event comes after the commit)."""

    def __init__(self, port, path, session_key, window, topic=""):
        self.connection = Connection(port)
        self.path, self.window, self.topic = path, window, topic
        self.state: dict = {}           # the data-cc-* attributes of the panel last fetched
        self.counts: dict = {}          # author -> (event id, count) applied from payloads
        self.applied = 0
        self.latest: dict = {}          # author -> (event id, count): the newest the page kept
        self.headers = {"Cookie": f"sessionid={session_key}", "HX-Request": "true"}
        self.waiting: list = []         # updates whose trigger is still to fire
        self.triggered: list = []       # updates whose trigger fired, for the next GET to show
        self.last_fired = float("-inf")
        self.timer = None
        self.busy = False
        self.shown: dict = {}
        self.fetches: list[float] = []
        self.errors: list[str] = []
        self.task = None

    def event(self, key, data=None):
        if data is not None and self.apply(data):
            self.shown.setdefault(key, time.monotonic())
            return
        self.waiting.append(key)
        self.schedule()

    def read_state(self, body: bytes):
        text = body[:200000].decode(errors="replace")
        root = re.search(r'id="cc-(?:panel|vote)"(.*?)>', text, re.S)
        attributes = dict(re.findall(r'data-cc-([a-z]+)="([^"]*)"', root.group(1))) if root else {}
        writers = re.findall(r'data-cc-writer="(\d+)" data-cc-count="(\d+)"', text)
        attributes["writers"] = {author for author, _count in writers}
        spent = html.unescape(attributes.get("spent", "")) or "{}"
        attributes["spent"] = {key: (0, value) for key, value in json.loads(spent).items()}
        attributes["cards"] = {author: (0, int(count)) for author, count in writers}
        self.state = attributes
        as_of = int(attributes.get("asof") or 0)
        # the newest count per author kept by the page, for the events after the panel was read
        self.counts = {author: known for author, known in self.latest.items() if known[0] > as_of}

    def apply(self, data) -> bool:
        """cocreation.js's rule: True when the screen shows this event without a fetch."""
        state, payload, kind = self.state, data.get("payload") or {}, data.get("kind")
        author = payload.get("author" if self.topic == "cards" else "participant")
        if (not state or author is None or str(payload.get("item")) != state.get("item")
                or str(author) == state.get("seat")):
            return False
        if self.topic == "cards":
            if state.get("stage") != "write":
                return False
            if kind == "card_edited":
                return True
            if kind not in ("card_added", "card_deleted") or str(author) not in state["writers"]:
                return False
            value = payload.get("count")
        else:
            if state.get("revealed") != "0" or kind not in ("vote_cast", "vote_retracted"):
                return False
            value = payload.get("spent")
        if not isinstance(value, int):
            return False
        if self.latest.get(str(author), (0, 0))[0] < data["id"]:
            self.latest[str(author)] = (data["id"], max(0, value))
        if int(state.get("asof") or 0) < data["id"] and self.counts.get(str(author), (0, 0))[0] < data["id"]:
            self.counts[str(author)] = (data["id"], max(0, value))
        self.applied += 1
        return True

    def shown_counts(self) -> dict:
        """author -> the count this screen shows now (the fetched panel's, updated by payloads)."""
        base = dict(self.state.get("spent" if self.topic == "votes" else "cards", {}))
        base.update(self.counts)
        return {author: value for author, (_id, value) in base.items()}

    def schedule(self):
        if not self.waiting or self.timer is not None or self.busy:
            return                      # a trigger is due, or the GET's end schedules it
        wait = self.last_fired + self.window - time.monotonic()
        if wait <= 0:
            self.fire()
        else:
            self.timer = asyncio.get_running_loop().call_later(wait, self._due)

    def _due(self):
        self.timer = None
        if not self.busy:
            self.fire()

    def fire(self):
        self.last_fired = time.monotonic()
        self.triggered, self.waiting = self.triggered + self.waiting, []
        self.busy = True
        self.task = asyncio.get_running_loop().create_task(self.fetch())

    async def fetch(self):
        keys, self.triggered = self.triggered, []
        started = time.monotonic()
        try:
            status, body = await self.connection.request("GET", self.path, self.headers)
        except (OSError, ValueError, IndexError, asyncio.IncompleteReadError) as error:
            self.errors.append(f"panel: {error!r}")
            self.connection.close()
        else:
            answered = time.monotonic()
            if status == 200:
                self.fetches.append(answered - started)
                self.read_state(body)
                for key in keys:
                    self.shown.setdefault(key, answered)
            else:
                self.errors.append(f"panel: {status} {body[:200].decode(errors='replace')}")
        finally:
            self.busy = False
        self.schedule()

    async def load(self):
        """The panel as the room's page first shows it (before the meeting's writes begin)."""
        status, body = await self.connection.request("GET", self.path, self.headers)
        if status != 200:
            raise RuntimeError(f"panel {self.path} answered {status}")
        self.read_state(body)

    def close(self):
        if self.timer is not None:
            self.timer.cancel()
        if self.task is not None:
            self.task.cancel()
        self.connection.close()


# --- the participants -----------------------------------------------------------------------------------
@dataclass
class Write:
    seat_id: int
    number: int        # the participant's n-th successful write
    kind: str
    sent: float
    answered: float


@dataclass
class Participant:
    """One person at the meeting: five cards, then their dots, then taking one back and recasting it."""

    seat: Seat
    port: int
    workshop_id: int
    column_ids: list
    cards: int
    budget: int
    writes: list = field(default_factory=list)
    errors: list = field(default_factory=list)

    def actions(self):
        for number in range(self.cards):
            yield "card", None, f"参与者{self.seat.seat_id}的第{number + 1}个想法"
        voted = []
        for number in range(self.budget):
            column = self.column_ids[(self.seat.seat_id + number) % len(self.column_ids)]
            voted.append(column)
            yield "vote", column, None
        while True:
            column = voted[random.randrange(len(voted))]
            yield "unvote", column, None
            yield "vote", column, None

    async def run(self, until, interval):
        connection = Connection(self.port)
        headers = {"Authorization": f"Bearer {self.seat.token}", "Content-Type": "application/json"}
        base = f"/api/v1/workshops/{self.workshop_id}"
        await asyncio.sleep(random.uniform(0, interval))
        try:
            for kind, column, text in self.actions():
                if time.monotonic() >= until:
                    return
                if kind == "card":
                    method, path, body = "POST", f"{base}/cards", json.dumps({"text": text}).encode()
                else:
                    method, path, body = ("POST" if kind == "vote" else "DELETE",
                                          f"{base}/columns/{column}/votes", b"")
                sent = time.monotonic()
                try:
                    status, answer = await connection.request(method, path, headers, body)
                except (OSError, ValueError, IndexError, asyncio.IncompleteReadError) as error:
                    self.errors.append(f"{kind}: {error!r}")
                    connection.close()
                else:
                    if status in (200, 201):
                        self.writes.append(Write(self.seat.seat_id, len(self.writes), kind, sent,
                                                 time.monotonic()))
                    else:
                        self.errors.append(f"{kind}: {status} {answer[:200].decode(errors='replace')}")
                await asyncio.sleep(interval * random.uniform(0.5, 1.5))
        finally:
            connection.close()


async def probe_healthz(ports, until, every=0.5):
    """/healthz on every process, one request every `every` seconds each, until `until`."""
    times = []

    async def one(port):
        connection = Connection(port)
        try:
            while time.monotonic() < until:
                started = time.monotonic()
                status, _ = await connection.request("GET", "/healthz")
                if status == 200:
                    times.append(time.monotonic() - started)
                await asyncio.sleep(every)
        finally:
            connection.close()

    await asyncio.gather(*(one(port) for port in ports))
    return times


async def sample_connections(until, every=2.0):
    """The most PostgreSQL connections open to the load test's database at once (None on SQLite)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None

    def count():
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()")
            return cursor.fetchone()[0]

    loop, peak = asyncio.get_running_loop(), 0
    with ThreadPoolExecutor(1) as thread:            # one thread: Django's connection is per thread
        while time.monotonic() < until:
            peak = max(peak, await loop.run_in_executor(thread, count))
            await asyncio.sleep(every)
        await loop.run_in_executor(thread, lambda: connection.close())
    return peak


async def healthz_floor(ports, requests_each=30):
    """/healthz before the load: one request at a time per process."""
    times = []
    for port in ports:
        connection = Connection(port)
        for _ in range(requests_each):
            started = time.monotonic()
            status, _ = await connection.request("GET", "/healthz")
            if status == 200:
                times.append(time.monotonic() - started)
        connection.close()
    return times


def panels_of(port, workshop_id, session_key, *, screen, window) -> dict:
    """What a screen of the load test's room re-fetches, by topic: its co-creation panel on a card
    (`live:cards`), the dot vote's panel on a vote (`live:votes`) — both, as if the room showed the
    two at once (a real room shows the current item's one; this is the heavier case)."""
    from django.urls import reverse

    query = "?screen=1" if screen else ""
    return {topic: Panel(port, reverse(name, args=[workshop_id]) + query, session_key, window, topic)
            for topic, name in (("cards", "workshop_cocreation_panel"), ("votes", "workshop_vote_panel"))}


async def run_room(ports, workshop, host_session, seats, column_ids, *, seconds, interval, drain=10.0,
                   panels=True, window=0.4):
    """Open every screen, run the participants for `seconds`, wait up to `drain` seconds for the
    last updates, and measure. With `panels`, every screen also re-fetches its panels on their
    events as a browser does (coalesced over `window` seconds, live.js's COALESCE_MS)."""
    path = f"/workshops/{workshop.pk}/live/"

    def screen_of(port, session_key, owner):
        fetched = {}
        if panels:
            fetched = panels_of(port, workshop.pk, session_key, screen=owner is None, window=window)
        return Screen(port, path, session_key, owner=owner, panels=fetched)

    screens = [screen_of(ports[number % len(ports)], seat.session_key, seat.seat_id)
               for number, seat in enumerate(seats)]
    screens.append(screen_of(ports[0], host_session, None))               # the facilitator's projector
    tasks = [asyncio.create_task(screen.run()) for screen in screens]
    opened = time.monotonic()
    await asyncio.wait_for(asyncio.gather(*(screen.ready.wait() for screen in screens)), 120)
    open_seconds = time.monotonic() - opened
    await asyncio.gather(*(panel.load() for screen in screens for panel in screen.panels.values()))
    floor = await healthz_floor(ports)

    people = [Participant(seat, ports[number % len(ports)], workshop.pk, column_ids,
                          workshop.cards_per_person, workshop.vote_budget)
              for number, seat in enumerate(seats)]
    cpu_before, load_before = time.process_time(), os.getloadavg()[0]
    started = time.monotonic()
    until = started + seconds
    probe = asyncio.create_task(probe_healthz(ports, until))
    connections = asyncio.create_task(sample_connections(until))
    await asyncio.gather(*(person.run(until, interval) for person in people))
    written = time.monotonic() - started
    under_load = await probe
    peak_connections = await connections
    writes = [write for person in people for write in person.writes]
    wanted = {(write.seat_id, write.number) for write in writes}
    deadline = time.monotonic() + drain

    def all_there():
        return all(wanted <= screen.arrivals.keys() and (not panels or _shown_everywhere(screen, writes))
                   for screen in screens)

    while time.monotonic() < deadline and not all_there():
        await asyncio.sleep(0.1)
    cpu, load_after = time.process_time() - cpu_before, os.getloadavg()[0]
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    for screen in screens:
        for panel in screen.panels.values():
            panel.close()

    port_of = {person.seat.seat_id: person.port for person in people}
    delays, from_sent, early, missing, cross = [], [], 0, 0, []
    for screen in screens:
        for write in writes:
            if write.seat_id == screen.owner:
                continue                   # the writer's own screen re-renders from its own answer
            arrived = screen.arrivals.get((write.seat_id, write.number))
            if arrived is None:
                missing += 1
                continue
            early += arrived < write.answered
            delay = max(0.0, arrived - write.answered)
            delays.append(delay)
            from_sent.append(arrived - write.sent)
            if len(ports) > 1 and port_of[write.seat_id] != screen.port:
                cross.append(delay)
    errors = [error for person in people for error in person.errors]
    stream_errors = [screen.error for screen in screens if screen.error]
    shown = _visible_after_answer(screens, writes) if panels else None
    result = {
        "participants": len(seats), "screens": len(screens), "seconds": round(written, 1),
        "interval_s": interval, "streams_open_s": round(open_seconds, 2),
        "writes": len(writes), "writes_per_s": round(len(writes) / written, 1),
        "by_kind": {kind: sum(1 for w in writes if w.kind == kind) for kind in ("card", "vote", "unvote")},
        "write": spread([w.answered - w.sent for w in writes]),
        "deliveries": len(delays), "expected": len(delays) + missing, "missing": missing,
        "before_the_answer": early,
        "delivery": spread(delays), "delivery_from_request": spread(from_sent),
        "write_errors": len(errors), "stream_errors": len(stream_errors),
        "errors_sample": (errors + stream_errors)[:5],
        "healthz_idle": spread(floor), "healthz_under_load": spread(under_load),
        "client_cpu_s": round(cpu, 1), "loadavg_1m": [round(load_before, 2), round(load_after, 2)],
    }
    if cross:
        result["delivery_across_processes"] = spread(cross)
    if shown is not None:
        fetched = [panel for screen in screens for panel in screen.panels.values()]
        fetch_times = [value for panel in fetched for value in panel.fetches]
        panel_errors = [error for panel in fetched for error in panel.errors]
        result.update({
            "coalesce_ms": round(window * 1000), "visible": spread(shown["delays"]),
            "visible_missing": shown["missing"], "panel_fetches": len(fetch_times),
            "panel_fetches_per_s": round(len(fetch_times) / (time.monotonic() - started), 1),
            "panel_fetch": spread(fetch_times), "panel_errors": len(panel_errors),
            "shown_from_payload": sum(panel.applied for panel in fetched),
            "_shown_counts": [(screen.owner, topic, panel.shown_counts())
                              for screen in screens for topic, panel in screen.panels.items()],
        })
        result["errors_sample"] = (result["errors_sample"] + panel_errors)[:5]
    if peak_connections is not None:
        result["postgres_connections_peak"] = peak_connections
    floor_p95 = result["healthz_under_load"]["p95_ms"] or float("nan")
    result["delivery_p95_over_healthz_p95"] = round(result["delivery"]["p95_ms"] / floor_p95, 1)
    return result


def _shown_everywhere(screen, writes) -> bool:
    visible = screen.visible()
    return all((write.seat_id, write.number) in visible for write in writes
               if write.seat_id != screen.owner and write.kind in ("card", "vote", "unvote"))


def _visible_after_answer(screens, writes) -> dict:
    """For every update on every screen but its writer's: from the writer's answer to the end of
    the panel fetch that showed it (0 when that was before the answer), and how many never showed."""
    delays, missing = [], 0
    for screen in screens:
        visible = screen.visible()
        for write in writes:
            if write.seat_id == screen.owner:
                continue
            at = visible.get((write.seat_id, write.number))
            if at is None:
                missing += 1
            else:
                delays.append(max(0.0, at - write.answered))
    return {"delays": delays, "missing": missing}


def stored_matches(workshop, result) -> bool:
    """The database holds what the answers said: one card per card written, one vote per net vote."""
    from okrflow.workshops.models import Card, Vote

    kinds = result["by_kind"]
    return (Card.objects.filter(workshop=workshop).count() == kinds["card"]
            and Vote.objects.filter(workshop=workshop).count() == kinds["vote"] - kinds["unvote"])


def counts_agree(workshop, shown) -> int:
    """How many screens' panels show, for every other participant, the cards and dots the database
    holds at the end (a screen's own writer's count comes from their own answers, not measured)."""
    from django.db.models import Count

    from okrflow.workshops.models import Card, Vote

    truth = {
        "cards": {str(row["author_id"]): row["n"] for row in
                  Card.objects.filter(workshop=workshop).values("author_id").annotate(n=Count("id"))},
        "votes": {str(row["participant_id"]): row["n"] for row in
                  Vote.objects.filter(workshop=workshop).values("participant_id").annotate(n=Count("id"))},
    }
    agree = 0
    for owner, topic, counts in shown:
        stored = truth[topic]
        authors = (set(stored) | set(counts)) - {str(owner)}
        agree += all(counts.get(author, 0) == stored.get(author, 0) for author in authors)
    return agree


# --- ordinary pages ----------------------------------------------------------------------------------
def page_latencies(port, path, cookie, clients=4, requests_each=50):
    def client(_):
        times = []
        for _ in range(requests_each):
            request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Cookie": cookie})
            started = time.perf_counter()
            with urllib.request.urlopen(request, timeout=30) as response:
                response.read()
                assert response.status == 200, response.status
            times.append(time.perf_counter() - started)
        return times

    with ThreadPoolExecutor(clients) as pool:
        times = [value for chunk in pool.map(client, range(clients)) for value in chunk]
    return {"p50_ms": round(statistics.median(times) * 1000, 1),
            "p95_ms": round(percentile(times, 0.95) * 1000, 1)}


def heavy_page():
    """The demo company's objective with the most key results, and a session of its owner."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.db.models import Count
    from django.urls import reverse

    from okrflow.okrs.models import Objective

    objective = Objective.objects.annotate(n=Count("key_results")).order_by("-n", "pk").first()
    if objective is None:
        return None, None
    person = objective.organization.root_unit().head       # the company head sees every objective
    session = SessionStore()
    session[SESSION_KEY] = str(person.pk)
    session[BACKEND_SESSION_KEY] = "okrflow.org.auth.EmailBackend"
    session[HASH_SESSION_KEY] = person.get_session_auth_hash()
    session["_okrflow_touched"] = int(time.time())
    session.create()
    return reverse("objective", args=[objective.pk]), f"sessionid={session.session_key}"


# --- main -------------------------------------------------------------------------------------------------
def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=60)
    parser.add_argument("--seconds", type=float, default=90.0, help="how long the participants act")
    parser.add_argument("--interval", type=float, default=3.0,
                        help="seconds between one participant's actions (±50 %%)")
    parser.add_argument("--processes", type=int, default=1,
                        help="okrflow serve processes on ports of their own (2: PostgreSQL and Redis)")
    parser.add_argument("--workers", type=int, default=1, help="gunicorn workers per process")
    parser.add_argument("--hub", choices=["auto", "in-process"], default="auto",
                        help="auto: Redis when more than one worker or process serves")
    parser.add_argument("--server", choices=["asgi", "gthread", "uvicorn"], default="asgi")
    parser.add_argument("--no-panels", dest="panels", action="store_false",
                        help="screens only read the stream (do not re-fetch their panels)")
    parser.add_argument("--coalesce-ms", type=int, default=400,
                        help="a screen's panel refreshes at most this often (live.js COALESCE_MS)")
    parser.add_argument("--no-pool", dest="pool", action="store_false",
                        help="PostgreSQL: CONN_MAX_AGE=60 without the connection pool (the comparison)")
    parser.add_argument("--pages", action="store_true", help="only /healthz and a heavy page, 4 clients")
    parser.add_argument("--demo", action="store_true", help="load the demo organization (for --pages)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    postgres = os.environ.get("DATABASE_URL", "").startswith(("postgres", "pgsql"))
    if args.processes > 1 and not postgres:
        raise SystemExit("several processes share a PostgreSQL database: run under scripts/with-postgres.sh "
                         "(or set DATABASE_URL)")
    if args.processes > 1 and args.hub == "in-process":
        raise SystemExit("several processes reach each other's screens through Redis: drop --hub in-process")

    directory = tempfile.mkdtemp(prefix="okrflow-load-")
    env = dict(os.environ, OKRFLOW_DATA_DIR=directory, HTTPS="false", OKRFLOW_MAX_REQUESTS="0",
               DJANGO_SETTINGS_MODULE="okrflow.settings", OKRFLOW_PLAIN_STATIC="true")
    env.setdefault("SECRET_KEY", "load-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-0123")
    env.pop("REDIS_URL", None)
    if not args.pool:
        env["DB_POOL"] = "false"
    redis_process, servers = None, []
    logs = [os.path.join(directory, f"server-{number}.log") for number in range(args.processes)]
    try:
        several = args.processes > 1 or args.workers > 1 or args.server == "uvicorn"
        if several and args.hub == "auto":
            redis_process, env["REDIS_URL"] = start_redis(directory)
        os.environ.update(env)
        if postgres:
            ensure_database(env["DATABASE_URL"])
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0)
        ports = [free_port() for _ in range(args.processes)]
        result = {"server": args.server, "processes": args.processes, "workers": args.workers,
                  "database": "postgresql" if postgres else "sqlite",
                  "hub": "redis" if env.get("REDIS_URL") else "in-process"}
        if postgres:
            from django.conf import settings

            # okrflow serve gives each worker its share of OKRFLOW_DB_CONNECTIONS (ops/database.py).
            result["db_pool_per_worker"] = (
                f"{settings.OKRFLOW_DB_CONNECTIONS} shared by {args.workers} worker(s) a process"
                if args.pool else "off (CONN_MAX_AGE=60)")
        if args.pages:
            if args.demo:
                call_command("demo", if_empty=True, verbosity=0)
            servers.append(start_server(args.server, ports[0], args.workers, env, logs[0]))
            result["healthz"] = page_latencies(ports[0], "/healthz", "")
            path, cookie = heavy_page()
            if path:
                result["heavy_page"] = {"path": path, **page_latencies(ports[0], path, cookie)}
            failed = False
        else:
            workshop, host_session, seats = build_meeting(args.participants)
            for port, log in zip(ports, logs, strict=True):
                servers.append(start_server(args.server, port, args.workers, env, log))
            column_ids = list(workshop.columns.order_by("position").values_list("id", flat=True))
            result.update(asyncio.run(run_room(ports, workshop, host_session, seats, column_ids,
                                               seconds=args.seconds, interval=args.interval,
                                               panels=args.panels, window=args.coalesce_ms / 1000)))
            result["stored_matches_answers"] = stored_matches(workshop, result)
            shown = result.pop("_shown_counts", None)
            if shown is not None:
                result["screens_showing_the_stored_counts"] = counts_agree(workshop, shown)
            failed = bool(result["missing"] or result["write_errors"] or result["stream_errors"]
                          or result.get("visible_missing") or result.get("panel_errors")
                          or not result["stored_matches_answers"]
                          or (shown is not None
                              and result["screens_showing_the_stored_counts"] != len(shown)))
        for server in servers:
            stop(server)
        reported = [line for log in logs for line in server_errors(log)]
        result["server_log_errors"] = sorted(set(reported))[:8]
        result["server_log_error_count"] = len(reported)
        failed = failed or bool(result["server_log_errors"])
        print(json.dumps(result, ensure_ascii=False) if args.json else
              "\n".join(f"{key}: {value}" for key, value in result.items()))
        return 1 if failed else 0
    finally:
        for server in servers:
            stop(server)
        if redis_process is not None:
            redis_process.terminate()
            redis_process.wait()
        shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
