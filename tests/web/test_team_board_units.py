"""The home page's team board counts what the direct reports answer for: their own objectives and
those of the units they head (the company head's reports head the departments), set-wise."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from okrflow.actors import SYSTEM
from okrflow.cycles import services
from okrflow.okrs.models import ObjectiveStatus
from okrflow.web.views.home_boards import team_board
from tests.factories import make_cycle, make_person, make_unit
from tests.okrs.factories import make_checkin, make_key_result, make_objective

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def now_cycle(org):
    return make_cycle(org, code="NOW", kind="quarterly", start=TODAY - 30 * DAY, end=TODAY + 40 * DAY)


def test_the_company_heads_board_counts_the_objectives_of_the_units_their_reports_head(
        org, admin, alice, tech, sales):
    root = org.root_unit()
    root.head = admin
    root.save(update_fields=["head"])
    alice.manager = admin  # alice heads TECH and reports to the company head
    alice.save(update_fields=["manager"])
    cycle = now_cycle(org)
    tech_objective = make_objective(cycle, owner=tech, title="打造稳定高效的技术平台")
    make_checkin(make_key_result(tech_objective, start=0, target=10, owner=alice), 8, date=TODAY - DAY)
    make_objective(cycle, owner=tech, title="草稿", status=ObjectiveStatus.DRAFT)  # never counts
    make_objective(cycle, owner=sales, title="销售部的目标")  # sales is not headed by a report
    board = team_board(admin, cycle, TODAY)
    (row,) = board["rows"]
    assert (row.pk, row.objective_count, row.score) == (alice.pk, 1, 0.8)
    assert board["objectives"] == 1 and board["score"] == 0.8


def test_a_reports_own_and_unit_objectives_make_one_mean(org, admin, alice, tech):
    alice.manager = admin
    alice.save(update_fields=["manager"])
    cycle = now_cycle(org)
    make_checkin(make_key_result(make_objective(cycle, owner=tech), start=0, target=10), 8, date=TODAY - DAY)
    make_checkin(make_key_result(make_objective(cycle, owner=alice), start=0, target=10), 4, date=TODAY - DAY)
    (row,) = team_board(admin, cycle, TODAY)["rows"]
    assert row.objective_count == 2 and row.score == 0.6


def test_the_home_page_shows_the_count_for_the_company_head(client, org, admin, alice, tech):
    alice.manager = admin
    alice.save(update_fields=["manager"])
    cycle = now_cycle(org)
    for title in ("目标一", "目标二"):
        make_key_result(make_objective(cycle, owner=tech, title=title), owner=alice)
    client.force_login(admin)
    page = client.get("/").content.decode()
    team = page[page.index('data-testid="team"'):]
    assert '<td class="text-end">2</td>' in team


def test_the_board_costs_the_same_with_more_reports_heading_more_units(org, admin, alice, tech):
    alice.manager = admin
    alice.save(update_fields=["manager"])
    cycle = now_cycle(org)
    make_key_result(make_objective(cycle, owner=tech), owner=alice)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            team_board(admin, cycle, TODAY)
        return len(captured)

    queries()  # the cycle caches its pilot paths on the first read
    few = queries()
    for _ in range(8):
        head = make_person(org, unit=tech, manager=admin)
        unit = make_unit(org, head=head)
        make_key_result(make_objective(cycle, owner=unit), owner=head)
        make_key_result(make_objective(cycle, owner=head), owner=head)
    assert queries() == few
    assert team_board(admin, cycle, TODAY)["objectives"] == 17


def test_in_a_pilot_only_the_covered_units_objectives_count(org, admin, alice, tech, sales):
    alice.manager = admin
    alice.save(update_fields=["manager"])
    sales.head = alice  # alice heads SALES too, which the pilot leaves out
    sales.save(update_fields=["head"])
    cycle = now_cycle(org)
    services.set_pilot_units(SYSTEM, cycle, [tech])
    make_key_result(make_objective(cycle, owner=tech), owner=alice)
    make_key_result(make_objective(cycle, owner=sales), owner=alice)
    (row,) = team_board(admin, cycle, TODAY)["rows"]
    assert row.objective_count == 1


def test_who_is_behind_and_their_last_check_in_follow_the_company_boards_rule(org, admin, tech):
    """team_board reads its reports' key results once (home_boards._checked_in); its answers are
    the SQL rule's the company board uses (_behind_q) and the last check-in of the cycle."""
    from django.db.models import Max, Q

    from okrflow.org.models import Person
    from okrflow.web.views.home_boards import _behind_q, week_start

    cycle = now_cycle(org)
    earlier = make_cycle(org, code="BEFORE", kind="quarterly", start=TODAY - 200 * DAY, end=TODAY - 110 * DAY)
    people = {name: make_person(org, unit=tech, manager=admin, name=name)
              for name in ("fresh", "stale", "never", "draft-only", "earlier-only", "none")}
    make_checkin(make_key_result(make_objective(cycle, owner=people["fresh"]), owner=people["fresh"]), 5,
                 date=TODAY)
    stale = make_key_result(make_objective(cycle, owner=tech), owner=people["stale"])
    make_checkin(stale, 5, date=TODAY - 20 * DAY)
    make_key_result(make_objective(cycle, owner=people["never"]), owner=people["never"])
    draft = make_objective(cycle, owner=people["draft-only"], status=ObjectiveStatus.DRAFT)
    make_checkin(make_key_result(draft, owner=people["draft-only"]), 5, date=TODAY - 25 * DAY)
    make_checkin(make_key_result(make_objective(earlier, owner=people["earlier-only"]),
                                 owner=people["earlier-only"]), 5, date=TODAY - 150 * DAY)
    rows = {row.name: row for row in team_board(admin, cycle, TODAY)["rows"]}
    behind = set(Person.objects.filter(manager=admin).filter(_behind_q(cycle, week_start(TODAY)))
                 .values_list("name", flat=True))
    assert {name for name, row in rows.items() if row.behind} == behind == {"stale", "never"}
    last = dict(Person.objects.filter(manager=admin).annotate(
        last=Max("key_results__last_checkin_date", filter=Q(key_results__objective__cycle=cycle)))
        .values_list("name", "last"))
    assert {name: row.last_checkin for name, row in rows.items()} == last
    assert rows["draft-only"].last_checkin == TODAY - 25 * DAY and rows["earlier-only"].last_checkin is None
