"""Chat webhooks: each platform's documented JSON and signature, checked by a local HTTP server
that recomputes the signature; failed deliveries are retried with backoff and logged."""

import base64
import datetime
import hashlib
import hmac
import time
import urllib.parse

import pytest
from django.utils import timezone

from okrflow.actors import SYSTEM
from okrflow.notifications import delivery, services
from okrflow.notifications.models import Delivery, DeliveryStatus, NotificationKind, Platform

SECRET = "SEC-test-secret"


@pytest.fixture
def chat_notice(bob, django_capture_on_commit_callbacks):
    """Send bob a mention that he wants in the team chat; returns the sender."""
    bob.language = "en"
    bob.save(update_fields=["language"])
    services.set_preference(bob, bob, NotificationKind.MENTION, in_app=True, email=False, chat=True)

    def send(title="Alice mentioned you", body="Line one\nLine two", link="https://okr.example.com/kr/7"):
        with django_capture_on_commit_callbacks(execute=True):
            return services.notify(bob, NotificationKind.MENTION, title, body, link, actor=SYSTEM)
    return send


def endpoint(admin, org, chat_server, platform, secret="", path="/hook", **fields):
    return services.save_webhook(admin, org, name=platform, platform=platform, url=chat_server.url + path,
                                 secret=secret, **fields)


def test_feishu_gets_a_signed_post_message(admin, org, chat_server, chat_notice):
    endpoint(admin, org, chat_server, Platform.FEISHU, SECRET, path="/open-apis/bot/v2/hook/abc")
    before = int(time.time())
    chat_notice()
    [request] = chat_server.requests
    payload = request["json"]
    assert request["path"] == "/open-apis/bot/v2/hook/abc"
    assert request["headers"]["Content-Type"] == "application/json; charset=utf-8"
    timestamp = payload.pop("timestamp")
    assert before <= int(timestamp) <= time.time()
    expected = base64.b64encode(hmac.new(f"{timestamp}\n{SECRET}".encode(), b"", hashlib.sha256).digest())
    assert payload.pop("sign") == expected.decode()
    assert payload == {"msg_type": "post", "content": {"post": {"en_us": {
        "title": "Alice mentioned you",
        "content": [[{"tag": "text", "text": "Line one"}], [{"tag": "text", "text": "Line two"}],
                    [{"tag": "a", "text": "Open in okrflow", "href": "https://okr.example.com/kr/7"}]],
    }}}}


def test_feishu_without_a_secret_is_not_signed(admin, org, chat_server, chat_notice):
    endpoint(admin, org, chat_server, Platform.FEISHU)
    chat_notice()
    assert "sign" not in chat_server.requests[0]["json"]


def test_dingtalk_gets_markdown_with_the_signature_in_the_url(admin, org, chat_server, chat_notice):
    endpoint(admin, org, chat_server, Platform.DINGTALK, SECRET, path="/robot/send?access_token=tok")
    chat_notice()
    [request] = chat_server.requests
    url = urllib.parse.urlsplit(request["path"])
    query = urllib.parse.parse_qs(url.query)
    assert url.path == "/robot/send" and query["access_token"] == ["tok"]
    [timestamp], [sign] = query["timestamp"], query["sign"]
    assert abs(int(timestamp) - time.time() * 1000) < 60_000  # milliseconds
    digest = hmac.new(SECRET.encode(), f"{timestamp}\n{SECRET}".encode(), hashlib.sha256).digest()
    assert sign == base64.b64encode(digest).decode()  # parse_qs undid the URL encoding
    assert "sign=" + urllib.parse.quote_plus(sign) in request["path"]
    assert request["json"] == {"msgtype": "markdown", "markdown": {
        "title": "Alice mentioned you",
        "text": "#### Alice mentioned you\n\nLine one\nLine two\n\n[Open in okrflow](https://okr.example.com/kr/7)",
    }}


def test_wecom_gets_markdown_without_a_signature(admin, org, chat_server, chat_notice):
    endpoint(admin, org, chat_server, Platform.WECOM, path="/cgi-bin/webhook/send?key=k1")
    chat_notice()
    [request] = chat_server.requests
    assert request["path"] == "/cgi-bin/webhook/send?key=k1"
    assert request["json"] == {"msgtype": "markdown", "markdown": {
        "content": "### Alice mentioned you\n\nLine one\nLine two\n\n[Open in okrflow](https://okr.example.com/kr/7)",
    }}


