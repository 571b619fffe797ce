"""The daily stand-up: one entry per person per day, the team's page with who is missing,
and obstacles taken out as follow-ups with an owner."""

import datetime

import pytest

from okrflow.audit.log import history
from okrflow.errors import AccessDenied, DomainError, NotFound, StaleWrite
from okrflow.meetings.models import FollowUpStatus, StandupEntry
from okrflow.meetings.standups import (
    authors_on,
    close_follow_up,
    open_follow_ups,
    save_standup,
    team_standup,
    turn_blocker_into_follow_up,
)

D = datetime.date
TODAY = D(2026, 2, 10)


def test_a_member_posts_the_three_lines_of_the_day(bob):
    entry = save_standup(bob, yesterday="修复登录", today="发布测试版", blockers="等设计稿", date=TODAY)
    assert (entry.person, entry.date, entry.yesterday, entry.today, entry.blockers) == (
        bob, TODAY, "修复登录", "发布测试版", "等设计稿")
    assert history(entry).get().action == "standup.save"


def test_posting_again_the_same_day_updates_the_entry_in_place(bob):
    first = save_standup(bob, today="A", date=TODAY)
    second = save_standup(bob, today="B", blockers="", date=TODAY)
    assert first.pk == second.pk and StandupEntry.objects.get().today == "B"


def test_an_empty_entry_is_refused(bob):
    with pytest.raises(DomainError) as refused:
        save_standup(bob, yesterday=" ", date=TODAY)
    assert refused.value.code == "empty_standup"
    assert not StandupEntry.objects.exists()


def test_the_team_sees_todays_entries_and_who_is_missing(alice, bob, carol, tech):
    save_standup(bob, today="发布", date=TODAY)
    save_standup(carol, today="拜访客户", date=TODAY)
    save_standup(alice, today="yesterday's entry", date=TODAY - datetime.timedelta(days=1))
    page = team_standup(tech, TODAY)
    assert [e.person for e in page.entries] == [bob]
    assert page.missing == [alice]
    assert authors_on(tech.organization, TODAY) == {bob.pk, carol.pk}


def test_the_manager_turns_a_blocker_into_a_follow_up_with_an_owner(alice, bob, tech):
    entry = save_standup(bob, blockers="测试环境不可用", date=TODAY)
    follow_up = turn_blocker_into_follow_up(alice, entry, alice)
    assert (follow_up.text, follow_up.owner) == ("测试环境不可用", alice)
    assert follow_up.status == FollowUpStatus.OPEN
    assert list(open_follow_ups(tech)) == [follow_up]
    closed = close_follow_up(alice, follow_up)
    assert closed.status == FollowUpStatus.DONE and closed.closed_at is not None
    assert not open_follow_ups(tech).exists()


def test_the_author_may_raise_a_follow_up_for_their_own_obstacle(bob, alice):
    entry = save_standup(bob, blockers="需要服务器权限", date=TODAY)
    assert turn_blocker_into_follow_up(bob, entry, alice).created_by == bob


def test_someone_outside_the_reporting_line_may_not_take_over_the_obstacle(bob, carol):
    entry = save_standup(bob, blockers="x", date=TODAY)
    with pytest.raises(AccessDenied):
        turn_blocker_into_follow_up(carol, entry, carol)


def test_an_entry_without_an_obstacle_has_nothing_to_follow_up(bob):
    entry = save_standup(bob, today="all good", date=TODAY)
    with pytest.raises(DomainError) as refused:
        turn_blocker_into_follow_up(bob, entry, bob)
    assert refused.value.code == "no_blocker"


def test_the_follow_up_owner_must_be_in_the_organization(bob, mallory):
    entry = save_standup(bob, blockers="x", date=TODAY)
    with pytest.raises(DomainError) as refused:
        turn_blocker_into_follow_up(bob, entry, mallory)
    assert refused.value.field == "owner"


def test_mallory_can_neither_follow_up_nor_close_acme_obstacles(bob, alice, mallory):
    entry = save_standup(bob, blockers="x", date=TODAY)
    with pytest.raises(NotFound):
        turn_blocker_into_follow_up(mallory, entry, mallory)
    follow_up = turn_blocker_into_follow_up(alice, entry, bob)
    with pytest.raises(NotFound):
        close_follow_up(mallory, follow_up)


def test_closing_with_an_old_version_is_refused(bob, alice):
    follow_up = turn_blocker_into_follow_up(bob, save_standup(bob, blockers="x", date=TODAY), bob)
    with pytest.raises(StaleWrite):
        close_follow_up(bob, follow_up, expected_version=7)


def test_a_colleague_who_neither_owns_nor_leads_may_not_close_it(bob, carol):
    follow_up = turn_blocker_into_follow_up(bob, save_standup(bob, blockers="x", date=TODAY), bob)
    with pytest.raises(AccessDenied):
        close_follow_up(carol, follow_up)
