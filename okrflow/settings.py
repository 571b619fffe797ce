"""All settings, read from the environment (12-factor). See README.md for the variables."""

from pathlib import Path

import environ
from csp.constants import NONCE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()

DATA_DIR = Path(env.str("OKRFLOW_DATA_DIR", default=str(BASE_DIR / "data")))

DEBUG = env.bool("DEBUG", default=False)
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    """SECRET_KEY from the environment, else a random key kept in the data folder.

    A laptop install just works and keeps its sessions across restarts; production sets
    SECRET_KEY (and several app servers must share it).
    """
    if key := env.str("SECRET_KEY", default=""):
        return key
    path = DATA_DIR / "secret_key"
    if not path.exists():
        from django.core.management.utils import get_random_secret_key

        path.touch(mode=0o600)
        path.write_text(get_random_secret_key())
    key = path.read_text().strip()
    if not key:
        raise ImproperlyConfigured(f"{path} is empty: delete it or set SECRET_KEY.")
    return key


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "okrflow.org",
    "okrflow.audit",
    "okrflow.cycles",
    "okrflow.okrs",
    "okrflow.checkins",
    "okrflow.interchange",
    "okrflow.ops",
    "okrflow.notifications",
    "okrflow.meetings",
    "okrflow.assessments",
    "okrflow.suggestions",
    "okrflow.celebrations",
    "okrflow.publishing",
    "okrflow.retros",
    "okrflow.workshops",
    "okrflow.reports",
    "okrflow.api",
    "okrflow.web",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    # Serves the API docs' Swagger UI from its bundled static files (no CDN, CSP-friendly).
    "ninja",
    "axes",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Before the CSRF check reads (and spools) a body: refuses one over the cap, in the language.
    "okrflow.ops.request_limits.RequestBodyLimitMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "okrflow.web.middleware.PersonLanguageMiddleware",
    "okrflow.web.middleware.IdleSessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Before any view: a NUL byte in the address is a 400, not a PostgreSQL error.
    "okrflow.web.middleware.RefuseNulInAddressMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Axes must come last: it turns a locked-out login into its own response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "okrflow.urls"
WSGI_APPLICATION = "okrflow.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "okrflow.web.context.shell",
            ],
        },
    },
]

# Databases: SQLite file by default, PostgreSQL (or any) by DATABASE_URL.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{DATA_DIR / 'okrflow.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers run beside the one writer; IMMEDIATE avoids lock upgrades that fail
    # under concurrency; the busy timeout makes writers queue instead of erroring.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": env.int("SQLITE_TIMEOUT", default=20),
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=20000;"
            ),
        }
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env.bool("DB_POOL", default=True):
    # Django's psycopg pool (psycopg-pool): under the ASGI worker every request runs in a thread
    # of its own, so a persistent connection (CONN_MAX_AGE) is one more open connection per
    # thread that ever ran (60 participants held 78 of PostgreSQL's 100). A request takes one from
    # the pool and gives it back at its end; beyond max_size, requests wait up to `timeout`
    # seconds. `okrflow serve` divides OKRFLOW_DB_CONNECTIONS among its workers
    # (okrflow/ops/database.py); max_size here is for one process (manage.py, tests, the task worker).
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 1,
        "max_size": env.int("OKRFLOW_DB_CONNECTIONS", default=40),
        "timeout": env.int("DB_POOL_TIMEOUT", default=10),
    }
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# The connections one `okrflow serve` may hold at once, all its workers together (PostgreSQL's
# default max_connections is 100: the task worker, migrations and a second server need the rest).
OKRFLOW_DB_CONNECTIONS = env.int("OKRFLOW_DB_CONNECTIONS", default=40)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The live rooms' fan-out across app-server processes (okrflow/workshops/hub.py): Redis pub/sub
# when set; without it, one process delivers to its own streams (the embedded default).
REDIS_URL = env.str("REDIS_URL", default="")

AUTH_USER_MODEL = "org.Person"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "okrflow.org.auth.EmailBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sessions end after SESSION_IDLE_SECONDS without a request; the expiry is pushed forward at
# most every SESSION_TOUCH_SECONDS (okrflow.web.middleware.IdleSessionMiddleware), not on
# every request.
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_SECONDS", default=2 * 60 * 60)
SESSION_TOUCH_SECONDS = env.int("SESSION_TOUCH_SECONDS", default=5 * 60)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = False

# Login throttling (django-axes): lock one account after repeated failures, counted on the
# normalized email (login folds case, so must the count).
# Lock per account first: a company's staff often share one office NAT address, and locking that
# address after one person's typos would lock out everyone. The per-address limit is a much
# higher ceiling, against guessing across many accounts (okrflow/org/auth.py).
LOGIN_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
LOGIN_FAILURE_LIMIT_PER_IP = env.int("LOGIN_FAILURE_LIMIT_PER_IP", default=50)
AXES_FAILURE_LIMIT = "okrflow.org.auth.login_failure_limit"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_USERNAME_CALLABLE = "okrflow.org.auth.login_username"
AXES_HANDLER = "okrflow.org.auth.LoginThrottle"
AXES_CLIENT_IP_CALLABLE = "okrflow.org.auth.login_client_address"
AXES_COOLOFF_TIME = env.float("LOGIN_COOLOFF_HOURS", default=0.25)
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "web/locked_out.html"
AXES_VERBOSE = False

