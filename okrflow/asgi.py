"""ASGI entry point (`okrflow serve` runs it in gunicorn's ASGI worker; any ASGI server may): the
pages as ever, and the rooms' live streams as async views that hold no thread while they stay
open. The application and its refusal of bodies by their headers: okrflow/ops/asgi_app.py."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "okrflow.settings")

from okrflow.ops.asgi_app import application, django_application  # noqa: E402

__all__ = ["application", "django_application"]
