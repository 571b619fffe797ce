"""The minutes: generated from what happened, read by the room once it ended, mailed to every
person of the meeting in their language through the notifications outbox (a real SMTP server)."""

import datetime

import pytest
from django.utils import timezone

from okrflow.errors import AccessDenied, DomainError
from okrflow.notifications.models import Notification
from okrflow.workshops import followup, minutes, outcomes
from okrflow.workshops.models import Decision, ItemState, Role, State
from okrflow.workshops.seats import RoomActor
from tests.notifications.conftest import smtp_server  # noqa: F401 (a fixture)
from tests.okrs.factories import make_key_result, make_objective
from tests.workshops.d.conftest import card, column, group, item, seat, vote


@pytest.fixture
def held(workshop, admin, alice, bob, carol, q1):
    """An ended company workshop: two agenda items (the second overran), alice and bob signed in,
    carol absent, a guest joined; one ranked column with two cards and a vote, promoted; a
    decision, the final word and an action item."""
    now = timezone.now()
    item(workshop, 0, "会议背景介绍", 10, state=ItemState.DONE, actual_seconds=540)
    item(workshop, 1, "公司年度目标制定", 30, method="cocreation", state=ItemState.DONE, actual_seconds=2100)
    g = group(workshop, 1)
    a = seat(workshop, alice, group=g, signed_in_at=now, joined_at=now)
    b = seat(workshop, bob, group=g, signed_in_at=now)
    seat(workshop, carol, group=g)
    seat(workshop, guest_name="访客小林", joined_at=now)
    seat(workshop, admin, role=Role.FACILITATOR, joined_at=now)
    best = column(workshop, group=g, keyword="客户", title="客户满意度显著提升", rank=1)
    card(best, a, "客户投诉减少一半以上")
    card(best, b, "NPS提升到五十分以上", is_pick=True)
    vote(best, a)
    outcomes.promote_objectives(admin, workshop)
    followup.record_decision(admin, workshop, "各部门周五前提交修订版")
    Decision.objects.create(organization_id=workshop.organization_id, workshop=workshop,
                            text="就按这五个目标推进", is_final_word=True)
    kr = make_key_result(make_objective(q1, owner=bob, title="构建更快"), title="构建时间降到十分钟")
    followup.add_action_item(admin, workshop, key_result=kr, title="搭建并行测试", owner=bob,
                             due_date=datetime.date(2026, 2, 6))
    workshop.state = State.ENDED
    workshop.save(update_fields=["state"])
    return workshop


def test_the_minutes_say_what_happened(held, carol):
    m = minutes.minutes_of(held)

    assert [(r.item.title, r.planned, r.actual, r.overran) for r in m.agenda] == [
        ("会议背景介绍", 10, 9, False), ("公司年度目标制定", 30, 35, True)]
    absent = [a.seat.display_name for a in m.attendance if a.absent]
    assert absent == [carol.name] and (m.present_count, m.absent_count) == (4, 1)
    (board_group, columns), = m.boards
    assert columns[0].vote_count == 1 and [c.text for c in columns[0].cards.all()] == [
        "客户投诉减少一半以上", "NPS提升到五十分以上"]
    assert m.results[0].objective.title == "客户满意度显著提升"
    assert [d.text for d in m.decisions] == ["各部门周五前提交修订版"]
    assert [d.text for d in m.final_words] == ["就按这五个目标推进"]
    assert [a.title for a in m.action_items] == ["搭建并行测试"]


def _room(workshop, person, *, manage=False):
    return RoomActor(workshop=workshop, seat=workshop.participants.filter(person=person).first(),
                     person=person, can_manage=manage)


def test_the_room_reads_the_minutes_once_the_meeting_ended(held, bob):
    assert minutes.may_read(_room(held, bob))
    held.state = State.LIVE
    assert not minutes.may_read(_room(held, bob))  # while the room writes, cards are private
    assert minutes.may_read(_room(held, bob, manage=True))


@pytest.fixture
def chinese(tmp_path, settings):
    """A small zh-Hans catalogue of the minutes' subject, so the test does not wait for the lead's
    merge of the catalogue (Django merges it in front of the project's)."""
    import polib

    folder = tmp_path / "zh_Hans" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    catalogue = polib.POFile()
    catalogue.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "zh_Hans"}
    catalogue.append(polib.POEntry(msgid="Minutes: %(title)s", msgstr="会议纪要：%(title)s"))
    catalogue.save_as_mofile(str(folder / "django.mo"))
    settings.LOCALE_PATHS = [tmp_path, *settings.LOCALE_PATHS]


def test_the_minutes_are_mailed_to_every_person_in_their_language(
        held, admin, bob, smtp_server, chinese, django_capture_on_commit_callbacks):  # noqa: F811
    bob.language = "zh-hans"
    bob.save(update_fields=["language"])

    with django_capture_on_commit_callbacks(execute=True):
        queued = minutes.send_minutes(admin, held)

    assert queued == 4  # admin, alice, bob, carol: the guest has no address
    by_address = {m["To"]: m for m in smtp_server.messages}
    assert set(by_address) == {"admin@acme.test", "alice@acme.test", "bob@acme.test", "carol@acme.test"}
    english = by_address["alice@acme.test"]
    assert english["Subject"] == "Minutes: 公司OKR研讨会"
    text = english.get_body(("plain",)).get_content()
    assert "搭建并行测试" in text and "客户满意度显著提升" in text and "Action items" in text
    html = english.get_body(("html",)).get_content()
    assert "客户投诉减少一半以上" in html and "就按这五个目标推进" in html
    assert by_address["bob@acme.test"]["Subject"] == "会议纪要：公司OKR研讨会"
    held.refresh_from_db()
    assert held.minutes_sent_at is not None
    assert Notification.objects.filter(kind="workshop_minutes").count() == 4


def test_sending_twice_is_refused_and_a_resend_is_explicit(held, admin, smtp_server,  # noqa: F811
                                                           django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        minutes.send_minutes(admin, held)
    with pytest.raises(DomainError) as refused:
        minutes.send_minutes(admin, held)
    assert refused.value.code == "minutes_sent" and len(smtp_server.messages) == 4

    with django_capture_on_commit_callbacks(execute=True):
        minutes.send_minutes(admin, held, resend=True)

    assert len(smtp_server.messages) == 8


def test_the_minutes_wait_for_the_end_of_the_meeting(held, admin):
    held.state = State.LIVE
    held.save(update_fields=["state"])
    with pytest.raises(DomainError) as refused:
        minutes.send_minutes(admin, held)
    assert refused.value.code == "meeting_not_ended" and not Notification.objects.exists()


def test_a_participant_cannot_send_the_minutes(held, bob):
    with pytest.raises(AccessDenied):
        minutes.send_minutes(bob, held)
    assert not Notification.objects.exists()
