"""The benchmark's figures (bench-data/results.json) as Markdown against the targets of issues
3 and 8, one section per database: the latest run on SQLite and the latest on PostgreSQL."""

import json
from pathlib import Path

from okrflow.bench.reads import READS

MARK = "<!-- bench:latest -->"
DATABASES = {"sqlite": "SQLite", "postgres": "PostgreSQL"}


def _verdict(ok: bool) -> str:
    return "met" if ok else "**missed**"


# --- results.json: the latest run per database --------------------------------------------------

def load(path: Path) -> dict:
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"runs": {}}
    return stored if isinstance(stored.get("runs"), dict) else {"runs": {}}


def save(path: Path, run: dict) -> None:
    """Keep the other database's latest run beside this one."""
    stored = load(path)
    stored["runs"][run["database"]] = run
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(stored, indent=2), encoding="utf-8")


# --- import and export (issue 3) -------------------------------------------------------------

def _import_rows(run: dict) -> list[tuple]:
    imp, floor = run["import"], run["floor_load_s"]
    ratio = imp["seconds"] / floor
    rows = [
        ("Import time", f"{imp['seconds']:.1f} s", f"bare SQLite executemany {floor:.1f} s", f"{ratio:.1f}×",
         "≤ 6×", _verdict(ratio <= 6)),
        ("Import peak memory", f"{imp['peak_mb']:.0f} MB", "", "", "< 1.5 GB",
         _verdict(imp["peak_mb"] < 1536)),
    ]
    if "reimport" in run:
        rows.append(("Second import (nothing changes)", f"{run['reimport']['seconds']:.1f} s", "", "", "",
                     f"{sum(run['reimport']['created'].values())} rows created"))
    score = run["floor_score_s"]
    query = f"one SQL score query {score * 1000:.0f} ms"
    if "export" in run:
        exp, scored = run["export"], run["export_scored"]
        rows += [
            ("Export with all scores", f"{exp['seconds']:.1f} s", query, f"{exp['seconds'] / score:.0f}×",
             "≤ 20×", _verdict(exp["seconds"] / score <= 20)),
            ("Export peak memory", f"{exp['peak_mb']:.0f} MB", "", "", "", ""),
            ("Export of the scored files only (objectives.csv, key_results.csv)",
             f"{scored['seconds']:.1f} s", query, f"{scored['seconds'] / score:.0f}×", "(≤ 20×)",
             _verdict(scored["seconds"] / score <= 20)),
        ]
    return rows


def _import_table(run: dict) -> list[str]:
    lines = ["| Measure | okrflow | Floor (same run) | Ratio | Target | Result |",
             "|---|---|---|---|---|---|"]
    return lines + ["| " + " | ".join(row) + " |" for row in _import_rows(run)]


# --- the reads per persona (issue 8) ---------------------------------------------------------

def target(database: str, channel: str) -> tuple[str, float, float | None]:
    """(how the target reads, p95 limit in ms, limit of the ratio to /healthz or None)."""
    if channel == "api" and database == "sqlite":
        return "≤ 100 ms and ≤ 6×", 100.0, 6.0
    return "≤ 150 ms", 150.0, None


def _result(read: dict, ratio: float, limit_ms: float, limit_ratio: float | None) -> str:
    ok_count = read["statuses"].get("200", 0)
    if ok_count < read["requests"] / 2:
        return f"not measured: answered {read['statuses']}"
    verdict = _verdict(read["p95_ms"] <= limit_ms and (limit_ratio is None or ratio <= limit_ratio))
    if ok_count < read["requests"]:
        verdict += f" (statuses {read['statuses']})"
    return verdict


def _people(count: int) -> str:
    return "1 person (themselves)" if count == 1 else f"{count:,} people"


def persona_table(database: str, persona: dict, floor_ms: float) -> list[str]:
    lines = [f"**{persona['label']}** — `{persona['email']}`, role {persona['role']}, "
             f"unit {persona['unit']}, {_people(persona['people'])} at or below", "",
             "| Read | p50 | p95 | × /healthz p95 | Median size | Target (p95) | Result |",
             "|---|---|---|---|---|---|---|"]
    for key, label, channel in READS:
        read = persona["reads"].get(key)
        if read is None:
            continue
        ratio = read["p95_ms"] / floor_ms
        shown, limit_ms, limit_ratio = target(database, channel)
        lines.append(f"| {label} | {read['p50_ms']:.0f} ms | {read['p95_ms']:.0f} ms | {ratio:.1f}× | "
                     f"{read['kb']:.0f} KB | {shown} | {_result(read, ratio, limit_ms, limit_ratio)} |")
    return lines + [""]


def _reads_section(run: dict) -> list[str]:
    measured = run.get("reads")
    if measured is None:
        return ["Reads: not measured (`--no-reads`).", ""]
    before, after = measured["healthz"]["p95_ms"], measured["healthz_after"]["p95_ms"]
    floor = (before + after) / 2
    lines = [f"Reads: `okrflow serve` (2 workers × 4 threads), {measured['clients']} concurrent clients, "
             f"{measured['requests']} requests per persona and read. `/healthz` p95 {before:.0f} ms before "
             f"the personas and {after:.0f} ms after (p50 {measured['healthz']['p50_ms']:.0f} ms); "
             f"ratios are to their mean, {floor:.0f} ms.", ""]
    if run.get("reads_note"):
        lines = [run["reads_note"], ""] + lines
    if run.get("company_board_s") is not None:
        lines += [f"The company board of the home page (admins, the company head) was computed by its job "
                  f"before the reads, in {run['company_board_s']:.1f} s for the organization's cycles; "
                  "the requests read the stored board.", ""]
    for persona in measured["personas"]:
        lines += persona_table(run["database"], persona, floor)
    return lines


def run_section(run: dict) -> str:
    rows = run["rows"]
    name = DATABASES[run["database"]]
    lines = [
        f"### {rows['people']:,} people on {name}",
        "",
        f"Run `{run['command']}` on {run['date']} ({rows['people']:,} people, {rows['units']:,} units, "
        f"{rows['objectives']:,} objectives, {rows['key_results']:,} key results, {rows['checkins']:,} "
        f"check-ins; {name}).",
        "",
    ]
    if run.get("checkins_per_kr", 12) < 12:
        lines += [f"Fewer check-ins than the generator makes: {run['checkins_per_kr']} per key result "
                  "(the last weeks of the quarter), not 12.", ""]
    lines += _import_table(run) + [""] + _reads_section(run)
    return "\n".join(lines)


def markdown(stored: dict) -> str:
    runs = stored["runs"]
    return "\n".join(run_section(runs[db]) for db in DATABASES if db in runs)


def write(path: Path, text: str) -> None:
    """Replace the figures below the marker, keeping the explanations above it."""
    page = path.read_text(encoding="utf-8") if path.exists() else f"# Benchmarks\n\n{MARK}\n"
    head = page.split(MARK)[0] if MARK in page else page.rstrip() + "\n\n"
    path.write_text(head + MARK + "\n\n" + text, encoding="utf-8")
