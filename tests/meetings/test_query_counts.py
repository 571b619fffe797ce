"""The team's weekly data stays fast: a unit of 50 people with a year of weekly check-ins
loads in a bounded number of queries (no query per person, key result or check-in)."""

import datetime
from decimal import Decimal

import pytest

from okrflow.checkins.models import CheckIn
from okrflow.checkins.weekly import who_has_not_checked_in
from okrflow.meetings.agenda import department_agenda, management_agenda
from okrflow.meetings.models import ActionItem, StandupEntry
from okrflow.meetings.standups import team_standup
from okrflow.notifications.rhythm import period_containing
from okrflow.okrs.models import KeyResult, Objective
from okrflow.org.models import Person

PEOPLE, KRS_EACH, WEEKS = 50, 2, 52
FIRST_MONDAY = datetime.date(2026, 1, 5)
LAST_WEEK = FIRST_MONDAY + datetime.timedelta(weeks=WEEKS - 1)


@pytest.fixture
def big_team(org, tech, year):
    people = Person.objects.bulk_create(
        Person(organization=org, email=f"p{n}@acme.test", name=f"Person {n:02}", unit=tech, password="!")
        for n in range(PEOPLE))
    objectives = Objective.objects.bulk_create(
        Objective(organization=org, cycle=year, owner_person=person, ref=f"O-{n}", title=f"Objective {n}")
        for n, person in enumerate(people))
    krs = KeyResult.objects.bulk_create(
        KeyResult(organization=org, objective=objective, ref=f"KR-{n}-{k}", title=f"KR {n}.{k}",
                  target_value=Decimal(200), owner=objective.owner_person, confidence=70,
                  current_value=Decimal(WEEKS), last_checkin_date=LAST_WEEK)
        for n, objective in enumerate(objectives) for k in range(KRS_EACH))
    CheckIn.objects.bulk_create(
        CheckIn(organization=org, key_result=kr, date=FIRST_MONDAY + datetime.timedelta(weeks=week),
                value=Decimal(week + 1), confidence=90 - week % 40)
        for kr in krs for week in range(WEEKS))
    ActionItem.objects.bulk_create(
        ActionItem(organization=org, key_result=kr, title="Task", owner=kr.owner,
                   due_date=FIRST_MONDAY) for kr in krs)
    StandupEntry.objects.bulk_create(
        StandupEntry(organization=org, person=person, date=LAST_WEEK, today="work") for person in people[::2])
    return people


def test_the_department_agenda_of_50_people_with_a_year_of_check_ins_is_bounded(
        big_team, tech, bob, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        agenda = department_agenda(tech, LAST_WEEK)
    assert len(agenda.people) == PEOPLE + 2  # with alice and bob
    assert all(len(week.checkins) == KRS_EACH for week in agenda.people[:PEOPLE])


def test_the_agenda_for_a_viewer_is_bounded_too(big_team, tech, bob, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        department_agenda(tech, LAST_WEEK, viewer=bob)


def test_who_has_not_checked_in_and_the_stand_up_page_are_bounded(
        big_team, tech, django_assert_max_num_queries):
    period = period_containing(tech, LAST_WEEK)
    with django_assert_max_num_queries(1):
        missing = who_has_not_checked_in(tech, period)
    assert missing == []
    with django_assert_max_num_queries(2):
        page = team_standup(tech, LAST_WEEK)
    assert (len(page.entries), len(page.missing)) == (PEOPLE // 2, PEOPLE // 2)


def test_the_management_agenda_is_bounded(big_team, org, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        management_agenda(org, LAST_WEEK)
