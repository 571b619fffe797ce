"""Reminder emails go through a real SMTP server on loopback, in the recipient's language."""

import datetime

import polib
import pytest

from okrflow.actors import SYSTEM
from okrflow.notifications import services
from okrflow.notifications.models import Delivery, DeliveryStatus, Weekday
from tests.notifications.conftest import local, make_key_result

# A small zh-Hans catalogue of this app's strings, so the test does not depend on the lead's
# translation progress; Django merges it in front of the project's catalogue.
CHINESE = {
    "Time for your check-in": "该做本周检查了",
    "Hello %(name)s,": "%(name)s，您好：",
    "Open in okrflow:": "在 okrflow 中打开：",
}


def text_of(message) -> str:
    return message.get_content().replace("\r\n", "\n")  # SMTP carries CRLF line ends


@pytest.fixture
def chinese_catalogue(tmp_path, settings):
    folder = tmp_path / "zh_Hans" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    catalogue = polib.POFile()
    catalogue.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "zh_Hans"}
    for msgid, msgstr in CHINESE.items():
        catalogue.append(polib.POEntry(msgid=msgid, msgstr=msgstr))
    catalogue.save_as_mofile(str(folder / "django.mo"))
    settings.LOCALE_PATHS = [tmp_path, *settings.LOCALE_PATHS]


@pytest.fixture
def reminder_due(org, admin, q1):
    services.save_cadence(admin, org, weekday=Weekday.FRIDAY, time=datetime.time(10, 0))

    def for_person(person):
        make_key_result(person, q1, f"KR-{person.pk}")
    return for_person


def test_the_reminder_email_arrives_over_smtp_in_english(smtp_server, reminder_due, bob, run_tick):
    bob.language = "en"
    bob.save(update_fields=["language"])
    reminder_due(bob)
    run_tick(local(2026, 1, 9, 10, 0))
    [message] = smtp_server.messages
    assert message["To"] == "bob@acme.test"
    assert message["Subject"] == "[okrflow] Time for your check-in"
    assert message["Auto-Submitted"] == "auto-generated"
    body = text_of(message)
    assert body.startswith("Hello Bob 李,\n")
    assert "1 key result has no check-in since 2026-01-05." in body
    assert Delivery.objects.get().status == DeliveryStatus.SENT


def test_the_reminder_email_arrives_over_smtp_in_chinese(smtp_server, chinese_catalogue, reminder_due, bob,
                                                         run_tick):
    bob.language = "zh-hans"
    bob.save(update_fields=["language"])
    reminder_due(bob)
    run_tick(local(2026, 1, 9, 10, 0))
    [message] = smtp_server.messages
    assert message["Subject"] == "[okrflow] 该做本周检查了"
    assert text_of(message).startswith("Bob 李，您好：\n\n该做本周检查了\n")


def test_people_without_a_language_get_the_site_language(smtp_server, chinese_catalogue, reminder_due, bob,
                                                         settings, run_tick):
    settings.LANGUAGE_CODE = "zh-hans"
    reminder_due(bob)
    run_tick(local(2026, 1, 9, 10, 0))
    assert smtp_server.messages[0]["Subject"] == "[okrflow] 该做本周检查了"


def test_a_link_is_made_absolute_with_the_site_address(smtp_server, bob, settings,
                                                       django_capture_on_commit_callbacks):
    settings.OKRFLOW_BASE_URL = "https://okr.example.com/"
    bob.language = "en"
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(bob, "mention", "Alice mentioned you", "Look at this", "/okrs/kr/7/", actor=SYSTEM)
    assert "Open in okrflow: https://okr.example.com/okrs/kr/7/" in text_of(smtp_server.messages[0])


def test_an_unreachable_mail_server_is_logged_and_retried(bob, settings, django_capture_on_commit_callbacks):
    from tests.notifications.conftest import _free_port

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", _free_port(), 2
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(bob, "mention", "Alice mentioned you", actor=SYSTEM)
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.RETRY
    assert "ConnectionRefusedError" in delivery.last_error
    assert delivery.attempt_log.get().succeeded is False
