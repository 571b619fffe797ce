"""The load side of the reads: a real server (gunicorn via `okrflow serve`), client threads with
urllib, and a logged-in browser session obtained through the login form."""

import http.cookiejar
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

OKRFLOW = str(Path(sys.executable).parent / "okrflow")
TIMEOUT = 60  # seconds a client waits for one answer
CSRF_FIELD = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


def get(url: str, headers: dict) -> tuple[int | str, float, int]:
    """(status, seconds, body bytes) of one GET; redirects are not followed. A request the
    server dropped or did not answer in time counts as the status "error" (and its time)."""
    started = time.perf_counter()
    request = urllib.request.Request(url, headers=headers)
    try:
        with _NO_REDIRECTS.open(request, timeout=TIMEOUT) as response:
            size = len(response.read())
            status = response.status
    except urllib.error.HTTPError as error:
        size, status = len(error.read()), error.code
    except OSError:  # refused, reset, timed out (URLError and TimeoutError are OSErrors)
        size, status = 0, "error"
    return status, time.perf_counter() - started, size


class _KeepRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect (e.g. to the login page) is an answer to measure, not to follow


_NO_REDIRECTS = urllib.request.build_opener(_KeepRedirects)


def hammer(base: str, paths: list[str], headers: dict, clients: int) -> dict:
    """Each client thread walks its share of `paths`; latencies in milliseconds."""
    latencies, statuses, sizes, lock = [], {}, [], threading.Lock()

    def client(share):
        for path in share:
            status, seconds, size = get(base + path, headers)
            with lock:
                latencies.append(seconds * 1000)
                sizes.append(size)
                statuses[str(status)] = statuses.get(str(status), 0) + 1

    threads = [threading.Thread(target=client, args=(paths[i::clients],)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    cuts = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else latencies * 99
    return {"p50_ms": cuts[49], "p95_ms": cuts[94], "requests": len(latencies), "statuses": statuses,
            "kb": statistics.median(sizes) / 1024}


def log_in(base: str, email: str, password: str) -> dict:
    """Log in through /login/ like a browser; returns the Cookie header of the session."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _KeepRedirects)
    with opener.open(base + "/login/", timeout=60) as response:
        token = CSRF_FIELD.search(response.read())
    if token is None:
        raise RuntimeError("the login page has no CSRF field")
    form = urllib.parse.urlencode({"username": email, "password": password,
                                   "csrfmiddlewaretoken": token.group(1).decode()}).encode()
    request = urllib.request.Request(base + "/login/", data=form, headers={"Referer": base + "/login/"})
    try:
        with opener.open(request, timeout=60) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    if status != 302:
        raise RuntimeError(f"logging in as {email} answered {status}, not a redirect")
    return {"Cookie": "; ".join(f"{cookie.name}={cookie.value}" for cookie in jar)}


def token_for(env: dict, email: str) -> str:
    created = subprocess.run([OKRFLOW, "token", "create", email], env=env, capture_output=True, text=True)
    if created.returncode:
        raise RuntimeError(f"`okrflow token create {email}` failed:\n{created.stderr[-2000:]}")
    return created.stdout.strip().splitlines()[-1]


def _wait_until_up(base: str, seconds: int = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if get(base + "/healthz", {})[0] == 200:
            return
        time.sleep(0.5)
    raise RuntimeError("the server did not start")


def _refuse_a_busy_port(port: int) -> None:
    """Stop when something already listens on the port: the reads would measure that server (a
    left-over one of an interrupted run, with another database and older code) instead of ours."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        if probe.connect_ex(("127.0.0.1", port)) == 0:
            raise SystemExit(f"port {port} is in use (a left-over server?): stop it or pass --port")


@contextmanager
def server(env: dict, port: int, log: Path, *, workers: int = 2, threads: int = 4):
    """`okrflow serve` on 127.0.0.1:port for the block, its access and error log in `log` (where
    a 500 is explained); yields the base URL."""
    _refuse_a_busy_port(port)
    with log.open("w", encoding="utf-8") as output:
        process = subprocess.Popen([OKRFLOW, "serve", "--port", str(port), "--workers", str(workers),
                                    "--threads", str(threads)], env=env, stdout=output,
                                   stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_until_up(base)
            yield base
        finally:
            process.terminate()
            process.wait(timeout=30)
