"""Hot OKR pages cost a fixed number of queries, however many objectives they show.

Each test counts a page's queries with a few objectives, grows the company to 60 objectives
× 3 key results (with check-ins, alignment and more key results on the objective shown) and
counts again: the count must not move, and stays under a ceiling.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from okrflow.okrs.models import Objective
from tests.okrs.factories import make_checkin, make_key_result, make_objective

CEILING = 32


def add_objectives(q1, tech, bob, numbers):
    """Objectives × 3 key results: a third the company's, a third TECH's, a third bob's, aligned
    downwards, with check-ins."""
    for n in numbers:
        owner = (None, tech, bob)[n % 3]
        parent = Objective.objects.filter(owner_unit__parent__isnull=True).first() if owner else None
        objective = make_objective(q1, owner=owner, title=f"目标{n}", ref=f"O{n}", parent_objective=parent)
        for k in range(3):
            kr = make_key_result(objective, start=0, target=100, title=f"指标{n}-{k}达到100",
                                 ref=f"O{n}-{k}", owner=bob)
            make_checkin(kr, 10 * k, date=datetime.date(2026, 2, 1), confidence=70)


def queries(client, url, django_assert_max_num_queries) -> int:
    with django_assert_max_num_queries(CEILING), CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", ["/okrs/mine/", "/okrs/tree/", "/units/TECH/okrs/", "/okrs/company/"])
def test_the_page_costs_the_same_with_three_or_sixty_objectives(client, q1, tech, bob, alice, url,
                                                                django_assert_max_num_queries):
    client.force_login(bob)
    add_objectives(q1, tech, bob, range(3))
    client.get(url)  # the first view asks the job for the stored shares (inline under the tests)
    few = queries(client, url, django_assert_max_num_queries)
    add_objectives(q1, tech, bob, range(3, 60))
    assert queries(client, url, django_assert_max_num_queries) == few


def test_the_objective_page_does_not_grow_with_key_results_children_and_check_ins(
        client, q1, tech, bob, alice, django_assert_max_num_queries):
    client.force_login(bob)
    add_objectives(q1, tech, bob, range(3))
    top = Objective.objects.get(ref="O0")
    url = f"/objectives/{top.pk}/"
    few = queries(client, url, django_assert_max_num_queries)
    add_objectives(q1, tech, bob, range(3, 60))
    for n in range(10):
        kr = make_key_result(top, start=0, target=50, title=f"额外指标{n}到50", ref=f"X{n}")
        make_checkin(kr, n, date=datetime.date(2026, 2, 2))
    assert queries(client, url, django_assert_max_num_queries) == few
