"""One message per meaning: "Open" the button and "Open" the status are different messages
(pgettext), so the Chinese can differ — the centre's button reads 打开, the open tasks 待处理."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import pgettext

from okrflow.meetings.models import FollowUpStatus
from okrflow.notifications.models import Notification, NotificationKind

pytestmark = pytest.mark.urls("tests.notifications.urls")


def test_the_centres_open_button_reads_da_kai_in_chinese(client, bob, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    bob.language = "zh-hans"
    bob.save(update_fields=["language"])
    Notification.objects.create(organization=bob.organization, recipient=bob, kind=NotificationKind.MENTION,
                                title="有人提到了你", link="/objectives/1/")
    client.force_login(bob)
    client.cookies["django_language"] = "zh-hans"
    page = client.get(reverse("notifications:centre")).content.decode()
    assert ">打开</button>" in page


def test_open_the_button_and_open_the_status_are_translated_apart():
    with translation.override("zh-hans"):
        assert pgettext("button", "Open") == "打开"
        assert str(FollowUpStatus.OPEN.label) == pgettext("status", "Open") != "打开"
