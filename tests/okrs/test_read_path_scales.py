"""The cost of reading one objective does not grow with the size of the organization.

The work a read does is measured as SQLite's virtual-machine steps (the progress handler counts
them; they grow with every row a statement reads), beside the number of queries and the length of
the SQL sent (an IN list of every person's id would show there on any database). The same reads
are made in a company of 100 people and in one of 5,000, for a member, a manager and the CEO
(the head of the root unit, not an administrator).
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from okrflow.okrs.models import Objective
from okrflow.org import tree
from okrflow.org.models import Person, Role, Unit
from tests.factories import make_cycle, make_org
from tests.okrs.factories import make_key_result, make_objective


def build_company(people: int):
    """A company whose root has 10 departments of teams of 10; everyone reports up the chain."""
    org = make_org(slug=f"size{people}", name=f"Size {people}")
    root = org.root_unit()
    departments = Unit.objects.bulk_create(
        [Unit(organization=org, code=f"D{i}", name=f"Dept {i}", parent=root) for i in range(10)])
    teams = Unit.objects.bulk_create(
        [Unit(organization=org, code=f"T{i}", name=f"Team {i}", parent=departments[i % 10])
         for i in range(max(people // 10, 10))])
    ceo = Person.objects.create(organization=org, email=f"ceo@size{people}.test", name="CEO", unit=root,
                                role=Role.MANAGER)
    root.head = ceo
    root.save(update_fields=["head"])
    heads = Person.objects.bulk_create(
        [Person(organization=org, email=f"head{i}@size{people}.test", name=f"Head {i}", unit=team,
                manager=ceo, role=Role.MANAGER) for i, team in enumerate(teams)])
    for team, head in zip(teams, heads, strict=True):
        team.head = head
    Unit.objects.bulk_update(teams, ["head"])
    members = Person.objects.bulk_create(
        [Person(organization=org, email=f"m{i}@size{people}.test", name=f"Member {i}",
                unit=teams[i % len(teams)], manager=heads[i % len(heads)])
         for i in range(people - len(heads) - 1)])
    tree.rebuild_paths(org.pk)
    cycle = make_cycle(org, code="Q1")
    objective = make_objective(cycle, owner=members[0], visibility="private")
    make_key_result(objective)
    # Everyone else has an objective too, so a read that scans the organization shows.
    Objective.objects.bulk_create(
        [Objective(organization=org, cycle=cycle, title=f"O {p.pk}", ref=f"R{p.pk}", owner_person=p)
         for p in members[1:]])
    personas = {"member": members[0], "manager": heads[0], "ceo": ceo}
    return objective, personas


def cost_of(client, person, url):
    client.force_login(person)
    steps = [0]

    def count():
        steps[0] += 1

    connection.ensure_connection()
    connection.connection.set_progress_handler(count, 100)
    try:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
    finally:
        connection.connection.set_progress_handler(None, 100)
    assert response.status_code == 200
    return steps[0], len(queries), max(len(q["sql"]) for q in queries)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="counts SQLite's virtual-machine steps")
@pytest.mark.parametrize("persona", ["member", "manager", "ceo"])
def test_one_objective_page_reads_the_same_at_100_and_at_5000_people(client, db, persona):
    small_objective, small = build_company(100)
    large_objective, large = build_company(5000)
    small_steps, small_queries, small_sql = cost_of(client, small[persona],
                                                    f"/objectives/{small_objective.pk}/")
    large_steps, large_queries, large_sql = cost_of(client, large[persona],
                                                    f"/objectives/{large_objective.pk}/")
    assert large_queries == small_queries
    assert large_sql < small_sql + 200  # no list of ids growing with the organization
    # Reading every person or objective of the 5,000-person company would cost ~50× the steps.
    assert large_steps <= small_steps * 1.5 + 50, (small_steps, large_steps)
