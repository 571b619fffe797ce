"""The alignment tree's first screen and a node's children read the same at 100 and at 5,000 people.

Measured like tests/okrs/test_read_path_scales.py (SQLite's virtual-machine steps, the number of
queries and the longest SQL sent), for a member, a manager and the CEO. Both companies hold the
same company objectives with the same aligned levels below them, and one objective per person
that aligns to nothing (so a screen that read the cycle's objectives would show it).
"""

import pytest
from django.db import connection

from okrflow.okrs.models import Objective
from tests.okrs.factories import make_key_result, make_objective
from tests.okrs.test_read_path_scales import build_company, cost_of


def company_with_a_tree(people: int):
    """build_company, plus a company objective, three unit objectives below it (one through a key
    result) and five person objectives below the first unit objective."""
    objective, personas = build_company(people)
    cycle, org = objective.cycle, objective.organization
    company = make_objective(cycle, owner=org.root_unit(), title="公司目标", ref="CO")
    kr = make_key_result(company, start=0, target=10, ref="CO-KR")
    units = [make_objective(cycle, owner=personas["manager"].unit, title=f"部门目标{n}", ref=f"U{n}",
                            **({"parent_key_result": kr} if n == 2 else {"parent_objective": company}))
             for n in range(3)]
    Objective.objects.bulk_create(
        [Objective(organization=org, cycle=cycle, title=f"个人目标{n}", ref=f"P{n}",
                   owner_person=personas["member"], parent_objective=units[0]) for n in range(5)])
    return units[0], personas


def assert_same_cost(small, large):
    (small_steps, small_queries, small_sql), (large_steps, large_queries, large_sql) = small, large
    assert large_queries == small_queries
    assert large_sql < small_sql + 200  # no list of ids growing with the organization
    assert large_steps <= small_steps * 1.5 + 50, (small_steps, large_steps)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="counts SQLite's virtual-machine steps")
@pytest.mark.parametrize("persona", ["member", "manager", "ceo"])
def test_the_trees_first_screen_and_a_nodes_children_read_the_same_at_100_and_at_5000_people(
        client, db, persona):
    small_node, small = company_with_a_tree(100)
    large_node, large = company_with_a_tree(5000)
    assert_same_cost(cost_of(client, small[persona], "/okrs/tree/"),
                     cost_of(client, large[persona], "/okrs/tree/"))
    assert_same_cost(cost_of(client, small[persona], f"/okrs/tree/{small_node.pk}/children/"),
                     cost_of(client, large[persona], f"/okrs/tree/{large_node.pk}/children/"))
