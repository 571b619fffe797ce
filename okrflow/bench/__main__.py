"""Run the benchmark: python -m okrflow.bench [--people 10000] [--database sqlite|postgres] [--no-write] …

`--database postgres` runs the whole benchmark inside a throw-away PostgreSQL cluster
(scripts/with-postgres.sh). The figures of the latest run on each database are kept in
bench-data/results.json and written to docs/benchmarks.md.
"""

import argparse
import datetime
import json
import os
import shutil
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

from okrflow.bench import company, floors, reads, report

ROOT = Path(__file__).resolve().parents[2]
OKRFLOW = str(Path(sys.executable).parent / "okrflow")
INSIDE_CLUSTER = "OKRFLOW_BENCH_IN_CLUSTER"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m okrflow.bench")
    parser.add_argument("--people", type=int, default=None, help="people in the company (default 10,000)")
    parser.add_argument("--scale", type=float, default=None, help="the same as --people scale×10,000")
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite",
                        help="postgres: a throw-away cluster started by scripts/with-postgres.sh")
    parser.add_argument("--checkins-per-kr", type=int, default=company.WEEKS,
                        help="weekly check-ins per key result, the last weeks of the quarter (1-12)")
    parser.add_argument("--requests", type=int, default=200, help="requests per persona and read")
    parser.add_argument("--clients", type=int, default=4, help="concurrent client threads")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--no-reads", "--no-api", dest="no_reads", action="store_true",
                        help="skip the server reads")
    parser.add_argument("--no-reimport", action="store_true", help="skip the second import")
    parser.add_argument("--no-export", action="store_true", help="skip the exports")
    parser.add_argument("--no-write", action="store_true", help="do not update docs/benchmarks.md")
    return parser


def _people(args) -> int:
    if args.people is not None:
        return args.people
    return int(round(10_000 * (args.scale if args.scale is not None else 1.0)))


def _command(args, people: int) -> str:
    parts = ["python -m okrflow.bench"]
    if people != 10_000:
        parts.append(f"--people {people}")
    if args.database != "sqlite":
        parts.append(f"--database {args.database}")
    if args.checkins_per_kr != company.WEEKS:
        parts.append(f"--checkins-per-kr {args.checkins_per_kr}")
    return " ".join(parts)


def _bench_database_url() -> str:
    """A fresh database in the cluster scripts/with-postgres.sh started (its URL names one that
    does not exist yet)."""
    import psycopg

    url = urllib.parse.urlsplit(os.environ["DATABASE_URL"])
    with psycopg.connect(url._replace(path="/postgres").geturl(), autocommit=True) as db:
        db.execute("CREATE DATABASE okrflow_bench")
    return url._replace(path="/okrflow_bench").geturl()


def _environment(work: Path, database: str) -> dict:
    env = dict(os.environ)
    url = f"sqlite:///{work / 'okrflow.sqlite3'}" if database == "sqlite" else _bench_database_url()
    env.update({
        "DJANGO_SETTINGS_MODULE": "okrflow.settings", "OKRFLOW_DATA_DIR": str(work / "data"),
        "DATABASE_URL": url, "SECRET_KEY": "bench-" + "x" * 50, "STATIC_ROOT": str(work / "static"),
        "HTTPS": "false", "LANGUAGE_CODE": "en", "DEBUG": "false",
    })
    return env


def _worker(env: dict, step: str, path: Path, *extra: str) -> dict:
    run = subprocess.run([sys.executable, "-m", "okrflow.bench.worker", step, str(path), *extra], env=env,
                         cwd=ROOT, capture_output=True, text=True)
    if run.returncode:
        raise SystemExit(f"the {step} step failed:\n{run.stderr[-4000:]}")
    return json.loads(run.stdout.strip().splitlines()[-1])


def _fresh(work: Path) -> None:
    leftovers = ("okrflow.sqlite3", "okrflow.sqlite3-wal", "okrflow.sqlite3-shm", "data", "export",
                 "export-scored", "static")
    for leftover in leftovers:
        target = work / leftover
        if target.is_dir():
            shutil.rmtree(target)
        else:
            target.unlink(missing_ok=True)


def _in_cluster(argv) -> None:
    """Run this same command again inside a throw-away PostgreSQL cluster."""
    env = dict(os.environ, REQUIRE_POSTGRES="1", **{INSIDE_CLUSTER: "1"})
    command = [str(ROOT / "scripts" / "with-postgres.sh"), sys.executable, "-m", "okrflow.bench", *argv]
    raise SystemExit(subprocess.run(command, env=env, cwd=ROOT).returncode)


def _import_and_export(results: dict, args, env: dict, files: Path, work: Path) -> None:
    subprocess.run([OKRFLOW, "migrate", "--noinput", "--verbosity", "0"], env=env, check=True)
    # The web pages need the static manifest (DEBUG is off), collected into bench-data/static.
    subprocess.run([OKRFLOW, "collectstatic", "--noinput", "--verbosity", "0"], env=env, check=True)
    results["import"] = imported = _worker(env, "import", files)
    rate = results["rows"]["checkins"] / imported["seconds"]
    print(f"import: {imported['seconds']:.1f} s, peak {imported['peak_mb']:.0f} MB "
          f"(~{rate:,.0f} check-ins/s overall)", flush=True)
    if not args.no_reimport:
        results["reimport"] = _worker(env, "import", files)
        print(f"second import: {results['reimport']['seconds']:.1f} s", flush=True)
    if not args.no_export:
        results["export"] = _worker(env, "export", work / "export")
        results["export_scored"] = _worker(env, "export-scored", work / "export-scored")
    results["floor_score_s"] = _worker(env, "score-floor", work)["seconds"]
    print(f"score query {results['floor_score_s']:.3f} s", flush=True)


def main(argv=None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    args = _parser().parse_args(argv)
    if args.database == "postgres" and not os.environ.get(INSIDE_CLUSTER):
        _in_cluster(argv)
    people = _people(args)
    work = ROOT / "bench-data"
    files = work / "files"
    _fresh(work)
    env = _environment(work, args.database)
    now = datetime.datetime.now(datetime.UTC)
    results = {"people": people, "database": args.database, "date": now.strftime("%Y-%m-%d %H:%M UTC"),
               "command": _command(args, people), "checkins_per_kr": args.checkins_per_kr}
    if args.checkins_per_kr < company.WEEKS:
        print(f"note: {args.checkins_per_kr} check-ins per key result, not the generator's {company.WEEKS} "
              "(the last weeks of the quarter; fewer rows to import)", flush=True)

    started = time.perf_counter()
    results["rows"] = company.generate(files, people, checkins_per_kr=args.checkins_per_kr)
    print(f"generated {results['rows']} in {time.perf_counter() - started:.1f} s", flush=True)
    results["floor_load_s"] = floors.bare_load(files, work / "floor.sqlite3")
    print(f"floor load: {results['floor_load_s']:.1f} s", flush=True)
    _import_and_export(results, args, env, files, work)
    if not args.no_reads:
        results["company_board_s"] = _worker(env, "company-board", work)["seconds"]
        print(f"company board job: {results['company_board_s']:.1f} s", flush=True)
        personas = _worker(env, "personas", work, str(args.requests))["personas"]
        results["reads"] = reads.measure(env, personas, work / "server.log", port=args.port,
                                         clients=args.clients, requests=args.requests)
    report.save(work / "results.json", results)
    text = report.markdown(report.load(work / "results.json"))
    print(text)
    if not args.no_write:
        report.write(ROOT / "docs" / "benchmarks.md", text)


if __name__ == "__main__":
    main()
