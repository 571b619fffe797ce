"""`okrflow serve` runs gunicorn's ASGI worker by default (live streams hold no thread), with the
WSGI gthread worker still to be had."""

from django.core.management import call_command
from gunicorn.config import Config

from okrflow.ops.management.commands import serve


def test_serve_runs_the_asgi_application_in_gunicorn_s_asgi_worker_by_default(monkeypatch):
    runs = []
    monkeypatch.setattr(serve.Command, "run_gunicorn", lambda self, config: runs.append(config))
    call_command("serve", "--workers", "2")
    assert runs[0]["worker_class"] == "asgi"
    assert runs[0]["asgi_lifespan"] == "off"           # Django answers no lifespan protocol
    assert "threads" not in runs[0]                     # the ASGI worker has no threads setting


def test_serve_still_offers_the_gthread_wsgi_worker(monkeypatch):
    runs = []
    monkeypatch.setattr(serve.Command, "run_gunicorn", lambda self, config: runs.append(config))
    call_command("serve", "--workers", "2", "--worker-class", "gthread", "--threads", "8")
    assert (runs[0]["worker_class"], runs[0]["threads"]) == ("gthread", 8)


def test_gunicorn_accepts_every_option_of_both_worker_classes():
    for worker_class in serve.WORKER_CLASSES:
        config = Config()
        for key, value in serve.gunicorn_options(host="127.0.0.1", port=9000, workers=2, threads=4,
                                                 worker_class=worker_class).items():
            config.set(key, value)
        assert config.worker_class_str == worker_class


def test_the_asgi_application_is_django_s():
    from django.core.handlers.asgi import ASGIHandler

    from okrflow.asgi import django_application

    assert isinstance(django_application, ASGIHandler)
