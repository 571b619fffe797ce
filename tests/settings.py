"""Settings for the test suite: the production module with test-friendly environment."""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production-0123456789-abcdefghijklmnop")
os.environ.setdefault("HTTPS", "false")
os.environ.setdefault("OKRFLOW_PLAIN_STATIC", "true")
os.environ.setdefault("OKRFLOW_DATA_DIR", tempfile.mkdtemp(prefix="okrflow-test-"))

from okrflow.settings import *  # noqa: E402,F403

# SQLite's test database is a file, not memory: the browser tests' `okrflow serve` is a process
# of its own that opens it (tests/browser/served.py). pytest-django suffixes it per xdist worker.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}  # noqa: F405

# Fast hashing: tests create many people; real hashing is tested separately.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Whitenoise serves from the finders in tests; an existing (empty) root keeps it quiet.
STATIC_ROOT = DATA_DIR / "static"  # noqa: F405
STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# Assertions are written against the English source strings; tests of the Chinese default
# (tests/test_language_default.py) switch to zh-hans explicitly.
LANGUAGE_CODE = "en"
