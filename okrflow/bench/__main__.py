"""Run the benchmark: python -m okrflow.bench [--scale 0.1] [--no-api] [--no-write]."""

import argparse
import datetime
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from okrflow.bench import api, company, floors, report

ROOT = Path(__file__).resolve().parents[2]
OKRFLOW = str(Path(sys.executable).parent / "okrflow")


def _environment(work: Path) -> dict:
    env = dict(os.environ)
    env.update({
        "DJANGO_SETTINGS_MODULE": "okrflow.settings", "OKRFLOW_DATA_DIR": str(work / "data"),
        "DATABASE_URL": f"sqlite:///{work / 'okrflow.sqlite3'}", "SECRET_KEY": "bench-" + "x" * 50,
        "HTTPS": "false", "LANGUAGE_CODE": "en", "DEBUG": "false",
    })
    return env


def _worker(env: dict, step: str, path: Path) -> dict:
    run = subprocess.run([sys.executable, "-m", "okrflow.bench.worker", step, str(path)], env=env, cwd=ROOT,
                         capture_output=True, text=True)
    if run.returncode:
        raise SystemExit(f"the {step} step failed:\n{run.stderr[-4000:]}")
    return json.loads(run.stdout.strip().splitlines()[-1])


def _fresh(work: Path) -> None:
    leftovers = ("okrflow.sqlite3", "okrflow.sqlite3-wal", "okrflow.sqlite3-shm", "data", "export",
                 "export-scored")
    for leftover in leftovers:
        target = work / leftover
        if target.is_dir():
            shutil.rmtree(target)
        else:
            target.unlink(missing_ok=True)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m okrflow.bench")
    parser.add_argument("--scale", type=float, default=1.0, help="1.0 = 10,000 people (the issue's size)")
    parser.add_argument("--no-api", action="store_true", help="skip the API reads")
    parser.add_argument("--no-write", action="store_true", help="do not update docs/benchmarks.md")
    args = parser.parse_args(argv)
    work = ROOT / "bench-data"
    files, env = work / "files", _environment(work)
    _fresh(work)
    now = datetime.datetime.now(datetime.UTC)
    results = {"scale": args.scale, "date": now.strftime("%Y-%m-%d %H:%M UTC"),
               "command": "python -m okrflow.bench" + (f" --scale {args.scale}" if args.scale != 1 else "")}

    started = time.perf_counter()
    results["rows"] = company.generate(files, args.scale)
    print(f"generated {results['rows']} in {time.perf_counter() - started:.1f} s", flush=True)
    results["floor_load_s"] = floors.bare_load(files, work / "floor.sqlite3")
    print(f"floor load: {results['floor_load_s']:.1f} s", flush=True)
    subprocess.run([OKRFLOW, "migrate", "--noinput", "--verbosity", "0"], env=env, check=True)
    results["import"] = _worker(env, "import", files)
    imported = results["import"]
    print(f"import: {imported['seconds']:.1f} s, peak {imported['peak_mb']:.0f} MB", flush=True)
    results["reimport"] = _worker(env, "import", files)
    print(f"second import: {results['reimport']['seconds']:.1f} s", flush=True)
    results["export"] = _worker(env, "export", work / "export")
    results["export_scored"] = _worker(env, "export-scored", work / "export-scored")
    results["floor_score_s"], _rows = floors.score_query(work / "okrflow.sqlite3")
    print(f"export: {results['export']['seconds']:.1f} s; score query {results['floor_score_s']:.3f} s",
          flush=True)
    if not args.no_api:
        results["api"] = api.measure(env, work / "okrflow.sqlite3", "head.root@bench.test")
        print(f"api: {json.dumps(results['api'])}", flush=True)
    (work / "results.json").write_text(json.dumps(results, indent=2))
    table = report.markdown(results)
    print(table)
    if not args.no_write:
        report.write(ROOT / "docs" / "benchmarks.md", table)


if __name__ == "__main__":
    main()
