"""The floors the benchmark compares against, measured in the same run on the same machine:
the same rows loaded into bare SQLite tables with executemany, and one SQL query computing
every objective's score by the rule of issue 3 (on the benchmark's own database, SQLite or
PostgreSQL)."""

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
             ELSE {greatest}(0.0, {least}(1.0, (CAST(k.current_value AS REAL) - k.start_value)
                                    / (CAST(k.target_value AS REAL) - k.start_value)))
           END) / SUM(CAST(k.weight AS REAL))
FROM okrs_objective o LEFT JOIN okrs_keyresult k ON k.objective_id = o.id
GROUP BY o.id
"""


def score_sql(vendor: str) -> str:
    """The floor query in the database's dialect (SQLite's scalar MAX/MIN are GREATEST/LEAST)."""
    if vendor == "postgresql":
        return SCORE_SQL.format(greatest="GREATEST", least="LEAST")
    return SCORE_SQL.format(greatest="MAX", least="MIN")


def score_query(connection) -> tuple[float, int]:
    """Seconds for one SQL query computing all objective scores over a Django database
    connection (SQLite or PostgreSQL), and the rows it returned."""
    with connection.cursor() as cursor:
        started = time.perf_counter()
        cursor.execute(score_sql(connection.vendor))
        rows = cursor.fetchall()
        elapsed = time.perf_counter() - started
    return elapsed, len(rows)
