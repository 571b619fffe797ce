"""The seven-step cycle's notices have kinds of their own (okrflow/notifications/models.py): the
agreement's three notices, self-assessments, kudos and change-request decisions each follow
their own preference, listed on the preferences page with translated labels; whoever asked for
a change of a key result hears the decision with the comment."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from okrflow.actors import SYSTEM
from okrflow.assessments.services import review, self_assess
from okrflow.celebrations.services import give_kudos
from okrflow.cycles.models import Cycle
from okrflow.notifications.models import Notification, NotificationKind
from okrflow.notifications.services import set_preference
from okrflow.okrs import changes, states
from okrflow.okrs.models import Objective, ObjectiveStatus
from tests.okrs.factories import make_checkin, make_key_result, make_objective

SEVEN_STEP_KINDS = ["objective_proposed", "objective_sent_back", "objective_agreed", "self_assessment",
                    "kudos", "change_request_decided"]


def mute_mentions(person):
    set_preference(SYSTEM, person, NotificationKind.MENTION, in_app=False, email=False, chat=False)


def kinds_of(person) -> list[str]:
    return list(Notification.objects.filter(recipient=person).order_by("id").values_list("kind", flat=True))


def test_the_agreements_notices_have_their_own_kinds_and_do_not_follow_the_mention_setting(
        q1, bob, alice, django_capture_on_commit_callbacks):
    mute_mentions(bob)
    mute_mentions(alice)
    draft = make_objective(q1, owner=bob, title="Ship the app", status=ObjectiveStatus.DRAFT)
    with django_capture_on_commit_callbacks(execute=True):
        states.propose(bob, draft, comment="Ready")
    with django_capture_on_commit_callbacks(execute=True):
        states.send_back(alice, draft, comment="Name the number")
    with django_capture_on_commit_callbacks(execute=True):
        states.propose(bob, draft)
    with django_capture_on_commit_callbacks(execute=True):
        states.accept(alice, draft)
    assert kinds_of(alice) == ["objective_proposed", "objective_proposed"]
    assert kinds_of(bob) == ["objective_sent_back", "objective_agreed"]


def test_turning_off_agreements_leaves_the_sent_back_notice(
        q1, bob, alice, django_capture_on_commit_callbacks):
    set_preference(SYSTEM, bob, NotificationKind.OBJECTIVE_AGREED, in_app=False, email=False, chat=False)
    draft = make_objective(q1, owner=bob, title="Ship the app", status=ObjectiveStatus.DRAFT)
    for step in (lambda: states.propose(bob, draft), lambda: states.send_back(alice, draft, comment="Why?"),
                 lambda: states.propose(bob, draft), lambda: states.accept(alice, draft)):
        with django_capture_on_commit_callbacks(execute=True):
            step()
    assert kinds_of(bob) == ["objective_sent_back"]


def test_self_assessment_notices_are_of_the_self_assessment_kind(
        q1, bob, alice, django_capture_on_commit_callbacks):
    objective = make_objective(q1, owner=bob, title="Make the platform reliable")
    kr = make_key_result(objective, start=0, target=10, owner=bob, title="Cut incidents to 10")
    make_checkin(kr, 6, author=bob)
    Cycle.objects.filter(pk=q1.pk).update(published_at=timezone.now())
    Objective.objects.filter(pk=objective.pk).update(status=ObjectiveStatus.PUBLISHED)
    mute_mentions(alice)
    with django_capture_on_commit_callbacks(execute=True):
        assessment = self_assess(bob, kr, score="0.6")
    with django_capture_on_commit_callbacks(execute=True):
        review(alice, assessment, agree=True)
    assert kinds_of(alice) == ["self_assessment"] and kinds_of(bob) == ["self_assessment"]


def test_kudos_are_of_the_kudos_kind(q1, bob, alice, django_capture_on_commit_callbacks):
    objective = make_objective(q1, owner=bob, title="自动化测试覆盖率")
    make_key_result(objective, start=0, target=10, owner=bob)
    mute_mentions(bob)
    with django_capture_on_commit_callbacks(execute=True):
        give_kudos(alice, bob, objective=objective, message="谢谢！")
    assert kinds_of(bob) == ["kudos"]


@pytest.fixture
def annual_kr(year, bob):
    objective = make_objective(year, owner=bob, title="全年把构建时间缩短一半", ref="O-YEAR-BOB")
    kr = make_key_result(objective, start=20, target=10, unit="min", owner=bob, ref="KR-YEAR-BOB",
                         title="构建时间 10 分钟")
    Objective.objects.filter(pk=objective.pk).update(status=ObjectiveStatus.PUBLISHED)
    return kr


def test_the_requester_hears_the_approval_with_the_comment(
        annual_kr, bob, alice, django_capture_on_commit_callbacks):
    request = changes.request_change(bob, annual_kr, new_title="构建时间 8 分钟", new_target=Decimal("8"),
                                     reason="新的缓存方案")
    with django_capture_on_commit_callbacks(execute=True):
        changes.decide(alice, request, approve=True, comment="同意，下季度复盘")
    notice = Notification.objects.get(recipient=bob)
    assert notice.kind == NotificationKind.CHANGE_REQUEST_DECIDED
    assert notice.title == "Alice 王 approved your change of “构建时间 8 分钟”"
    assert notice.body == "同意，下季度复盘"
    assert notice.link == reverse("change_request", args=[request.pk])
    assert not Notification.objects.filter(recipient=alice).exists()


def test_the_requester_hears_the_rejection_with_the_reason(annual_kr, bob, alice,
                                                           django_capture_on_commit_callbacks):
    request = changes.request_change(bob, annual_kr, new_target=Decimal("8"), reason="新的缓存方案")
    with django_capture_on_commit_callbacks(execute=True):
        changes.decide(alice, request, approve=False, comment="先按原目标执行一个季度")
    notice = Notification.objects.get(recipient=bob)
    assert notice.title == "Alice 王 rejected your change of “构建时间 10 分钟”"
    assert notice.body == "先按原目标执行一个季度"


def test_the_preferences_page_lists_every_new_kind_with_its_label(client, bob):
    client.force_login(bob)
    page = client.get(reverse("notifications:centre")).content.decode()
    for kind in SEVEN_STEP_KINDS:
        assert f'name="{kind}__email"' in page
        assert str(NotificationKind(kind).label) in page


def test_a_new_kind_can_be_turned_off_on_the_preferences_page(client, bob):
    client.force_login(bob)
    data = {f"{kind}__in_app": "on" for kind in NotificationKind.values}
    del data["kudos__in_app"]
    assert client.post(reverse("notifications:centre"), data).status_code == 302
    assert bob.notification_preferences.get(kind="kudos").channels == {"in_app": False, "email": False,
                                                                       "chat": False}
