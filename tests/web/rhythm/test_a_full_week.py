"""A whole week of the execution rhythm, end to end: the reminder goes out at the configured
time (the scheduler's clock is controlled), people check in on the weekly page, an unexplained
confidence drop is refused, and the manager's team pages show who is missing and what happened.

The week is the current one: the pages work on today's date, the tick on the times we give it.
"""

import datetime
import zoneinfo

import pytest
from django.core import mail

from okrflow.checkins.models import CheckIn
from okrflow.notifications import scheduler, services
from okrflow.notifications.models import Notification, NotificationKind
from tests.factories import make_person
from tests.okrs.factories import make_key_result, make_objective
from tests.web.rhythm.conftest import weekly_post

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


@pytest.fixture
def tick(django_capture_on_commit_callbacks):
    def run(today, hour, minute):
        now = datetime.datetime.combine(today, datetime.time(hour, minute), tzinfo=SHANGHAI)
        with django_capture_on_commit_callbacks(execute=True):
            return scheduler.tick(now=now)
    return run


@pytest.fixture
def dan(org, tech, alice, now_cycle):
    """A second engineer on alice's team who will not check in this week."""
    person = make_person(org, email="dan@acme.test", name="Dan 赵", unit=tech, manager=alice)
    objective = make_objective(now_cycle, owner=person, title="把测试环境稳定下来", ref="DAN-1")
    make_key_result(objective, start=0, target=10, title="环境故障从每周 10 次降到 0 次", ref="DAN-1-1",
                    owner=person)
    return person


def reminded():
    return sorted(Notification.objects.filter(kind=NotificationKind.CHECKIN_REMINDER)
                  .values_list("recipient__email", flat=True))


def test_a_full_week_of_reminders_check_ins_and_the_team_page(
        org, admin, alice, bob, dan, bobs_krs, today, login, tick, client):
    services.save_cadence(admin, org, weekday=today.weekday(), time=datetime.time(10, 0),
                          time_zone="Asia/Shanghai")
    mail.outbox.clear()

    # The stand-up of the day, in under a minute.
    login(bob).post("/standup/", {"yesterday": "压测网关", "today": "修复慢查询", "blockers": "等运维扩容"})

    # Nothing before the configured time; at 10:00 everyone with a key result still open is reminded.
    tick(today, 9, 59)
    assert reminded() == []
    tick(today, 10, 0)
    assert reminded() == ["bob@acme.test", "dan@acme.test"]
    assert sorted(m.to[0] for m in mail.outbox) == ["bob@acme.test", "dan@acme.test"]

    # Bob checks in all three key results at once; his 80% → 20% drop needs a reason first.
    krs = bobs_krs.krs
    drop = {f"kr{krs[2].pk}-confidence": "20"}
    refused = login(bob).post("/checkin/", weekly_post(krs, **drop))
    assert "80% → 20%: what changed?" in refused.content.decode()
    assert not CheckIn.objects.filter(key_result__in=krs, date=today).exists()
    explained = {**drop, f"kr{krs[2].pk}-note": "大客户推迟上线，压测窗口没了"}
    assert login(bob).post("/checkin/", weekly_post(krs, **explained)).status_code == 302
    assert CheckIn.objects.filter(key_result__in=krs, date=today).count() == 3

    # A later tick reminds nobody twice.
    tick(today, 10, 30)
    assert reminded() == ["bob@acme.test", "dan@acme.test"]

    # Alice, who heads the team, sees who is missing and what changed.
    weekly = login(alice).get("/units/TECH/weekly/")
    assert weekly.status_code == 200
    assert {person.email for person in weekly.context["missing"]} == {"dan@acme.test"}
    html = weekly.content.decode()
    assert "Dan 赵" in html
    assert "大客户推迟上线，压测窗口没了" in html
    standup = login(alice).get("/units/TECH/standup/").content.decode()
    assert "修复慢查询" in standup and "等运维扩容" in standup
