"""Racing writes (issue 7, item 5): requests that change and delete the same objects at the same
moment answer 2xx or a clean JSON 404 (never a 5xx or an HTML page), and the database stays
consistent. Runs on SQLite (a file database in WAL mode, IMMEDIATE transactions, a busy
timeout: the settings of an install) and on PostgreSQL (row locks).

The race runs against a real threaded HTTP server in this process; every request and every
server thread has its own database connection. Setup and checks also run in threads of their
own, because on SQLite the test's own connection holds the in-memory test database.
"""

import http.client
import json
import sqlite3
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
from django.db import connection, connections

from okrflow.actors import SYSTEM
from okrflow.audit.models import AuditEntry
from okrflow.checkins.models import CheckIn
from okrflow.checkins.services import delete_checkin, record_checkin
from okrflow.errors import NotFound
from okrflow.okrs import services
from okrflow.okrs.models import KeyResult, Objective
from okrflow.org.models import Role
from okrflow.org.services import issue_token
from tests.factories import make_cycle, make_org, make_person
from tests.okrs.factories import make_key_result, make_objective

PER_ROUND = 14
ROUNDS = 18  # × 14 requests a round = 252 racing requests
CLEAN = {200, 201, 204, 404, 409}


def in_own_thread(function, *args):
    """Run `function` in a new thread with its own database connection; return its result."""
    outcome = {}

    def run():
        try:
            outcome["value"] = function(*args)
        except BaseException as error:  # handed back to the caller, re-raised there
            outcome["error"] = error
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


@pytest.fixture
def shared_database(transactional_db, tmp_path):
    """A database every thread reaches with a connection of its own, holding committed data."""
    if connection.vendor != "sqlite":
        yield  # PostgreSQL: the test database, committed (transactional_db)
        return
    # The in-memory test database is private to one connection: copy it (schema and all) to a
    # file and point new connections at that file for the duration of the test.
    path = tmp_path / "race.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(path) as target:
        connection.connection.backup(target)
    target.close()
    saved = connections.settings["default"]
    connections.settings["default"] = {**saved, "NAME": str(path)}
    try:
        yield
    finally:
        connections.settings["default"] = saved


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def server(shared_database, settings):
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    httpd = ThreadedWSGIServer(("127.0.0.1", 0), QuietHandler, allow_reuse_address=False)
    httpd.set_app(WSGIHandler())
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield httpd.server_address[1]
    httpd.shutdown()
    httpd.server_close()
    thread.join(5)


def build_world():
    org = make_org(slug="race")
    admin = make_person(org, email="admin@race.test", unit=org.root_unit(), role=Role.ADMIN)
    q1 = make_cycle(org, code="2026Q1")
    _, token = issue_token(SYSTEM, admin, name="race")
    rounds = []
    for n in range(ROUNDS):
        patched = make_objective(q1, title=f"patched {n}")
        checked = make_objective(q1, title=f"checked {n}")
        doomed = make_objective(q1, title=f"doomed {n}")
        edited = make_objective(q1, title=f"edited {n}")
        rounds.append({
            "patched_kr": make_key_result(patched, target=100).pk,
            "checked": checked.pk, "checked_kr": make_key_result(checked, target=100).pk,
            "doomed": doomed.pk, "doomed_kr": make_key_result(doomed, target=100).pk,
            "edited": edited.pk,
        })
    return token, rounds


def requests_of(round_ids):
    """One round: 2 PATCH + DELETE of a key result; 4 check-ins + DELETE of their objective;
    2 DELETE of a key result + DELETE of its objective; 2 PATCH + DELETE of an objective."""
    r = round_ids
    return [
        ("PATCH", f"/key-results/{r['patched_kr']}", {"title": "first"}, ("kr_patch", r["patched_kr"])),
        ("PATCH", f"/key-results/{r['patched_kr']}", {"title": "second"}, ("kr_patch", r["patched_kr"])),
        ("DELETE", f"/key-results/{r['patched_kr']}", None, ("kr_delete", r["patched_kr"])),
        *[("POST", f"/key-results/{r['checked_kr']}/check-ins",
           {"value": 10 * day, "confidence": 50 + day, "date": f"2026-03-0{day}"},
           ("checkin", r["checked_kr"]))
          for day in (1, 2, 3, 4)],
        ("DELETE", f"/objectives/{r['checked']}", None, ("objective_delete", r["checked"])),
        ("DELETE", f"/key-results/{r['doomed_kr']}", None, ("kr_delete", r["doomed_kr"])),
        ("DELETE", f"/key-results/{r['doomed_kr']}", None, ("kr_delete", r["doomed_kr"])),
        ("DELETE", f"/objectives/{r['doomed']}", None, ("objective_delete", r["doomed"])),
        ("PATCH", f"/objectives/{r['edited']}", {"title": "first"}, ("objective_patch", r["edited"])),
        ("PATCH", f"/objectives/{r['edited']}", {"title": "second"}, ("objective_patch", r["edited"])),
        ("DELETE", f"/objectives/{r['edited']}", None, ("objective_delete", r["edited"])),
    ]


