"""Two small doors for higher apps: files attached to a kind's mail when it is sent (made by the
app that registered them, over the same SMTP path, retries and attempt log), and jobs the
scheduler tick runs after its reminders."""

import pytest

from okrflow.actors import SYSTEM
from okrflow.notifications import scheduler
from okrflow.notifications.channels import ChannelError, email
from okrflow.notifications.models import Delivery, DeliveryStatus, NotificationKind
from okrflow.notifications.services import notify
from tests.notifications.conftest import local

KIND = NotificationKind.SCHEDULED_REPORT


@pytest.fixture
def attacher(monkeypatch):
    made = []

    def attach(notification):
        made.append(notification.pk)
        return [("summary.pdf", b"%PDF-1.7 for " + notification.recipient.email.encode(), "application/pdf")]
    monkeypatch.setitem(email.ATTACHERS, KIND, attach)
    return made


def test_a_registered_kind_gets_its_files_attached_over_smtp(smtp_server, attacher, bob,
                                                            django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(bob, KIND, "本周公司报告", "公司得分 0.62", actor=SYSTEM)
    [message] = smtp_server.messages
    [part] = list(message.iter_attachments())
    assert (part.get_filename(), part.get_content_type()) == ("summary.pdf", "application/pdf")
    assert part.get_content() == b"%PDF-1.7 for bob@acme.test"
    assert "公司得分 0.62" in message.get_body(("plain",)).get_content()
    assert attacher == [notification.pk]


def test_other_kinds_carry_no_files(smtp_server, attacher, bob, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify(bob, NotificationKind.MENTION, "有人提到了你", actor=SYSTEM)
    [message] = smtp_server.messages
    assert list(message.iter_attachments()) == [] and attacher == []


def test_a_file_that_cannot_be_made_is_retried_like_a_failed_send(smtp_server, bob, monkeypatch,
                                                                  django_capture_on_commit_callbacks):
    def broken(notification):
        raise ChannelError("the PDF could not be made")
    monkeypatch.setitem(email.ATTACHERS, KIND, broken)
    with django_capture_on_commit_callbacks(execute=True):
        notify(bob, KIND, "本周公司报告", actor=SYSTEM)
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.RETRY and "PDF" in delivery.last_error
    assert smtp_server.messages == []


def test_the_tick_runs_the_registered_jobs(monkeypatch, db):
    seen = []
    monkeypatch.setitem(scheduler.TICK_JOBS, "weekly_report", lambda now: seen.append(now) or 3)
    counts = scheduler.tick(now=local(2026, 1, 9, 10, 0))
    assert counts["weekly_report"] == 3 and seen == [local(2026, 1, 9, 10, 0)]
