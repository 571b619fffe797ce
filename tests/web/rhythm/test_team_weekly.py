"""The team's weekly page: who is missing, each person's week, drops highlighted, risks first."""

import datetime

import pytest

from okrflow.meetings.actions import create_action_item
from okrflow.meetings.weekly_updates import submit_weekly
from tests.factories import make_person
from tests.okrs.factories import make_key_result, make_objective


@pytest.fixture
def dave(org, tech, alice, now_cycle):
    """A member of TECH with a key result and no check-in yet."""
    person = make_person(org, email="dave@acme.test", name="Dave 赵", unit=tech, manager=alice)
    objective = make_objective(now_cycle, owner=person, ref="DAVE-1")
    make_key_result(objective, title="上线新监控", ref="DAVE-1-1", owner=person)
    return person


def test_the_head_sees_who_has_not_checked_in_and_each_persons_week(login, alice, bob, bobs_krs, dave, today):
    krs = bobs_krs.krs
    submit_weekly(bob, [(krs[0], 60, 75, "", "等运维扩容"), (krs[1], 40, 20, "大客户流失"), (krs[2], 35, 80)])
    response = login(alice).get("/units/TECH/weekly/")
    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["missing"] == [dave]
    assert "Dave 赵" in html
    bobs_week = next(w for w in response.context["agenda"].people if w.person == bob)
    assert len(bobs_week.checkins) == 3
    assert "80% → 20%: what changed?" in html and "大客户流失" in html  # the drop, highlighted
    assert html.count("rhythm-drop") == 1
    assert "等运维扩容" in html  # the blocker


def test_at_risk_key_results_come_first_with_their_forecast(login, alice, bob, bobs_krs):
    submit_weekly(bob, [(bobs_krs.krs[1], 40, 20, "大客户流失")])
    response = login(alice).get("/units/TECH/weekly/")
    assert response.context["at_risk"][0][0] == bobs_krs.krs[1]
    assert "At the current pace" in response.content.decode()


def test_overdue_tasks_surface_on_the_team_page(login, alice, bob, bobs_krs, today):
    create_action_item(alice, bobs_krs.krs[0], title="压测报告", owner=bob,
                       due_date=today - datetime.timedelta(days=3))
    html = login(alice).get("/units/TECH/weekly/").content.decode()
    assert "压测报告" in html and "rhythm-overdue" in html


def test_an_earlier_week_can_be_opened(login, alice, bobs_krs, today):
    week = today - datetime.timedelta(days=8)
    response = login(alice).get(f"/units/TECH/weekly/?week={week.isoformat()}")
    assert response.status_code == 200
    assert response.context["agenda"].week_start == week - datetime.timedelta(days=week.weekday())


def test_admins_may_open_any_team_page(login, admin, bobs_krs):
    assert login(admin).get("/units/TECH/weekly/").status_code == 200


def test_a_member_cannot_open_the_team_page_of_their_own_or_another_unit(login, bob, carol):
    assert login(bob).get("/units/SALES/weekly/").status_code == 403
    assert login(bob).get("/units/TECH/weekly/").status_code == 403


def test_another_organizations_team_page_does_not_exist(login, mallory, alice):
    assert login(mallory).get("/units/TECH/weekly/").status_code == 404


def test_the_menu_offers_the_team_weekly_to_managers_only(login, alice, bob):
    assert 'href="/team/weekly/"' in login(alice).get("/checkin/").content.decode()
    assert 'href="/team/weekly/"' not in login(bob).get("/checkin/").content.decode()