LANGUAGE_CODE = env.str("LANGUAGE_CODE", default="zh-hans")
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "okrflow" / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Front-end assets copied from npm by `make assets` (okrflow/static/vendor/).
STATICFILES_DIRS = [BASE_DIR / "okrflow" / "static"]
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if env.bool("OKRFLOW_PLAIN_STATIC", default=False):
    # Tests serve straight from the app folders, no collectstatic manifest needed.
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
WHITENOISE_USE_FINDERS = DEBUG or env.bool("OKRFLOW_PLAIN_STATIC", default=False)

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
# The address people reach okrflow at, for links in mail and chat (e.g. https://okr.example.com).
OKRFLOW_BASE_URL = env.str("OKRFLOW_BASE_URL", default="").rstrip("/")
# Chat webhooks go to public https addresses only (okrflow/notifications/channels/addresses.py).
# Hosts listed here (names or IP literals, comma-separated) are trusted: plain http and internal
# addresses are allowed for them, e.g. a chat server inside the company network.
OKRFLOW_WEBHOOK_HTTP_HOSTS = env.list("OKRFLOW_WEBHOOK_HTTP_HOSTS", default=[])
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="okrflow <okrflow@localhost>")

TASKS = {
    "default": {"BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend")}
}

# Imported archives (.zip of CSV files, .xlsx workbooks), checked before they are opened
# (okrflow/interchange/archives.py). Measured on the benchmark's 10,000-person company
# (1.08 M check-ins): its .xlsx is 35 MB holding 452 MB of XML in 14 members (ratio ≤ 14.1 per
# member); its .zip of CSV files is 8.4 MB holding 61 MB (ratio ≤ 11). The defaults leave twice
# that room (7× the ratio) and refuse the issue-7 bombs (1.5 GiB at a ratio of ~1000).
IMPORT_MAX_UNCOMPRESSED_MB = env.int("IMPORT_MAX_UNCOMPRESSED_MB", default=1024)
IMPORT_MAX_RATIO = env.int("IMPORT_MAX_RATIO", default=100)
IMPORT_MAX_MEMBERS = env.int("IMPORT_MAX_MEMBERS", default=200)

# Security. Production (DEBUG off) defaults to HTTPS-only cookies and HSTS.
HTTPS = env.bool("HTTPS", default=not DEBUG)
SECURE_SSL_REDIRECT = HTTPS and env.bool("SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# Behind a reverse proxy: trust its X-Forwarded-Proto, and take the client's address for the login
# throttle from the last X-Forwarded-For entry (okrflow/org/auth.py).
BEHIND_PROXY = env.bool("BEHIND_PROXY", default=False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"

# Request size. Django's own DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB of form fields or JSON) stays;
# the body cap refuses larger bodies before anything reads them (okrflow/ops/request_limits.py):
# 10 MB, and on the import page just over its 200 MB upload limit (web/views/transfer.py).
OKRFLOW_MAX_BODY_BYTES = env.int("OKRFLOW_MAX_BODY_BYTES", default=10 * 1024 * 1024)
OKRFLOW_MAX_IMPORT_BODY_BYTES = env.int("OKRFLOW_MAX_IMPORT_BODY_BYTES", default=201 * 1024 * 1024)
# Meetings (okrflow/workshops): guests who join one meeting with its code, people seated in one,
# and uploaded materials (served only through the meeting's access check, never as public media).
OKRFLOW_WORKSHOP_MAX_GUESTS = env.int("OKRFLOW_WORKSHOP_MAX_GUESTS", default=200)
OKRFLOW_WORKSHOP_MAX_PARTICIPANTS = env.int("OKRFLOW_WORKSHOP_MAX_PARTICIPANTS", default=1000)
MEDIA_ROOT = DATA_DIR / "media"

# `okrflow serve` (gunicorn): recycle each worker after this many requests (plus up to the jitter,
# so they do not restart together), kill a worker silent this long, let a restart finish requests.
OKRFLOW_MAX_REQUESTS = env.int("OKRFLOW_MAX_REQUESTS", default=1000)
OKRFLOW_MAX_REQUESTS_JITTER = env.int("OKRFLOW_MAX_REQUESTS_JITTER", default=100)
OKRFLOW_WORKER_TIMEOUT = env.int("OKRFLOW_WORKER_TIMEOUT", default=60)
OKRFLOW_GRACEFUL_TIMEOUT = env.int("OKRFLOW_GRACEFUL_TIMEOUT", default=20)

# Content-Security-Policy: everything is served from our own origin; inline scripts
# need the per-request nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# A client error (4xx: a 403, a refused upload) logs one line, without a traceback
# (okrflow/ops/log_filters.py): on django.request itself, and on the console for the rest.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"one_line_client_errors": {"()": "okrflow.ops.log_filters.OneLineClientErrors"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["one_line_client_errors"]},
    },
    "loggers": {"django.request": {"filters": ["one_line_client_errors"]}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}

OKRFLOW_SITE_NAME = _("okrflow")
