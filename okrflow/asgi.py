"""ASGI entry point (`okrflow serve` runs it in gunicorn's ASGI worker): the pages as ever, and
the rooms' live streams as async views that hold no thread while they stay open."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "okrflow.settings")
application = get_asgi_application()
