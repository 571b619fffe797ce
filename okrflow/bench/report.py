"""The benchmark's figures as a Markdown table against the targets of issue 3."""

from pathlib import Path

MARK = "<!-- bench:latest -->"


def _verdict(ok: bool) -> str:
    return "met" if ok else "**missed**"


def _rows(results: dict) -> list[tuple]:
    imp, exp = results["import"], results["export"]
    import_ratio = imp["seconds"] / results["floor_load_s"]
    export_ratio = exp["seconds"] / results["floor_score_s"]
    scored = results["export_scored"]
    scored_ratio = scored["seconds"] / results["floor_score_s"]
    rows = [
        ("Import time", f"{imp['seconds']:.1f} s", f"bare SQLite executemany {results['floor_load_s']:.1f} s",
         f"{import_ratio:.1f}×", "≤ 6×", _verdict(import_ratio <= 6)),
        ("Import peak memory", f"{imp['peak_mb']:.0f} MB", "", "", "< 1.5 GB",
         _verdict(imp["peak_mb"] < 1536)),
        ("Second import (nothing changes)", f"{results['reimport']['seconds']:.1f} s", "", "", "",
         f"{sum(results['reimport']['created'].values())} rows created"),
        ("Export with all scores", f"{exp['seconds']:.1f} s",
         f"one SQL score query {results['floor_score_s'] * 1000:.0f} ms", f"{export_ratio:.0f}×", "≤ 20×",
         _verdict(export_ratio <= 20)),
        ("Export peak memory", f"{exp['peak_mb']:.0f} MB", "", "", "", ""),
        ("Export of the scored files only (objectives.csv, key_results.csv)", f"{scored['seconds']:.1f} s",
         f"one SQL score query {results['floor_score_s'] * 1000:.0f} ms", f"{scored_ratio:.0f}×", "(≤ 20×)",
         _verdict(scored_ratio <= 20)),
    ]
    api = results.get("api")
    if api is None:
        rows.append(("API objective detail", "not measured (--no-api)", "", "", "", ""))
    elif api.get("missing"):
        rows.append(("API objective detail", "not measured: endpoint missing", "", "", "", ""))
    else:
        detail, health = api["detail"], api["healthz"]
        ratio = detail["p95_ms"] / health["p95_ms"]
        rows += [
            (f"API objective detail p95, {api['clients']} clients", f"{detail['p95_ms']:.0f} ms",
             f"/healthz p95 {health['p95_ms']:.0f} ms", f"{ratio:.1f}×", "< 150 ms and ≤ 4×",
             _verdict(detail["p95_ms"] < 150 and ratio <= 4)),
            ("API objective detail p50", f"{detail['p50_ms']:.0f} ms",
             f"/healthz p50 {health['p50_ms']:.0f} ms", "", "", f"statuses {detail['statuses']}"),
        ]
    return rows


def markdown(results: dict) -> str:
    rows = results["rows"]
    lines = [
        f"Run `{results['command']}` on {results['date']} "
        f"(scale {results['scale']}: {rows['people']:,} people, "
        f"{rows['units']:,} units, {rows['objectives']:,} objectives, {rows['key_results']:,} key results, "
        f"{rows['checkins']:,} check-ins; SQLite).",
        "",
        "| Measure | okrflow | Floor (same run) | Ratio | Target | Result |",
        "|---|---|---|---|---|---|",
    ]
    lines += ["| " + " | ".join(row) + " |" for row in _rows(results)]
    return "\n".join(lines) + "\n"


def write(path: Path, table: str) -> None:
    """Replace the figures below the marker, keeping the explanations above it."""
    text = path.read_text(encoding="utf-8") if path.exists() else f"# Benchmarks\n\n{MARK}\n"
    head = text.split(MARK)[0] if MARK in text else text.rstrip() + "\n\n"
    path.write_text(head + MARK + "\n\n" + table, encoding="utf-8")
