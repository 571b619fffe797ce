"""The benchmark's pieces at a tiny scale (the benchmark itself is never a test: `make bench`)."""

import csv
import json

import pytest
from django.test import Client

from okrflow.actors import SYSTEM
from okrflow.bench import company, personas, report
from okrflow.interchange.loader import import_folder
from okrflow.org.models import Role

PEOPLE = 120


@pytest.fixture
def files(tmp_path):
    company.generate(tmp_path / "files", PEOPLE, checkins_per_kr=2)
    return tmp_path / "files"


@pytest.fixture
def imported(db, files):
    import_folder(files, actor=SYSTEM)
    return files


def _rows(folder, name):
    with (folder / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_company_has_the_asked_number_of_people_and_a_ceo_who_is_not_an_admin(files):
    people = _rows(files, "people")
    roles = {row["email"]: row["role"] for row in people}
    assert len(people) == PEOPLE
    assert roles["head.root@bench.test"] == "manager"
    assert roles[company.ADMIN_EMAIL] == "admin"
    assert roles[company.CHAMPION_EMAIL] == "champion"


def test_fewer_checkins_per_key_result_keep_the_last_weeks_of_the_quarter(files):
    checkins = _rows(files, "checkins")
    assert len(checkins) == 2 * len(_rows(files, "key_results"))
    assert {row["date"] for row in checkins} == {"2026-03-16", "2026-03-23"}


def test_the_personas_are_the_six_of_issue_8_and_the_department_is_the_biggest(imported):
    chosen = {p["key"]: p for p in personas.pick()}
    assert list(chosen) == ["admin", "champion", "ceo", "department_head", "team_manager", "member"]
    assert chosen["ceo"]["person"].role == Role.MANAGER and not chosen["ceo"]["person"].is_org_admin
    assert chosen["ceo"]["unit"].parent_id is None
    departments = list(chosen["ceo"]["unit"].children.all())
    biggest = max(personas._people_below(unit) for unit in departments)
    assert chosen["department_head"]["people"] == biggest
    assert chosen["department_head"]["person"] == chosen["department_head"]["unit"].head
    assert chosen["member"]["person"].role == Role.MEMBER


def test_prepared_personas_can_log_in_and_read_their_pages(imported):
    prepared = personas.prepare(6)
    member = next(p for p in prepared if p["key"] == "member")
    client = Client()
    answer = client.post("/login/", {"username": member["email"], "password": company.PERSONA_PASSWORD})
    assert answer.status_code == 302
    for path in [*member["pages"].values(), member["objective_pages"][0]]:
        assert client.get(path).status_code == 200, path
    assert len(member["api_details"]) == 6


def test_the_report_keeps_the_other_databases_run_and_judges_each_read(tmp_path):
    def run(database, p95):
        read = {"p50_ms": 10.0, "p95_ms": p95, "requests": 4, "statuses": {"200": 4}, "kb": 2.0}
        persona = {"key": "ceo", "label": "CEO", "email": "head.root@bench.test", "role": "manager",
                   "unit": "ROOT", "people": 40, "reads": {"api_detail": read}}
        health = {"p50_ms": 5.0, "p95_ms": 20.0}
        return {"database": database, "people": 40, "date": "today", "command": "bench",
                "checkins_per_kr": 12,
                "rows": {"people": 40, "units": 5, "objectives": 30, "key_results": 90, "checkins": 1080},
                "import": {"seconds": 2.0, "peak_mb": 80}, "floor_load_s": 1.0, "floor_score_s": 0.01,
                "reads": {"clients": 4, "requests": 4, "healthz": health, "healthz_after": health,
                          "personas": [persona]}}

    results = tmp_path / "results.json"
    report.save(results, run("sqlite", 90.0))
    report.save(results, run("postgres", 140.0))
    stored = report.load(results)
    assert set(stored["runs"]) == {"sqlite", "postgres"}
    text = report.markdown(stored)
    sqlite_part, postgres_part = text.split("### 40 people on PostgreSQL")
    assert "| 90 ms | 4.5× | 2 KB | ≤ 100 ms and ≤ 6× | met |" in sqlite_part
    assert "| 140 ms | 7.0× | 2 KB | ≤ 150 ms | met |" in postgres_part
    report.save(results, run("sqlite", 130.0))
    assert "**missed**" in report.markdown(report.load(results)).split("PostgreSQL")[0]
    assert json.loads(results.read_text())["runs"]["postgres"]["reads"]["personas"][0]["reads"]


def test_the_report_does_not_judge_a_read_that_was_refused():
    read = {"p50_ms": 1.0, "p95_ms": 2.0, "requests": 4, "statuses": {"404": 4}, "kb": 0.1}
    persona = {"label": "member", "email": "p0@bench.test", "role": "member", "unit": "T0", "people": 1,
               "reads": {"objective": read}}
    table = "\n".join(report.persona_table("sqlite", persona, 10.0))
    assert "not measured: answered {'404': 4}" in table
    assert "1 person (themselves)" in table


def test_a_request_the_server_does_not_answer_counts_as_an_error_not_a_crash():
    import socket

    from okrflow.bench import load

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    measured = load.hammer(f"http://127.0.0.1:{port}", ["/healthz"] * 4, {}, clients=2)
    assert measured["statuses"] == {"error": 4}
