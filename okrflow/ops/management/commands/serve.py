"""`okrflow serve`: the production WSGI server (gunicorn), not Django's runserver."""

import multiprocessing

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from okrflow.ops.checks import base_url_is_set

# Request heads beyond these are refused by gunicorn itself (400/431) before Django sees them:
# okrflow's URLs and query strings are short, and browsers send some 20 header fields.
LIMIT_REQUEST_LINE = 4094
LIMIT_REQUEST_FIELDS = 50
LIMIT_REQUEST_FIELD_SIZE = 8190


def gunicorn_options(*, host: str, port: int, workers: int, threads: int) -> dict:
    """gunicorn's settings for `okrflow serve`.

    Workers are recycled after OKRFLOW_MAX_REQUESTS requests (plus a random jitter, so they do
    not all restart at once): memory a large import or export leaves behind goes back to the
    system. A worker silent for OKRFLOW_WORKER_TIMEOUT seconds is killed; on a restart, workers
    get OKRFLOW_GRACEFUL_TIMEOUT seconds to finish their requests. Request bodies are capped by
    okrflow.ops.request_limits, and should be by the reverse proxy too (README).
    """
    return {
        "bind": f"{host}:{port}",
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread",
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
    help = "Serve okrflow with gunicorn (a production WSGI server)."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1",
                            help="Address to bind; use 0.0.0.0 behind a reverse proxy.")
        parser.add_argument("--workers", type=int, default=None,
                            help="Worker processes (default: 2 × CPU cores + 1).")
        parser.add_argument("--threads", type=int, default=4)

    def handle(self, *args, host, port, workers, threads, **options):
        if not 0 < port < 65536:
            raise CommandError(_("The port must be between 1 and 65535."))
        workers = workers or multiprocessing.cpu_count() * 2 + 1
        if workers < 1:
            raise CommandError(_("There must be at least one worker."))
        config = gunicorn_options(host=host, port=port, workers=workers, threads=threads)
        for warning in base_url_is_set():
            self.stderr.write(self.style.WARNING(_("Warning: {message}").format(message=warning.msg)))
        self.run_gunicorn(config)

    def run_gunicorn(self, config: dict):
        from gunicorn.app.base import BaseApplication

        from okrflow.wsgi import application

        class Server(BaseApplication):
            def load_config(self):
                for key, value in config.items():
                    self.cfg.set(key, value)

            def load(self):
                return application

        Server().run()
