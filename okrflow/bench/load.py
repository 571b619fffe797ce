"""API reads under concurrent clients against a real server (gunicorn via `okrflow serve`)."""

import sqlite3
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

OKRFLOW = str(Path(sys.executable).parent / "okrflow")


def _get(url: str, headers: dict) -> tuple[int, float]:
    started = time.perf_counter()
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    return status, time.perf_counter() - started


def _hammer(base: str, paths: list[str], headers: dict, clients: int) -> dict:
    """Each client thread walks its share of `paths`; latencies in milliseconds."""
    latencies, statuses, lock = [], {}, threading.Lock()

    def client(share):
        for path in share:
            status, seconds = _get(base + path, headers)
            with lock:
                latencies.append(seconds * 1000)
                statuses[status] = statuses.get(status, 0) + 1

    threads = [threading.Thread(target=client, args=(paths[i::clients],)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    cuts = statistics.quantiles(latencies, n=100)
    return {"p50_ms": cuts[49], "p95_ms": cuts[94], "requests": len(latencies), "statuses": statuses}


def _wait_until_up(base: str, seconds: int = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if _get(base + "/healthz", {})[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError("the server did not start")


def measure(env: dict, database: Path, admin_email: str, *, port: int = 8765, clients: int = 4,
            requests: int = 800) -> dict:
    db = sqlite3.connect(database)
    sample = db.execute("SELECT id FROM okrs_objective ORDER BY random() LIMIT ?", (requests,))
    ids = [row[0] for row in sample]
    db.close()
    token = subprocess.run([OKRFLOW, "token", "create", admin_email], env=env, capture_output=True, text=True,
                           check=True).stdout.strip().splitlines()[-1]
    server = subprocess.Popen([OKRFLOW, "serve", "--port", str(port), "--workers", "2", "--threads", "4"],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base)
        auth = {"Authorization": f"Bearer {token}"}
        detail_paths = [f"/api/v1/objectives/{i}" for i in ids]
        if _get(base + detail_paths[0], auth)[0] == 404 and _get(base + "/api/v1/objectives", auth)[0] == 404:
            return {"missing": True}
        _hammer(base, ["/healthz"] * 40 + detail_paths[:40], auth, clients)  # warm up every worker
        health = _hammer(base, ["/healthz"] * requests, {}, clients)
        detail = _hammer(base, detail_paths, auth, clients)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return {"healthz": health, "detail": detail, "clients": clients}

