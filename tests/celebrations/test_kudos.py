"""Kudos: from one person to another for an objective or key result, seen by those who may see
the objective, notified to the recipient."""

import pytest

from okrflow import events
from okrflow.audit.models import AuditEntry
from okrflow.celebrations.access import visible_kudos
from okrflow.celebrations.models import Kudos
from okrflow.celebrations.services import give_kudos
from okrflow.errors import DomainError, NotFound
from okrflow.notifications.models import Notification
from tests.listening import listening
from tests.okrs.factories import make_key_result, make_objective


def test_a_manager_gives_kudos_for_a_key_result_and_the_recipient_is_told(
        alice, bob, bobs_objective, django_capture_on_commit_callbacks):
    kr = bobs_objective.key_results.get()
    with listening(events.kudos_given) as sent, django_capture_on_commit_callbacks(execute=True):
        kudos = give_kudos(alice, bob, key_result=kr, message="覆盖率提升得很快，谢谢！")
    assert (kudos.objective, kudos.key_result, kudos.giver) == (bobs_objective, kr, alice)
    assert [payload["kudos"] for payload in sent] == [kudos]
    notice = Notification.objects.get(recipient=bob)
    assert notice.title == "Alice 王 gave you kudos"
    assert notice.body == "覆盖率提升得很快，谢谢！" and notice.link == f"/objectives/{bobs_objective.pk}/"
    assert AuditEntry.objects.filter(action="kudos.give", object_id=str(kudos.pk)).exists()


def test_no_kudos_to_yourself(bob, bobs_objective):
    with pytest.raises(DomainError) as refused:
        give_kudos(bob, bob, objective=bobs_objective, message="我真棒")
    assert refused.value.code == "self_kudos"
    assert not Kudos.objects.exists()


def test_kudos_to_someone_of_another_organization_is_not_found(alice, mallory, bobs_objective):
    with pytest.raises(NotFound):
        give_kudos(alice, mallory, objective=bobs_objective, message="Thanks")
    assert not Kudos.objects.exists()


def test_kudos_for_an_objective_the_giver_may_not_see_is_not_found(bob, carol, q1):
    private = make_objective(q1, owner=carol, visibility="private")
    with pytest.raises(NotFound):
        give_kudos(bob, carol, objective=private, message="加油")
    assert not Kudos.objects.exists()


def test_an_empty_message_is_refused(alice, bob, bobs_objective):
    with pytest.raises(DomainError) as refused:
        give_kudos(alice, bob, objective=bobs_objective, message="  ")
    assert refused.value.field == "message"
    assert not Kudos.objects.exists()


def test_a_kudos_on_a_private_objective_is_shown_only_to_those_who_may_see_it(
        admin, bob, carol, alice, sales, q1):
    sales.head = admin
    sales.save(update_fields=["head"])
    private = make_objective(q1, owner=carol, visibility="private")
    make_key_result(private, owner=carol)
    public = make_objective(q1, owner=carol)
    hidden = give_kudos(admin, carol, objective=private, message="大客户拿下了")
    shown = give_kudos(alice, carol, objective=public, message="谢谢支援")
    assert set(visible_kudos(carol).filter(recipient=carol)) == {hidden, shown}
    assert set(visible_kudos(admin).filter(recipient=carol)) == {hidden, shown}
    assert list(visible_kudos(bob).filter(recipient=carol)) == [shown]
    assert list(visible_kudos(alice).filter(recipient=carol)) == [shown]


def test_the_kudos_notice_speaks_the_recipients_language(alice, bob, bobs_objective,
                                                         django_capture_on_commit_callbacks):
    bob.language = "zh-hans"
    bob.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        give_kudos(alice, bob, objective=bobs_objective, message="谢谢")
    assert Notification.objects.get(recipient=bob).title == "Alice 王 给你点了赞"
