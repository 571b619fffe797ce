"""`okrflow serve`: the production server (gunicorn), not Django's runserver.

By default gunicorn's ASGI worker serves okrflow's ASGI application: the pages as before (each sync
view in a thread of the worker) and the rooms' live streams as async views, thousands of open
streams per worker without a thread each. `--worker-class gthread` is the former WSGI server (a live
stream then holds one of its threads). The measurement behind the choice: docs/benchmarks.md.
"""

import multiprocessing

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from okrflow.ops.checks import base_url_is_set
from okrflow.ops.database import prepare_workers
from okrflow.workshops.live.fanout import SWEEP_SECONDS

# Request heads beyond these are refused by gunicorn itself (400/431) before Django sees them:
# okrflow's URLs and query strings are short, and browsers send some 20 header fields.
LIMIT_REQUEST_LINE = 4094
LIMIT_REQUEST_FIELDS = 50
LIMIT_REQUEST_FIELD_SIZE = 8190


WORKER_CLASSES = ("asgi", "gthread")


def default_workers() -> int:
    """2 × cores + 1 when the live rooms' hub reaches every process (REDIS_URL); one otherwise.

    Without Redis the hub is in-process: an event written through one worker wakes only that
    worker's live streams, and the others' find it at their next read of the log (every
    SWEEP_SECONDS) — too late for a room. One ASGI worker serves the embedded default: its streams
    hold no thread, and its sync views share the worker's thread pool.
    """
    return multiprocessing.cpu_count() * 2 + 1 if settings.REDIS_URL else 1


def gunicorn_options(*, host: str, port: int, workers: int, threads: int, worker_class: str = "asgi") -> dict:
    """gunicorn's settings for `okrflow serve`.

    Workers are recycled after OKRFLOW_MAX_REQUESTS requests (plus a random jitter, so they do
    not all restart at once): memory a large import or export leaves behind goes back to the
    system. A worker silent for OKRFLOW_WORKER_TIMEOUT seconds is killed; on a restart, workers
    get OKRFLOW_GRACEFUL_TIMEOUT seconds to finish their requests. Request bodies are capped by
    okrflow.ops.request_limits, and should be by the reverse proxy too (README). The ASGI worker
    takes no threads (its sync views run in its thread pool) and its concurrency is bounded by
    worker_connections; Django has no ASGI lifespan, so that protocol is off.
    """
    if worker_class not in WORKER_CLASSES:
        raise ValueError(f"unknown worker class {worker_class!r}")
    per_worker = {"threads": threads} if worker_class == "gthread" else {
        "asgi_lifespan": "off", "worker_connections": 1000}
    return {
        "bind": f"{host}:{port}",
        "workers": workers,
        **per_worker,
        "worker_class": worker_class,
        "accesslog": "-",
        "max_requests": settings.OKRFLOW_MAX_REQUESTS,
        "max_requests_jitter": settings.OKRFLOW_MAX_REQUESTS_JITTER,
        "timeout": settings.OKRFLOW_WORKER_TIMEOUT,
        "graceful_timeout": settings.OKRFLOW_GRACEFUL_TIMEOUT,
        "limit_request_line": LIMIT_REQUEST_LINE,
        "limit_request_fields": LIMIT_REQUEST_FIELDS,
        "limit_request_field_size": LIMIT_REQUEST_FIELD_SIZE,
    }


class Command(BaseCommand):
    help = "Serve okrflow with gunicorn (a production server: pages and the rooms' live streams)."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1",
                            help="Address to bind; use 0.0.0.0 behind a reverse proxy.")
        parser.add_argument("--workers", type=int, default=None,
                            help="Worker processes (default: 2 × CPU cores + 1 with REDIS_URL, else 1).")
        parser.add_argument("--threads", type=int, default=4, help="Threads per gthread worker.")
        parser.add_argument("--worker-class", choices=WORKER_CLASSES, default="asgi",
                            help="asgi (default: pages and live streams) or gthread (WSGI).")

    def handle(self, *args, host, port, workers, threads, worker_class="asgi", **options):
        if not 0 < port < 65536:
            raise CommandError(_("The port must be between 1 and 65535."))
        workers = workers or default_workers()
        if workers < 1:
            raise CommandError(_("There must be at least one worker."))
        if workers > 1 and not settings.REDIS_URL:
            self.stderr.write(self.style.WARNING(_(
                "Warning: {workers} workers without REDIS_URL: a live room's events reach the screens "
                "connected to another worker only when that worker reads the log again, up to {seconds} "
                "seconds later. Set REDIS_URL, or run one worker.").format(
                    workers=workers, seconds=int(SWEEP_SECONDS))))
        config = gunicorn_options(host=host, port=port, workers=workers, threads=threads,
                                  worker_class=worker_class)
        for warning in base_url_is_set():
            self.stderr.write(self.style.WARNING(_("Warning: {message}").format(message=warning.msg)))
        self.run_gunicorn(config)

    def run_gunicorn(self, config: dict):
        from gunicorn.app.base import BaseApplication

        prepare_workers(config["workers"])   # each worker's share of the PostgreSQL connections

        if config["worker_class"] == "asgi":
            from okrflow.ops.asgi_app import application
        else:
            from okrflow.wsgi import application

        class Server(BaseApplication):
            def load_config(self):
                for key, value in config.items():
                    self.cfg.set(key, value)

            def load(self):
                return application

        Server().run()
