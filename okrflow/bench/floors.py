"""The floors the benchmark compares against, measured in the same run on the same machine:
the same rows loaded into bare SQLite tables with executemany, and one SQL query computing
every objective's score by the rule of issue 3."""

import csv
import sqlite3
import time
from pathlib import Path

from okrflow.interchange.tables import COLUMNS

BATCH = 10_000


def bare_load(folder: Path, database: Path) -> float:
    """Seconds to read the CSV files and executemany them into bare tables (no checks, no ids
    resolved): what any importer must at least spend on this machine."""
    database.unlink(missing_ok=True)
    started = time.perf_counter()
    db = sqlite3.connect(database)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    for name, columns in COLUMNS.items():
        db.execute(f"CREATE TABLE {name} ({', '.join(columns)})")
        insert = f"INSERT INTO {name} VALUES ({', '.join('?' * len(columns))})"
        with (folder / f"{name}.csv").open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            next(reader)
            batch = []
            for row in reader:
                batch.append(row)
                if len(batch) >= BATCH:
                    db.executemany(insert, batch)
                    batch = []
            db.executemany(insert, batch)
    db.commit()
    db.close()
    return time.perf_counter() - started


SCORE_SQL = """
SELECT o.id,
       SUM(CAST(k.weight AS REAL) * CASE
             WHEN k.target_value = k.start_value THEN
               CASE WHEN k.current_value = k.target_value THEN 1.0 ELSE 0.0 END
             ELSE MAX(0.0, MIN(1.0, (CAST(k.current_value AS REAL) - k.start_value)
                                    / (CAST(k.target_value AS REAL) - k.start_value)))
           END) / SUM(CAST(k.weight AS REAL))
FROM okrs_objective o LEFT JOIN okrs_keyresult k ON k.objective_id = o.id
GROUP BY o.id
"""


def score_query(database: Path) -> tuple[float, int]:
    """Seconds for one SQL query computing all objective scores, and the rows it returned."""
    db = sqlite3.connect(database)
    started = time.perf_counter()
    rows = db.execute(SCORE_SQL).fetchall()
    elapsed = time.perf_counter() - started
    db.close()
    return elapsed, len(rows)
