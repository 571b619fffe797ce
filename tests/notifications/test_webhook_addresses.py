"""Webhook SSRF (issue 7, item 7): admins save public https addresses only, every send checks the
address again, redirects are not followed and what a server answers stays out of the log."""

import pytest

from okrflow.actors import SYSTEM
from okrflow.errors import DomainError
from okrflow.notifications import services
from okrflow.notifications.channels import addresses
from okrflow.notifications.models import Delivery, DeliveryStatus, NotificationKind, Platform, WebhookEndpoint

INTERNAL_URLS = [
    "https://127.0.0.1/hook",
    "https://localhost/hook",
    "https://[::1]/hook",
    "https://0.0.0.0/hook",
    "https://[::ffff:127.0.0.1]/hook",
    "https://169.254.169.254/latest/meta-data/",
    "https://10.0.0.8/hook",
    "https://172.16.5.4/hook",
    "https://192.168.1.1/hook",
    "https://100.64.0.1/hook",
    "https://[fe80::1]/hook",
    "https://[fd00::1]/hook",
    "https://224.0.0.1/hook",
    "https://240.0.0.1/hook",
]


@pytest.fixture
def chat_notice(bob, django_capture_on_commit_callbacks):
    services.set_preference(bob, bob, NotificationKind.MENTION, in_app=True, email=False, chat=True)

    def send():
        with django_capture_on_commit_callbacks(execute=True):
            return services.notify(bob, NotificationKind.MENTION, "Alice mentioned you", "Hello",
                                   actor=SYSTEM)
    return send


@pytest.mark.parametrize("url", [*INTERNAL_URLS, "http://127.0.0.1:8000/hook", "ftp://files.example.com/x",
                                 "http://hooks.example.com/x", "https://user:pw@93.184.215.14/x"])
def test_an_admin_cannot_save_a_webhook_to_an_internal_or_plain_address(admin, org, url):
    with pytest.raises(DomainError) as refused:
        services.save_webhook(admin, org, name="x", platform=Platform.SLACK, url=url)

    assert refused.value.field == "url"
    assert not WebhookEndpoint.objects.exists()


def test_the_refusal_says_why(admin, org):
    with pytest.raises(DomainError, match="may not point to this server or to an internal network"):
        services.save_webhook(admin, org, name="x", platform=Platform.SLACK, url="https://localhost/hook")
    with pytest.raises(DomainError, match="must start with https://"):
        services.save_webhook(admin, org, name="x", platform=Platform.SLACK, url="ftp://files.example.com/x")


@pytest.mark.parametrize("host", ["localhost", "127.1", "2130706433", "0x7f000001", "0177.0.0.1", "[::1]",
                                  "[::ffff:7f00:1]", "[2002:7f00:1::1]", "[::]"])
def test_every_spelling_of_this_server_is_refused_after_resolving(host):
    with pytest.raises(addresses.AddressRefused):
        addresses.check(f"https://{host}/hook")


@pytest.mark.parametrize("address", ["93.184.215.14", "8.8.8.8", "2606:4700:4700::1111"])
def test_public_addresses_are_allowed(address):
    assert addresses.is_public(address)


def test_a_public_https_address_is_saved(admin, org):
    endpoint = services.save_webhook(admin, org, name="x", platform=Platform.SLACK,
                                     url="https://93.184.215.14/services/T/B/X")
    assert endpoint.pk


def test_the_admin_form_refuses_an_internal_address(client, admin, org):
    admin.is_staff = True
    admin.save(update_fields=["is_staff"])
    client.force_login(admin)
    data = {"name": "x", "platform": "slack", "url": "https://127.0.0.1/hook", "secret": "", "unit": "",
            "active": "on", "created_at_0": "2026-01-05", "created_at_1": "10:00:00"}

    response = client.post("/admin/notifications/webhookendpoint/add/", data)

    assert response.status_code == 200
    assert "may not point to this server" in response.text
    assert not WebhookEndpoint.objects.exists()


def test_the_allow_list_lets_http_reach_the_local_server_and_without_it_the_same_send_is_refused(
        admin, org, chat_server, chat_notice, settings):
    services.save_webhook(admin, org, name="x", platform=Platform.SLACK, url=chat_server.url + "/hook")
    chat_notice()
    assert len(chat_server.requests) == 1 and Delivery.objects.get().status == DeliveryStatus.SENT

    settings.OKRFLOW_WEBHOOK_HTTP_HOSTS = []
    chat_notice()

    assert len(chat_server.requests) == 1
    refused = Delivery.objects.exclude(status=DeliveryStatus.SENT).get()
    assert refused.status == DeliveryStatus.FAILED  # permanent: retrying cannot help
    assert "must start with https://" in refused.last_error


def test_a_webhook_stored_before_the_rule_is_refused_when_sending(admin, org, chat_server, chat_notice,
                                                                   settings):
    settings.OKRFLOW_WEBHOOK_HTTP_HOSTS = []
    # A row from before the rule (or whose name resolves elsewhere by now): no validation on create().
    WebhookEndpoint.objects.create(organization=org, name="old", platform=Platform.WECOM,
                                   url=chat_server.url.replace("http:", "https:") + "/hook")

    chat_notice()

    assert chat_server.requests == []
    item = Delivery.objects.get()
    assert item.status == DeliveryStatus.FAILED
    assert "internal network" in item.last_error


def test_a_redirect_is_not_followed_and_its_target_answer_never_reaches_the_log(
        admin, org, chat_server, chat_notice):
    services.save_webhook(admin, org, name="x", platform=Platform.WECOM, url=chat_server.url + "/hook")
    chat_server.replies = [
        (302, {"note": "moved"}, {"Location": chat_server.url + "/internal/admin"}),
        (200, {"errcode": 7, "errmsg": "root:x:0:0 internal secret"}),
    ]

    chat_notice()

    assert [r["path"] for r in chat_server.requests] == ["/hook"]
    item = Delivery.objects.get()
    assert item.status == DeliveryStatus.RETRY
    assert item.last_error == "HTTP 302 Found: the webhook answered with a redirect, which is not followed"
    logged = item.last_error + "".join(item.attempt_log.values_list("error", flat=True))
    assert "secret" not in logged and "moved" not in logged


def test_an_error_answer_logs_its_status_line_only(admin, org, chat_server, chat_notice):
    services.save_webhook(admin, org, name="x", platform=Platform.SLACK, url=chat_server.url + "/hook")
    chat_server.replies = [(500, {"trace": "internal secret " * 50})]

    chat_notice()

    assert Delivery.objects.get().last_error == "HTTP 500 Internal Server Error"