def call(port, token, method, path, body):
    client = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Authorization": f"Bearer {token}", "Accept-Language": "en"}
    if body is not None:
        headers["Content-Type"] = "application/json"
    client.request(method, "/api/v1" + path, body=json.dumps(body) if body is not None else None,
                   headers=headers)
    response = client.getresponse()
    answer = (response.status, response.getheader("Content-Type") or "", response.read())
    client.close()
    return answer


def race(port, token, rounds):
    """Every round's requests start together (a barrier); rounds follow one another."""
    results = []
    with ThreadPoolExecutor(max_workers=PER_ROUND) as pool:
        for round_ids in rounds:
            batch = requests_of(round_ids)
            barrier = threading.Barrier(len(batch))

            def fire(request, barrier=barrier):
                method, path, body, what = request
                barrier.wait(10)
                return what, call(port, token, method, path, body)

            results += list(pool.map(fire, batch))
    return results


def check_consistency(successes: Counter, statuses: dict):
    # Check-ins only of key results that exist (a dangling one would survive in no key result).
    assert not CheckIn.objects.exclude(key_result__in=KeyResult.objects.all()).exists()
    for kr in KeyResult.objects.all():
        latest = kr.checkins.order_by("-date", "-id").first()
        mirror = (kr.current_value, kr.confidence, kr.last_checkin_date)
        expected = (latest.value, latest.confidence, latest.date) if latest else (kr.start_value, None, None)
        assert mirror == expected, kr.pk
        # version: 1 at creation, +1 per successful patch (each changes the title) and check-in
        assert kr.version == 1 + successes["kr_patch", kr.pk] + successes["checkin", kr.pk], kr.pk
    for objective in Objective.objects.filter(title__startswith="edited"):
        assert objective.version == 1 + successes["objective_patch", objective.pk]
    # Nothing the API answered "deleted" is still there; every deleted thing was answered once.
    for (kind, pk), count in successes.items():
        if kind == "kr_delete":
            assert count == 1 and not KeyResult.objects.filter(pk=pk).exists()
        if kind == "objective_delete":
            assert count == 1 and not Objective.objects.filter(pk=pk).exists()
    # One audit entry per successful write, and none for a refused one.
    actions = {"kr_patch": "key_result.update", "kr_delete": "key_result.delete",
               "checkin": "key_result.checkin", "objective_patch": "objective.update",
               "objective_delete": "objective.delete"}
    for kind, pk in statuses:
        logged = AuditEntry.objects.filter(action=actions[kind], object_id=str(pk)).count()
        assert logged == successes[kind, pk], (kind, pk)


def test_racing_patches_deletes_and_check_ins_answer_cleanly_and_keep_the_database_consistent(server):
    token, rounds = in_own_thread(build_world)
    results = race(server, token, rounds)

    assert len(results) == PER_ROUND * ROUNDS
    statuses = Counter(status for _what, (status, _type, _body) in results)
    assert set(statuses) <= CLEAN, statuses
    for _what, (status, content_type, body) in results:
        if status >= 400:
            assert content_type.startswith("application/json"), body[:200]
            error = json.loads(body)
            assert error["code"] in ("not_found", "conflict") and error["message"]
    assert statuses[404] > 0 and statuses[200] + statuses[201] + statuses[204] > 0  # it was a race

    successes = Counter(what for what, (status, _t, _b) in results if status < 300)
    attempts = Counter(what for what, _answer in results)
    in_own_thread(check_consistency, successes, attempts)


# --- each service, when its object vanished between the caller's read and the write ------------

@pytest.fixture
def world(org, q1, admin):
    objective = make_objective(q1)
    kr = make_key_result(objective)
    checkin = record_checkin(SYSTEM, kr, value=10, date=q1.start_date)
    return objective, kr, checkin


def vanish(obj):
    type(obj).objects.filter(pk=obj.pk).delete()


def test_updating_or_deleting_a_vanished_objective_is_not_found(admin, world):
    objective, _kr, _checkin = world
    vanish(objective)
    with pytest.raises(NotFound):
        services.update_objective(admin, objective, title="too late")
    with pytest.raises(NotFound):
        services.delete_objective(admin, objective)
    with pytest.raises(NotFound):
        services.create_key_result(admin, objective, title="orphan", target_value=Decimal(3))
    assert not KeyResult.objects.filter(title="orphan").exists()


def test_writing_to_a_vanished_key_result_is_not_found(admin, world):
    _objective, kr, checkin = world
    vanish(kr)
    with pytest.raises(NotFound):
        services.update_key_result(admin, kr, title="too late")
    with pytest.raises(NotFound):
        services.delete_key_result(admin, kr)
    with pytest.raises(NotFound):
        record_checkin(admin, kr, value=20, date=checkin.date)
    with pytest.raises(NotFound):
        delete_checkin(admin, checkin)
    assert not AuditEntry.objects.filter(action__in=["key_result.update", "key_result.delete"]).exists()


def test_deleting_a_vanished_check_in_is_not_found_and_logs_nothing(admin, world):
    _objective, kr, checkin = world
    vanish(checkin)
    with pytest.raises(NotFound):
        delete_checkin(admin, checkin)
    assert not AuditEntry.objects.filter(action="key_result.checkin_delete").exists()
