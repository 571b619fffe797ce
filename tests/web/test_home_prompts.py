"""The home page as each person's starting point: what the cycle's current step asks of them
(within a pilot's coverage), their OKRs with scores, their team's state and the company's."""

import datetime

import pytest
from django.utils import timezone

from okrflow.actors import SYSTEM
from okrflow.cycles import services
from tests.factories import make_cycle
from tests.okrs.factories import make_checkin, make_key_result, make_objective

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def cycle_around(org, *, start, end, code="NOW"):
    return make_cycle(org, code=code, kind="quarterly", start=start, end=end)


def home(client, person) -> str:
    client.force_login(person)
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def prompts(page) -> str:
    part = page[page.index('data-testid="prompts"'):]
    return part[:part.index("</section>")]


def prompt_count(page, phase) -> str:
    block = prompts(page)
    block = block[block.index(f'data-phase="{phase}"'):]
    block = block[block.index('data-testid="prompt-count">') + len('data-testid="prompt-count">'):]
    return block[:block.index("<")]


def test_in_the_set_step_a_member_is_asked_to_draft_with_the_count_of_drafts(client, org, bob):
    cycle = cycle_around(org, start=TODAY + 7 * DAY, end=TODAY + 97 * DAY)
    make_objective(cycle, owner=bob, status="draft")
    make_objective(cycle, owner=bob, status="draft")
    page = home(client, bob)
    assert "Draft your OKRs" in prompts(page) and prompt_count(page, "set") == "2"
    assert "Agree your reports" not in page


def test_in_the_set_step_a_manager_sees_the_proposals_waiting_for_her(client, org, alice, bob):
    cycle = cycle_around(org, start=TODAY + 7 * DAY, end=TODAY + 97 * DAY)
    make_objective(cycle, owner=bob, status="proposed", title="把发布频率提到每周一次")
    page = home(client, alice)
    assert "Agree your reports" in page and "把发布频率提到每周一次" in prompts(page)
    assert "把发布频率提到每周一次" not in prompts(home(client, bob))


def test_in_execute_the_prompt_counts_the_key_results_not_checked_in_this_week(client, org, bob):
    cycle = cycle_around(org, start=TODAY - 30 * DAY, end=TODAY + 40 * DAY)
    objective = make_objective(cycle, owner=bob)
    kr = make_key_result(objective, owner=bob)
    make_key_result(objective, owner=bob)
    make_key_result(make_objective(cycle, owner=bob, status="draft"), owner=bob)  # a draft asks nothing
    page = home(client, bob)
    assert "Check in this week" in page and prompt_count(page, "execute") == "2"
    make_checkin(kr, 30, date=TODAY)
    assert prompt_count(home(client, bob), "execute") == "1"


def test_in_self_assess_the_prompt_counts_the_key_results_not_self_assessed(client, org, bob):
    cycle = cycle_around(org, start=TODAY - 80 * DAY, end=TODAY + 3 * DAY)
    make_key_result(make_objective(cycle, owner=bob), owner=bob)
    page = home(client, bob)
    assert "Self-assess your key results" in page and prompt_count(page, "self_assess") == "1"
    assert "for learning, not for appraisal" in page


@pytest.mark.parametrize(("days_after_end", "asked"), [
    (2, ["Join the retrospective", "Draft next cycle's OKRs"]),
    (4, ["Join the retrospective", "Draft next cycle's OKRs", "Celebrate"]),
    (7, ["Draft next cycle's OKRs", "Celebrate"]),
])
def test_after_the_cycle_the_prompts_follow_its_steps(client, org, bob, days_after_end, asked):
    cycle_around(org, start=TODAY - (days_after_end + 90) * DAY, end=TODAY - days_after_end * DAY)
    block = prompts(home(client, bob))
    for title in ["Join the retrospective", "Draft next cycle's OKRs", "Celebrate", "Check in this week"]:
        assert (title.replace("'", "&#x27;") in block) == (title in asked), title


def test_the_retrospective_prompt_opens_the_readers_department_retrospective(client, org, bob):
    cycle = cycle_around(org, start=TODAY - 92 * DAY, end=TODAY - 2 * DAY)
    block = prompts(home(client, bob))
    link = f'href="/cycles/{cycle.code}/retros/units/TECH/"'
    assert link in block
    assert client.get(f"/cycles/{cycle.code}/retros/units/TECH/").status_code == 200


def test_planned_steps_move_the_prompts(client, org, admin, bob):
    cycle = cycle_around(org, start=TODAY - 30 * DAY, end=TODAY + 40 * DAY)
    services.plan_phases(SYSTEM, cycle, {"self_assess": (TODAY - DAY, TODAY + 40 * DAY)})
    assert "Self-assess your key results" in prompts(home(client, bob))


def test_outside_a_pilot_the_prompts_do_not_show_and_the_page_says_whose_pilot_it_is(
        client, org, bob, carol, sales):
    cycle = cycle_around(org, start=TODAY - 30 * DAY, end=TODAY + 40 * DAY)
    services.set_pilot_units(SYSTEM, cycle, [sales])
    page = home(client, bob)
    assert "This cycle is a pilot for 销售部" in page and "Check in this week" not in page
    assert "Check in this week" in home(client, carol)


def test_a_manager_sees_the_teams_state_and_who_has_not_checked_in(client, org, alice, bob, tech):
    cycle = cycle_around(org, start=TODAY - 30 * DAY, end=TODAY + 40 * DAY)
    kr = make_key_result(make_objective(cycle, owner=bob), start=0, target=100, owner=bob)
    make_checkin(kr, 50, date=TODAY - 10 * DAY)
    page = home(client, alice)
    team = page[page.index('data-testid="team"'):]
    assert "Bob 李" in team and "0.50" in team
    assert 'data-testid="team-not-checked-in">1<' in team
    assert 'data-testid="team"' not in home(client, bob)


def test_the_company_head_and_admins_see_the_company_and_who_is_behind(client, org, admin, alice, bob, carol):
    root = org.root_unit()
    root.head = carol
    root.save(update_fields=["head"])
    cycle = cycle_around(org, start=TODAY - 30 * DAY, end=TODAY + 40 * DAY)
    company_kr = make_key_result(make_objective(cycle), start=0, target=10, owner=admin)
    make_checkin(company_kr, 4, date=TODAY - 20 * DAY)
    make_key_result(make_objective(cycle, owner=bob), owner=bob)
    for person in (carol, admin):
        page = home(client, person)
        company = page[page.index('data-testid="company"'):]
        assert 'data-testid="company-score">0.40<' in company
        behind = company[company.index('data-testid="behind"'):]
        assert "Bob 李" in behind and "Ada Admin" in behind
    assert 'data-testid="company"' not in home(client, bob)
    assert 'data-testid="company"' not in home(client, alice)


def test_my_okrs_show_with_their_scores(client, org, bob):
    cycle = cycle_around(org, start=TODAY - 30 * DAY, end=TODAY + 40 * DAY)
    objective = make_objective(cycle, owner=bob, title="把构建时间缩短一半")
    kr = make_key_result(objective, start=0, target=10, owner=bob)
    make_checkin(kr, 7, date=TODAY)
    mine = home(client, bob)
    mine = mine[mine.index('data-testid="my-okrs"'):]
    assert "把构建时间缩短一半" in mine and "0.70" in mine
