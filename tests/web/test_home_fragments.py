"""The home page's boards are kept in the cache under a digest of what they show
(okrflow/web/fragments.py): a change shows at once, and each manager sees their own board."""

import datetime

import pytest
from django.utils import timezone

from okrflow.actors import SYSTEM
from okrflow.checkins.services import record_checkin
from okrflow.org.services import update_person
from okrflow.web import fragments
from tests.factories import make_cycle, make_person
from tests.okrs.factories import make_key_result, make_objective
from tests.web.fragment_checks import empty_cache, template_reads  # noqa: F401 (fixture)

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


pytestmark = pytest.mark.usefixtures("empty_cache")


def test_the_boards_read_nothing_their_digests_leave_out():
    assert template_reads(fragments.TEAM_TEMPLATES[0], "team") <= set(fragments.TEAM_BOARD)
    assert template_reads(fragments.TEAM_TEMPLATES[0], "row") <= set(fragments.TEAM_ROW)
    # The company board's digest covers the whole dict the template reads.
    assert template_reads(fragments.COMPANY_TEMPLATES[0], "company") <= {
        "pending", "score", "lowest_units", "behind", "computed_at"}


def test_a_reports_check_in_and_new_name_show_at_once_on_the_managers_board(client, org, tech, alice, bob):
    cycle = make_cycle(org, code="NOW", kind="quarterly", start=TODAY - 30 * DAY, end=TODAY + 40 * DAY)
    kr = make_key_result(make_objective(cycle, owner=bob), owner=bob)
    client.force_login(alice)  # bob's manager
    before = client.get("/").text
    assert 'data-testid="team-not-checked-in">1<' in before
    record_checkin(SYSTEM, kr, value=40, date=TODAY)
    after = client.get("/").text
    assert 'data-testid="team-not-checked-in">0<' in after and TODAY.isoformat() in after
    update_person(SYSTEM, bob, name="鲍勃·新名")
    assert "鲍勃·新名" in client.get("/").text


def test_two_managers_never_see_each_others_board(client, org, tech, alice, bob, carol):
    cycle = make_cycle(org, code="NOW", kind="quarterly", start=TODAY - 30 * DAY, end=TODAY + 40 * DAY)
    make_key_result(make_objective(cycle, owner=bob), owner=bob)
    dave = make_person(org, unit=tech, manager=carol, name="戴夫")
    make_key_result(make_objective(cycle, owner=dave), owner=dave)
    client.force_login(alice)
    alices = client.get("/").text
    client.force_login(carol)
    carols = client.get("/").text
    assert bob.name in alices and "戴夫" not in alices
    assert "戴夫" in carols and f"/people/{bob.pk}/" not in carols[carols.index('data-testid="team"'):]
