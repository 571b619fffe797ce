"""Real components on loopback: an SMTP server (aiosmtpd) and an HTTP server that plays a chat
platform; key results to be reminded about; the scheduler tick run with a controlled clock."""

import datetime
import email
import email.policy
import json
import socket
import threading
import zoneinfo
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from aiosmtpd.controller import Controller

from okrflow.notifications import scheduler
from okrflow.okrs.models import KeyResult, Objective

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def local(*args) -> datetime.datetime:
    """An aware moment in the organization's time zone (Asia/Shanghai)."""
    return datetime.datetime(*args, tzinfo=SHANGHAI)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on 127.0.0.1; Django's SMTP backend points at it."""
    inbox = _Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    yield inbox
    controller.stop()


class ChatServer:
    """Records every request; answers with the queued (status, body[, headers]) replies, then
    200 {}. A GET (where a followed redirect would land) is recorded too."""

    def __init__(self):
        self.requests, self.replies = [], []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's hook name)
                raw = self.rfile.read(int(self.headers["Content-Length"]))
                server.requests.append({"path": self.path, "headers": dict(self.headers),
                                        "json": json.loads(raw)})
                self._answer()

            def do_GET(self):  # noqa: N802
                server.requests.append({"path": self.path, "headers": dict(self.headers), "json": None})
                self._answer()

            def _answer(self):
                status, body, *headers = server.replies.pop(0) if server.replies else (200, {})
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for name, value in (headers[0] if headers else {}).items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def chat_server(settings):
    """A chat platform on 127.0.0.1, which the install's operator allows for plain http (webhooks
    otherwise go to public https addresses only: notifications/channels/addresses.py)."""
    settings.OKRFLOW_WEBHOOK_HTTP_HOSTS = ["127.0.0.1"]
    server = ChatServer()
    yield server
    server.stop()


@pytest.fixture
def run_tick(django_capture_on_commit_callbacks):
    """The scheduler tick at a given moment, with the queued deliveries sent (the test
    settings run tasks immediately)."""
    def run(now):
        with django_capture_on_commit_callbacks(execute=True):
            return scheduler.tick(now=now)
    return run


def make_key_result(owner, cycle, ref, **fields) -> KeyResult:
    objective = Objective.objects.create(organization=owner.organization, cycle=cycle, owner_person=owner,
                                         ref=f"O-{ref}", title=f"Objective {ref}")
    fields.setdefault("target_value", Decimal(100))
    return KeyResult.objects.create(organization=owner.organization, objective=objective, owner=owner,
                                    ref=ref, title=f"Key result {ref}", **fields)
