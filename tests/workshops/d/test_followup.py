"""Decisions, action items that become tasks of the execution rhythm, and seminar feedback."""

import datetime

import pytest

from okrflow.errors import AccessDenied, DomainError, NotFound
from okrflow.meetings import actions
from okrflow.meetings.models import ActionItem
from okrflow.workshops import followup
from okrflow.workshops.models import ActionLink, Decision, Event, Feedback, State
from tests.okrs.factories import make_key_result, make_objective
from tests.workshops.d.conftest import seat


@pytest.fixture
def bobs_kr(q1, bob):
    return make_key_result(make_objective(q1, owner=bob, title="构建更快"), title="构建时间降到十分钟")


def test_the_facilitator_records_a_decision_on_the_current_item(workshop, admin):
    decision = followup.record_decision(admin, workshop, "  下周一前各部门提交修订后的OKR ")

    assert decision.text == "下周一前各部门提交修订后的OKR" and not decision.is_final_word
    assert Event.objects.filter(workshop=workshop, topic="decisions", kind="decided").count() == 1


def test_a_participant_cannot_record_a_decision(workshop, bob):
    seat(workshop, bob)
    with pytest.raises(AccessDenied):
        followup.record_decision(bob, workshop, "我说了算")
    assert not Decision.objects.exists()


def test_an_empty_decision_is_refused(workshop, admin):
    with pytest.raises(DomainError) as refused:
        followup.record_decision(admin, workshop, "   ")
    assert refused.value.field == "text" and not Decision.objects.exists()


def test_an_action_item_becomes_a_task_on_its_owners_list(workshop, admin, bob, bobs_kr):
    item = followup.add_action_item(admin, workshop, key_result=bobs_kr, title="搭建并行测试",
                                    owner=bob, due_date=datetime.date(2026, 2, 6), how="拆分测试套件")

    assert list(actions.task_list(bob)) == [item]
    assert item.how == "拆分测试套件" and item.due_date == datetime.date(2026, 2, 6)
    assert ActionLink.objects.get(action_item=item).workshop == workshop
    assert list(followup.action_items_of(workshop)) == [item]


def test_an_action_item_needs_its_key_result(workshop, admin, bob):
    with pytest.raises(DomainError) as refused:
        followup.add_action_item(admin, workshop, key_result=None, title="没有关键成果的任务", owner=bob)
    assert refused.value.field == "key_result" and not ActionItem.objects.exists()


def test_an_action_item_without_a_title_stores_nothing(workshop, admin, bob, bobs_kr):
    with pytest.raises(DomainError):
        followup.add_action_item(admin, workshop, key_result=bobs_kr, title="", owner=bob)
    assert not ActionItem.objects.exists() and not ActionLink.objects.exists()


def test_whoever_cannot_plan_the_key_result_cannot_add_its_action(org, carol, bob, bobs_kr, q1):
    from tests.workshops.d.conftest import make_workshop

    carols = make_workshop(org, carol, cycle=q1)
    with pytest.raises(AccessDenied):
        followup.add_action_item(carol, carols, key_result=bobs_kr, title="替别人安排任务", owner=bob)
    assert not ActionItem.objects.exists()


def test_an_owner_of_another_organization_is_refused(workshop, admin, mallory, bobs_kr):
    with pytest.raises(NotFound):
        followup.add_action_item(admin, workshop, key_result=bobs_kr, title="给外人的任务", owner=mallory)


@pytest.fixture
def seminar(workshop):
    workshop.state = State.ENDED
    workshop.save(update_fields=["state"])
    return workshop


def test_participants_and_guests_rate_once_and_the_summary_counts_them(seminar, admin, bob, carol):
    followup.give_feedback(seat(seminar, bob), rating=5, comment="非常有收获", person=bob)
    followup.give_feedback(seat(seminar, carol), rating="3", person=carol)
    followup.give_feedback(seat(seminar, guest_name="访客小林"), rating=4, comment="希望多些案例")

    summary = followup.feedback_summary(admin, seminar)

    assert (summary.count, summary.mean) == (3, 4.0)
    assert summary.distribution == {1: 0, 2: 0, 3: 1, 4: 1, 5: 1}
    assert summary.comments == ["非常有收获", "希望多些案例"] and summary.share(5) == 33
    assert Event.objects.filter(workshop=seminar, topic="feedback").count() == 3


def test_a_second_feedback_is_refused_and_the_first_kept(seminar, bob):
    mine = seat(seminar, bob)
    followup.give_feedback(mine, rating=5, person=bob)

    with pytest.raises(DomainError) as refused:
        followup.give_feedback(mine, rating=1, person=bob)

    assert refused.value.code == "feedback_given"
    assert list(Feedback.objects.values_list("rating", flat=True)) == [5]


@pytest.mark.parametrize("rating", [0, 6, "five", None, "4.5"])
def test_a_rating_outside_one_to_five_is_refused(seminar, bob, rating):
    with pytest.raises(DomainError) as refused:
        followup.give_feedback(seat(seminar, bob), rating=rating, person=bob)
    assert refused.value.message == "Rate from 1 to 5." and not Feedback.objects.exists()


def test_feedback_waits_for_the_meeting_to_start(workshop, bob):
    with pytest.raises(DomainError) as refused:
        followup.give_feedback(seat(workshop, bob), rating=4, person=bob)
    assert refused.value.code == "feedback_closed" and not Feedback.objects.exists()


def test_only_whoever_runs_the_meeting_reads_the_summary(seminar, bob):
    seat(seminar, bob)
    with pytest.raises(AccessDenied):
        followup.feedback_summary(bob, seminar)


def test_an_empty_summary_has_no_mean(seminar, admin):
    summary = followup.feedback_summary(admin, seminar)
    assert (summary.count, summary.mean, summary.share(3)) == (0, None, 0)
