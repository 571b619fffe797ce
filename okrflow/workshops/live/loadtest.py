"""Load test of the live rooms (`make loadtest`, docs/benchmarks.md): N participants hold the
meeting's live stream open on `okrflow serve` while each of them adds cards and votes; every
event's delay from its commit (the row's `at`) to its arrival on every screen is measured.

A small asyncio client rather than Locust: Locust's users are greenlets each busy with one request
at a time, while a screen here is a stream that stays open for the whole run (and a second HTTP
client to keep 60–500 of them open in one process would be one more dependency). Streams are read
with asyncio sockets — one process, one event loop, any number of open streams.

    python -m okrflow.workshops.live.loadtest --participants 60
    python -m okrflow.workshops.live.loadtest --participants 500 --cards 1 --votes 0
    python -m okrflow.workshops.live.loadtest --pages          # /healthz and a heavy page only

It builds its own throw-away installation (SQLite in a temp dir, or DATABASE_URL), starts a
throw-away `redis-server` when there is more than one worker, and `okrflow serve` (or, for the
comparison in docs/benchmarks.md, `--server uvicorn` when uvicorn is installed).
"""

import argparse
import asyncio
import json
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def percentile(values, share):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


# --- processes ------------------------------------------------------------------------------------
def start_redis(directory) -> tuple[subprocess.Popen, str]:
    binary = shutil.which("redis-server")
    if binary is None:
        raise SystemExit("redis-server not found (apt-get install redis-server), or run with --workers 1")
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


def start_server(kind, port, workers, env) -> subprocess.Popen:
    if kind == "uvicorn":
        command = [sys.executable, "-m", "uvicorn", "okrflow.asgi:application", "--port", str(port),
                   "--workers", str(workers), "--no-access-log", "--log-level", "warning"]
    else:
        worker_class = "gthread" if kind == "gthread" else "asgi"
        command = [sys.executable, "-m", "okrflow.cli", "serve", "--port", str(port),
                   "--workers", str(workers), "--worker-class", worker_class]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
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


# --- the meeting ------------------------------------------------------------------------------------
def build_meeting(participants: int):
    """An organization, a facilitator and a meeting with `participants` guests, each with a browser
    session holding their seat. Returns (workshop, [(seat, session key)])."""
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone

    from okrflow.org import tree
    from okrflow.org.models import Organization, Person, Unit
    from okrflow.workshops.models import Participant, Workshop
    from okrflow.workshops.seats import remember_guest

    stamp = f"{int(time.time() * 1000)}{random.randrange(1000)}"
    org = Organization.objects.create(slug=f"load{stamp}", name=f"Load {stamp}")
    tree.attach_unit(Unit.objects.create(organization=org, code="ROOT", name=org.name))
    facilitator = Person.objects.create_user(email=f"host{stamp}@example.com", password=None, name="Host",
                                             organization=org)
    workshop = Workshop.objects.create(organization=org, title="Load test", starts_at=timezone.now(),
                                       facilitator=facilitator, join_code=stamp[-12:], guests_allowed=True)
    seats = []
    for number in range(participants):
        seat = Participant.objects.create(organization=org, workshop=workshop, guest_name=f"Guest {number}",
                                          guest_key=f"{stamp}-{number}", joined_at=timezone.now())
        session = SessionStore()
        remember_guest(session, workshop.pk, seat.guest_key)
        session.create()
        seats.append((seat, session.session_key))
    return workshop, seats


def act(workshop, seat, topic, kind, number):
    """One participant's action through the service layer: a row of the meeting and its event in one
    transaction (the co-creation services do the same through their own doors)."""
    from django.db import transaction

    from okrflow.workshops.log import record_event

    with transaction.atomic():
        return record_event(workshop, topic, kind, {"n": number}, actor=seat).pk


# --- the screens --------------------------------------------------------------------------------------
class Screen:
    """One open live stream read with asyncio: every frame's arrival time."""

    def __init__(self, port, path, session_key):
        self.port, self.path, self.session_key = port, path, session_key
        self.delays: dict[int, float] = {}
        self.ready = asyncio.Event()
        self.error = None

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
                        break
                    data = await reader.readexactly(size)
                    await reader.readexactly(2)
                else:
                    data = await reader.read(65536)
                    if not data:
                        break
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
        now = time.time()
        fields = {}
        for line in message.split("\n"):
            if line.startswith(":"):
                continue
            name, _, value = line.partition(":")
            fields[name] = value.lstrip(" ")
        if fields.get("event") == "live-hello":
            self.ready.set()
        elif "data" in fields:
            data = json.loads(fields["data"])
            self.delays.setdefault(data["id"], now - data["at"] / 1000)


