"""The home page's queries do not grow with the team or the organization: a manager's team
board and the company head's board are read set-wise (okrflow/web/views/home_boards.py)."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import make_cycle, make_person, make_unit
from tests.okrs.factories import make_checkin, make_key_result, make_objective

TODAY = timezone.localdate()


def grow(org, cycle, manager, n):
    """n more reports of `manager`, each with an objective and a key result checked in long ago,
    and n more departments with an objective each."""
    for _ in range(n):
        person = make_person(org, unit=manager.unit, manager=manager)
        kr = make_key_result(make_objective(cycle, owner=person), owner=person)
        make_checkin(kr, 10, date=TODAY - datetime.timedelta(days=20))
        unit = make_unit(org)
        make_key_result(make_objective(cycle, owner=unit), owner=person)


def queries_of_home(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/").status_code == 200
    return len(captured)


def test_the_home_pages_queries_do_not_grow_with_the_team_or_the_org(client, org, admin, alice, bob):
    root = org.root_unit()
    root.head = alice  # alice manages bob and heads the company: both boards show
    root.save(update_fields=["head"])
    cycle = make_cycle(org, code="NOW", start=TODAY - datetime.timedelta(days=30),
                       end=TODAY + datetime.timedelta(days=40))
    make_key_result(make_objective(cycle, owner=alice), owner=alice)
    grow(org, cycle, alice, 1)
    client.force_login(alice)
    client.get("/")  # warm the session
    small = queries_of_home(client)
    page = client.get("/").content.decode()
    assert 'data-testid="team"' in page and 'data-testid="company"' in page
    grow(org, cycle, alice, 12)
    assert queries_of_home(client) == small
