"""Weekly meetings: the department weekly and the management weekly, their generated agendas
from live data, and the record of decisions."""

import datetime

import pytest
from django.utils import translation

from okrflow.actors import SYSTEM
from okrflow.errors import AccessDenied, DomainError, NotFound
from okrflow.meetings.actions import create_action_item
from okrflow.meetings.agenda import department_agenda, management_agenda
from okrflow.meetings.models import MeetingKind
from okrflow.meetings.weekly_meetings import open_weekly_meeting, record_decision
from okrflow.meetings.weekly_updates import submit_weekly
from tests.factories import make_person
from tests.okrs.factories import make_checkin, make_key_result, make_objective

D = datetime.date
LAST_WEEK, THIS_WEEK = D(2026, 2, 4), D(2026, 2, 11)
MONDAY = D(2026, 2, 9)


def test_the_unit_head_opens_the_department_weekly_once_per_week(alice, tech, org):
    meeting = open_weekly_meeting(alice, org, kind=MeetingKind.DEPARTMENT, unit=tech, week_of=THIS_WEEK)
    again = open_weekly_meeting(alice, org, kind="department", unit=tech, week_of=MONDAY)
    assert meeting.pk == again.pk and meeting.week_start == MONDAY


def test_a_member_may_not_run_the_department_weekly(bob, tech, org):
    with pytest.raises(AccessDenied):
        open_weekly_meeting(bob, org, kind=MeetingKind.DEPARTMENT, unit=tech, week_of=THIS_WEEK)


def test_the_management_weekly_is_run_by_admins_and_has_no_unit(admin, alice, org, tech):
    assert open_weekly_meeting(admin, org, kind=MeetingKind.MANAGEMENT, week_of=THIS_WEEK).unit is None
    with pytest.raises(AccessDenied):
        open_weekly_meeting(alice, org, kind=MeetingKind.MANAGEMENT, week_of=THIS_WEEK)
    with pytest.raises(DomainError):
        open_weekly_meeting(admin, org, kind=MeetingKind.MANAGEMENT, unit=tech, week_of=THIS_WEEK)


def test_mallory_cannot_open_acme_meetings(mallory, org, tech):
    with pytest.raises(NotFound):
        open_weekly_meeting(mallory, org, kind=MeetingKind.DEPARTMENT, unit=tech, week_of=THIS_WEEK)


def test_decisions_are_recorded_with_owner_and_due_date(alice, bob, tech, org, mallory):
    meeting = open_weekly_meeting(alice, org, kind=MeetingKind.DEPARTMENT, unit=tech, week_of=THIS_WEEK)
    decision = record_decision(alice, meeting, text="先修复支付问题", owner=bob, due_date="2026-02-13")
    assert (decision.owner, decision.due_date) == (bob, D(2026, 2, 13))
    assert list(meeting.decisions.all()) == [decision]
    with pytest.raises(AccessDenied):
        record_decision(bob, meeting, text="I decide")
    with pytest.raises(DomainError):
        record_decision(alice, meeting, text="x", owner=mallory)
    with pytest.raises(DomainError):
        record_decision(alice, meeting, text="  ")


@pytest.fixture
def team(q1, tech, alice, bob, org):
    """bob: two key results, one dropping 80 → 20 this week; alice: one, 75 → 70; dave: none
    checked in this week."""
    dave = make_person(org, name="Dave 赵", unit=tech, manager=alice)
    bob_objective = make_objective(q1, owner=bob)
    falling, quiet = (make_key_result(bob_objective, target=100, owner=bob, title=title)
                      for title in ("Falling", "Quiet"))
    alices = make_key_result(make_objective(q1, owner=alice), target=100, owner=alice)
    daves = make_key_result(make_objective(q1, owner=dave), target=100, owner=dave)
    for kr, confidence in ((falling, 80), (quiet, 90), (alices, 75), (daves, 60)):
        make_checkin(kr, 10, confidence=confidence, date=LAST_WEEK)
    submit_weekly(bob, [(falling, 11, 20, "大客户流失", "需要销售支持")], date=THIS_WEEK)
    submit_weekly(alice, [(alices, 30, 70, "", "")], date=THIS_WEEK)
    late = create_action_item(bob, quiet, title="Late task", owner=bob, due_date=D(2026, 2, 2))
    return {"falling": falling, "quiet": quiet, "alices": alices, "dave": dave, "late": late}


def test_the_department_agenda_puts_big_confidence_drops_first(team, tech, bob, alice):
    agenda = department_agenda(tech, THIS_WEEK)
    assert [week.person for week in agenda.people] == [bob, alice, team["dave"]]
    line = agenda.people[0].checkins[0]
    assert (line.kr, line.before, line.confidence, line.drop) == (team["falling"], 80, 20, 60)
    assert (line.note, line.blockers) == ("大客户流失", "需要销售支持")
    with translation.override("en"):
        assert line.question() == "Falling: 80% → 20%: what changed?"
    assert agenda.missing == [team["dave"]]


def test_the_department_agenda_lists_overdue_tasks_and_at_risk_key_results(team, tech):
    bobs_week = department_agenda(tech, THIS_WEEK).people[0]
    assert bobs_week.overdue == [team["late"]]
    assert [kr for kr, _forecast in bobs_week.at_risk] == [team["falling"]]
    assert bobs_week.key_results[0][0] == team["falling"]


def test_the_department_agenda_shows_a_viewer_only_what_they_may_see(team, tech, carol):
    from okrflow.okrs.models import Visibility
    from okrflow.okrs.services import update_objective

    update_objective(SYSTEM, team["falling"].objective, visibility=Visibility.PRIVATE)
    agenda = department_agenda(tech, THIS_WEEK, viewer=carol)
    bobs_week = next(week for week in agenda.people if week.person == team["falling"].owner)
    assert team["falling"] not in [kr for kr, _f in bobs_week.key_results]


def test_the_management_agenda_shows_company_okrs_and_what_must_happen_this_week(q1, org, admin, bob):
    company = make_objective(q1, title="Company objective")
    kr = make_key_result(company, target=100, owner=bob)
    make_checkin(kr, 10, confidence=30, date=LAST_WEEK)
    due = create_action_item(admin, kr, title="Board review", due_date=D(2026, 2, 12))
    create_action_item(admin, kr, title="Next month", due_date=D(2026, 3, 12))
    bobs = make_key_result(make_objective(q1, owner=bob), target=100, owner=bob)
    make_checkin(bobs, 10, confidence=10, date=LAST_WEEK)
    agenda = management_agenda(org, THIS_WEEK)
    assert agenda.week_start == MONDAY
    assert [objective for objective, _rows in agenda.objectives] == [company]
    assert [k for k, _f in agenda.at_risk] == [kr]
    assert agenda.this_week == [due]
