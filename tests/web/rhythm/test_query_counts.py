"""The rhythm pages cost a fixed number of queries, whatever the team's size or history.

Each test counts a page's queries with a small team, grows it to 50 people with a year of
weekly check-ins (bulk_create), their stand-ups and overdue tasks, and counts again: the count
must not move, and stays under a ceiling.
"""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from okrflow.checkins.models import CheckIn
from okrflow.meetings.models import ActionItem, StandupEntry
from okrflow.okrs.models import KeyResult, Objective
from tests.factories import make_cycle, make_person

CEILING = 30
WEEKS = 52


@pytest.fixture
def year_cycle(org, today):
    return make_cycle(org, code="YEAR", kind="annual", start=today - datetime.timedelta(days=7 * WEEKS),
                      end=today + datetime.timedelta(days=30))


def give_key_results(people, cycle, today, per_person=2):
    """Each person: an objective with key results, a check-in every week of the past year (with
    a confidence that swings, so drops show), a stand-up today and an overdue task."""
    org = cycle.organization
    objectives = Objective.objects.bulk_create(
        Objective(organization=org, cycle=cycle, owner_person=p, title=f"{p.name}的目标", ref=f"QO-{p.pk}")
        for p in people)
    krs = KeyResult.objects.bulk_create(
        KeyResult(organization=org, objective=o, owner=o.owner_person, title=f"指标{k}", ref=f"QK-{o.pk}-{k}",
                  start_value=Decimal(0), target_value=Decimal(100), current_value=Decimal(40), confidence=40)
        for o in objectives for k in range(per_person))
    CheckIn.objects.bulk_create(
        CheckIn(organization=org, key_result=kr, date=today - datetime.timedelta(days=7 * week),
                value=Decimal(WEEKS - week), confidence=(90 if week % 2 else 40), note="周报",
                author=kr.owner)
        for kr in krs for week in range(WEEKS))
    StandupEntry.objects.bulk_create(
        StandupEntry(organization=org, person=p, date=today, yesterday="写代码", today="评审",
                     blockers="等环境")
        for p in people)
    ActionItem.objects.bulk_create(
        ActionItem(organization=org, key_result=kr, owner=kr.owner, title="补测试",
                   due_date=today - datetime.timedelta(days=2)) for kr in krs)


def grow_team(org, tech, alice, cycle, today, numbers):
    people = [make_person(org, email=f"m{n}@acme.test", name=f"成员{n}", unit=tech, manager=alice)
              for n in numbers]
    give_key_results(people, cycle, today)


def queries(client, url, django_assert_max_num_queries) -> int:
    with django_assert_max_num_queries(CEILING), CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", ["/units/TECH/weekly/", "/units/TECH/standup/", "/units/TECH/meetings/"])
def test_the_team_page_costs_the_same_for_a_team_of_two_or_fifty_with_a_year_of_check_ins(
        client, org, tech, alice, year_cycle, today, url, django_assert_max_num_queries):
    client.force_login(alice)
    grow_team(org, tech, alice, year_cycle, today, range(2))
    few = queries(client, url, django_assert_max_num_queries)
    grow_team(org, tech, alice, year_cycle, today, range(2, 50))
    assert queries(client, url, django_assert_max_num_queries) == few


@pytest.mark.parametrize("url", ["/checkin/", "/tasks/"])
def test_my_page_costs_the_same_with_two_or_twenty_key_results_and_a_year_of_history(
        client, org, bob, year_cycle, today, url, django_assert_max_num_queries):
    client.force_login(bob)
    give_key_results([bob], year_cycle, today, per_person=2)
    few = queries(client, url, django_assert_max_num_queries)
    objective = Objective.objects.get(owner_person=bob)
    more = KeyResult.objects.bulk_create(
        KeyResult(organization=org, objective=objective, owner=bob, title=f"更多指标{k}", ref=f"MORE-{k}",
                  target_value=Decimal(100)) for k in range(18))
    ActionItem.objects.bulk_create(ActionItem(organization=org, key_result=kr, owner=bob, title="更多任务")
                                   for kr in more)
    assert queries(client, url, django_assert_max_num_queries) == few
