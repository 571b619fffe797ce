"""The PostgreSQL connection pool of `okrflow serve`'s workers (settings: DATABASES, DB_POOL).

Each gunicorn worker is a process with a pool of its own (Django's psycopg pool, created at a
worker's first query). The server as a whole may hold OKRFLOW_DB_CONNECTIONS connections, so each
worker's pool gets its share; the master process must not have opened one, or every worker would
inherit its sockets."""

from django.conf import settings
from django.db import connections

# Below this a worker's requests queue for a connection even when the room is quiet.
SMALLEST_POOL = 4


def pool_size(workers: int, budget: int) -> int:
    """Connections one worker's pool may hold when `workers` share `budget`."""
    return max(SMALLEST_POOL, budget // max(1, workers))


def share_pool(database: dict, workers: int, budget: int) -> int | None:
    """Set the pool of `database` (one entry of DATABASES) to one worker's share of `budget`; the
    share, or None when it has no pool (SQLite, DB_POOL=false)."""
    options = database.get("OPTIONS", {})
    if not options.get("pool"):
        return None
    if options["pool"] is True:
        options["pool"] = {}
    pool = options["pool"]
    pool["max_size"] = pool_size(workers, budget)
    pool["min_size"] = min(pool.get("min_size", 1), pool["max_size"])
    return pool["max_size"]


def prepare_workers(workers: int) -> int | None:
    """Before gunicorn forks the workers: close this process's connections and pools, and give each
    worker its share of the server's connections. The share, or None without a pool."""
    for connection in connections.all(initialized_only=True):
        connection.close()
        if hasattr(connection, "close_pool"):
            connection.close_pool()
    return share_pool(settings.DATABASES["default"], workers, settings.OKRFLOW_DB_CONNECTIONS)
