"""`okrflow serve`: the production WSGI server (gunicorn), not Django's runserver."""

import multiprocessing

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _


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
        from gunicorn.app.base import BaseApplication

        from okrflow.wsgi import application

        if not 0 < port < 65536:
            raise CommandError(_("The port must be between 1 and 65535."))
        workers = workers or multiprocessing.cpu_count() * 2 + 1
        if workers < 1:
            raise CommandError(_("There must be at least one worker."))
        config = {
            "bind": f"{host}:{port}",
            "workers": workers,
            "threads": threads,
            "worker_class": "gthread",
            "accesslog": "-",
            "timeout": 60,
            "graceful_timeout": 20,
        }

        class Server(BaseApplication):
            def load_config(self):
                for key, value in config.items():
                    self.cfg.set(key, value)

            def load(self):
                return application

        Server().run()
