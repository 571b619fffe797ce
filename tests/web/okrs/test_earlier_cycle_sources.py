"""The objective page says where a carried-over key result came from (with its reason) and which
objective a continued one continues, linking to the earlier objective only for a reader who may
see it, with no query per key result."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_cycle
from tests.okrs.factories import make_key_result, make_objective


@pytest.fixture
def q4(org):
    return make_cycle(org, code="2025Q4", kind="quarterly", start=datetime.date(2025, 10, 1),
                      end=datetime.date(2025, 12, 31))


@pytest.fixture
def earlier(q4, bob):
    """bob's private objective of 2025Q4 with a key result left unfinished."""
    objective = make_objective(q4, owner=bob, title="签下华东三家大客户", visibility="private")
    kr = make_key_result(objective, start=0, target=3, title="签约3家年费超百万的客户", owner=bob)
    return objective, kr


@pytest.fixture
def continued(q1, bob, earlier):
    """Its continuation in 2026Q1 (public), the key result carried over with a reason."""
    objective, kr = earlier
    new = make_objective(q1, owner=bob, title="签下华东三家大客户", continued_from=objective)
    make_key_result(new, start=1, target=3, title="签约3家年费超百万的客户", owner=bob,
                    carried_from=kr, carry_reason="还差两家，合同在走流程")
    return new


def page_of(client, person, objective) -> str:
    client.force_login(person)
    response = client.get(f"/objectives/{objective.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def part(page, testid) -> str:
    found = page[page.index(f'data-testid="{testid}"'):]
    return found[:found.index("</p>" if testid == "continued-from" else "</div>")]


def test_the_owner_sees_where_the_key_result_came_from_and_why_with_links(client, bob, earlier, continued):
    objective, kr = earlier
    page = page_of(client, bob, continued)
    carried = part(page, "carried-from")
    assert "Carried over from" in carried and f'href="/objectives/{objective.pk}/#kr-{kr.pk}"' in carried
    assert "“签约3家年费超百万的客户”" in carried and "2025Q4" in carried
    assert "Why carried over: 还差两家，合同在走流程" in page
    continues = part(page, "continued-from")
    assert "Continues" in continues and f'href="/objectives/{objective.pk}/"' in continues


def test_a_reader_who_may_not_see_the_earlier_objective_gets_no_title_and_no_link(
        client, carol, earlier, continued):
    objective, _kr = earlier
    page = page_of(client, carol, continued)
    assert "Carried over from a key result of 2025Q4" in part(page, "carried-from")
    assert "Continues an objective of 2025Q4" in part(page, "continued-from")
    assert f"/objectives/{objective.pk}/" not in page
    assert "还差两家，合同在走流程" in page  # the reason belongs to the key result carol may see


def test_an_objective_without_a_past_shows_neither_line(client, bob, q1):
    objective = make_objective(q1, owner=bob, title="新目标")
    make_key_result(objective, owner=bob)
    page = page_of(client, bob, objective)
    assert 'data-testid="carried-from"' not in page and 'data-testid="continued-from"' not in page


def test_more_carried_key_results_cost_no_more_queries(client, bob, earlier, continued):
    objective, _kr = earlier
    client.force_login(bob)
    url = f"/objectives/{continued.pk}/"
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for n in range(5):
        source = make_key_result(objective, start=0, target=10, title=f"旧指标{n}", owner=bob)
        make_key_result(continued, start=0, target=10, title=f"新指标{n}", owner=bob, carried_from=source,
                        carry_reason="继续")
    with CaptureQueriesContext(connection) as six:
        assert client.get(url).content.decode().count('data-testid="carried-from"') == 6
    assert len(six) == len(one)