def test_slack_gets_text_and_an_escaped_block(admin, org, chat_server, chat_notice):
    endpoint(admin, org, chat_server, Platform.SLACK, path="/services/T/B/X")
    chat_notice(title="R&D <weekly>", body="a > b")
    assert chat_server.requests[0]["json"] == {
        "text": "R&D <weekly>\na > b",
        "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text":
                    "*R&amp;D &lt;weekly&gt;*\na &gt; b\n<https://okr.example.com/kr/7|Open in okrflow>"}}],
    }


def test_a_unit_endpoint_takes_the_place_of_the_organization_one(admin, org, tech, chat_server, chat_notice):
    endpoint(admin, org, chat_server, Platform.SLACK, path="/company")
    endpoint(admin, org, chat_server, Platform.SLACK, path="/tech", unit=tech)
    chat_notice()
    assert [r["path"] for r in chat_server.requests] == ["/tech"]


def test_a_failing_endpoint_is_retried_and_every_attempt_is_logged(admin, org, chat_server, chat_notice):
    endpoint(admin, org, chat_server, Platform.WECOM)
    chat_server.replies = [(500, {"error": "boom"})]
    start = timezone.now()
    chat_notice()
    item = Delivery.objects.get()
    assert item.status == DeliveryStatus.RETRY and item.attempts == 1
    assert item.last_error == "HTTP 500 Internal Server Error"
    minute = datetime.timedelta(minutes=1)
    assert start + minute <= item.next_attempt_at <= timezone.now() + minute
    assert delivery.retry_due(timezone.now()) == 0  # not yet due
    assert delivery.retry_due(item.next_attempt_at) == 1  # the tick's sweep sends it
    item.refresh_from_db()
    assert item.status == DeliveryStatus.SENT and item.attempts == 2
    assert [(a.number, a.succeeded, a.error) for a in item.attempt_log.all()] == [
        (1, False, "HTTP 500 Internal Server Error"), (2, True, "")]
    assert len(chat_server.requests) == 2


def test_an_error_code_in_a_200_answer_counts_as_a_failure(admin, org, chat_server, chat_notice):
    endpoint(admin, org, chat_server, Platform.DINGTALK, SECRET)
    chat_server.replies = [(200, {"errcode": 310000, "errmsg": "sign not match"})]
    chat_notice()
    item = Delivery.objects.get()
    assert item.status == DeliveryStatus.RETRY
    assert item.last_error == "dingtalk error 310000: sign not match"


def test_it_gives_up_after_the_last_attempt(admin, org, chat_server, chat_notice):
    endpoint(admin, org, chat_server, Platform.SLACK)
    chat_server.replies = [(503, {})] * Delivery.MAX_ATTEMPTS
    chat_notice()
    item = Delivery.objects.get()
    while item.status == DeliveryStatus.RETRY:
        delivery.retry_due(item.next_attempt_at)
        item.refresh_from_db()
    assert item.status == DeliveryStatus.FAILED
    assert item.attempts == Delivery.MAX_ATTEMPTS == item.attempt_log.count()
    assert item.next_attempt_at is None


def test_a_sent_delivery_is_never_sent_again(admin, org, chat_server, chat_notice):
    endpoint(admin, org, chat_server, Platform.SLACK)
    chat_notice()
    item = Delivery.objects.get()
    assert delivery.deliver(item.pk) == "skipped"
    assert len(chat_server.requests) == 1


def test_a_backend_that_can_defer_gets_the_retry_with_run_after(admin, org, chat_server, chat_notice,
                                                                 settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    endpoint(admin, org, chat_server, Platform.SLACK)
    chat_server.replies = [(500, {})]
    chat_notice()  # only queued: the database backend waits for the worker
    assert chat_server.requests == []
    [job] = DBTaskResult.objects.all()
    delivery.deliver(job.args_kwargs["args"][0])
    item = Delivery.objects.get()
    retry = DBTaskResult.objects.exclude(pk=job.pk).get()
    assert retry.run_after == item.next_attempt_at
    assert retry.args_kwargs["args"] == [item.pk]
