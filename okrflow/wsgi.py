"""WSGI entry point for production servers (`okrflow serve`, or any WSGI server)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "okrflow.settings")
application = get_wsgi_application()