async def run_screens(port, workshop_id, sessions, writer, expected_timeout):
    screens = [Screen(port, f"/workshops/{workshop_id}/live/", key) for key in sessions]
    tasks = [asyncio.create_task(screen.run()) for screen in screens]
    opened = time.monotonic()
    await asyncio.wait_for(asyncio.gather(*(screen.ready.wait() for screen in screens)), 120)
    open_seconds = time.monotonic() - opened
    errors = [screen.error for screen in screens if screen.error]
    event_ids = await asyncio.get_running_loop().run_in_executor(None, writer)
    deadline = time.monotonic() + expected_timeout
    wanted = set(event_ids)
    while time.monotonic() < deadline and not all(wanted <= screen.delays.keys() for screen in screens):
        await asyncio.sleep(0.1)
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    delays = [screen.delays[eid] for screen in screens for eid in event_ids if eid in screen.delays]
    missing = sum(1 for screen in screens for eid in event_ids if eid not in screen.delays)
    errors += [screen.error for screen in screens if screen.error and screen.error not in errors]
    return {"screens": len(screens), "events": len(event_ids), "deliveries": len(delays), "missing": missing,
            "errors": errors[:5], "error_count": len(errors), "open_seconds": round(open_seconds, 2),
            **{f"p{share}_ms": round(percentile(delays, share / 100) * 1000, 1) for share in (50, 95, 99)},
            "max_ms": round(max(delays, default=0) * 1000, 1)}


def writer_for(workshop, seats, cards, votes, seconds, threads=4):
    """Every participant adds `cards` cards and casts `votes` votes, spread at random over `seconds`."""
    plan = [(random.uniform(0, seconds), seat, topic, kind)
            for topic, kind, count in (("cards", "card_added", cards), ("votes", "vote_cast", votes))
            for seat, _ in seats for _ in range(count)]
    plan.sort(key=lambda row: row[0])

    def write():
        from django.db import close_old_connections

        started = time.monotonic()
        ids, lock = [], threading.Lock()

        def one(row):
            at, seat, topic, kind = row
            time.sleep(max(0.0, at - (time.monotonic() - started)))
            event_id = act(workshop, seat, topic, kind, len(ids))
            with lock:
                ids.append(event_id)
            close_old_connections()

        with ThreadPoolExecutor(threads) as pool:
            for future in [pool.submit(one, row) for row in plan]:
                future.result()
        return ids

    return write


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
    parser.add_argument("--cards", type=int, default=5, help="cards each participant adds")
    parser.add_argument("--votes", type=int, default=5, help="votes each participant casts")
    parser.add_argument("--seconds", type=float, default=30.0, help="over how long the actions are spread")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--server", choices=["asgi", "gthread", "uvicorn"], default="asgi")
    parser.add_argument("--pages", action="store_true", help="only /healthz and a heavy page, 4 clients")
    parser.add_argument("--demo", action="store_true", help="load the demo organization (for --pages)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)

    directory = tempfile.mkdtemp(prefix="okrflow-load-")
    env = dict(os.environ, OKRFLOW_DATA_DIR=directory, HTTPS="false", OKRFLOW_MAX_REQUESTS="0",
               DJANGO_SETTINGS_MODULE="okrflow.settings", OKRFLOW_PLAIN_STATIC="true")
    env.setdefault("SECRET_KEY", "load-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-0123")
    redis_process = server = None
    try:
        if args.workers > 1 or args.server == "uvicorn":
            redis_process, env["REDIS_URL"] = start_redis(directory)
        os.environ.update(env)
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0)
        port = free_port()
        result = {"server": args.server, "workers": args.workers,
                  "database": "postgresql" if os.environ.get("DATABASE_URL") else "sqlite"}
        if args.pages:
            if args.demo:
                call_command("demo", if_empty=True, verbosity=0)
            server = start_server(args.server, port, args.workers, env)
            result["healthz"] = page_latencies(port, "/healthz", "")
            path, cookie = heavy_page()
            if path:
                result["heavy_page"] = {"path": path, **page_latencies(port, path, cookie)}
        else:
            workshop, seats = build_meeting(args.participants)
            server = start_server(args.server, port, args.workers, env)
            writer = writer_for(workshop, seats, args.cards, args.votes, args.seconds)
            result.update(asyncio.run(run_screens(port, workshop.pk, [key for _, key in seats], writer,
                                                  expected_timeout=10)))
        print(json.dumps(result, ensure_ascii=False) if args.json else
              "\n".join(f"{key}: {value}" for key, value in result.items()))
        return 0 if not result.get("error_count") and not result.get("missing") else 1
    finally:
        stop(server)
        if redis_process is not None:
            redis_process.terminate()
            redis_process.wait()
        shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
