"""The reads of issue 8, for every persona, under concurrent clients, beside /healthz.

Per persona: the API's objective detail (a sample of objectives they may see, half at or below
them) and the first page of the objective list, with a bearer token; then the web pages with a
session logged in through /login/: home, My OKRs, the company and unit OKR pages, an
objective's page (the same sample), the first screen of the alignment tree and the weekly
check-in page. `/healthz` is measured before and after the personas: the floor of a request on
this server and machine in the same run.
"""

from pathlib import Path

from okrflow.bench import load
from okrflow.bench.company import PERSONA_PASSWORD

# (key, what is read, channel): the order of the table in docs/benchmarks.md.
READS = [
    ("api_detail", "API `GET /api/v1/objectives/{id}`", "api"),
    ("api_list", "API `GET /api/v1/objectives` (first page)", "api"),
    ("home", "Home `/`", "web"),
    ("my_okrs", "My OKRs", "web"),
    ("company_okrs", "Company OKRs", "web"),
    ("unit_okrs", "The persona's unit OKRs", "web"),
    ("objective", "An objective's page", "web"),
    ("okr_tree", "Alignment tree, first screen", "web"),
    ("weekly_checkin", "Weekly check-in", "web"),
]


def _paths(persona: dict, key: str, requests: int) -> list[str]:
    if key == "api_detail":
        return persona["api_details"][:requests]
    if key == "objective":
        return persona["objective_pages"][:requests]
    if key == "api_list":
        return ["/api/v1/objectives"] * requests
    return [persona["pages"][key]] * requests


def _persona_reads(base: str, env: dict, persona: dict, requests: int, clients: int) -> dict:
    headers = {"api": {"Authorization": f"Bearer {load.token_for(env, persona['email'])}"},
               "web": load.log_in(base, persona["email"], PERSONA_PASSWORD)}
    reads = {}
    for key, _label, channel in READS:
        paths = _paths(persona, key, requests)
        load.hammer(base, paths[:2 * clients], headers[channel], clients)  # warm every worker's caches
        reads[key] = load.hammer(base, paths, headers[channel], clients)
        print(f"  {persona['key']:>16} {key:<15} p95 {reads[key]['p95_ms']:7.1f} ms"
              f"  {reads[key]['statuses']}", flush=True)
    return reads


def measure(env: dict, personas: list[dict], log: Path, *, port: int = 8765, clients: int = 4,
            requests: int = 200) -> dict:
    with load.server(env, port, log) as base:
        load.hammer(base, ["/healthz"] * 80, {}, clients)  # warm up every worker
        floor = max(400, 2 * requests)
        health = load.hammer(base, ["/healthz"] * floor, {}, clients)
        measured = []
        for persona in personas:
            reads = _persona_reads(base, env, persona, requests, clients)
            measured.append({k: persona[k] for k in ("key", "label", "email", "role", "unit", "people")}
                            | {"reads": reads})
        health_after = load.hammer(base, ["/healthz"] * floor, {}, clients)
    return {"clients": clients, "requests": requests, "healthz": health, "healthz_after": health_after,
            "personas": measured}
