"""The org tree as data: materialized paths stay true through every door that changes the tree."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from okrflow.org import services, tree
from okrflow.org.models import Person, Unit
from okrflow.org.reader import reader_of
from tests.factories import make_person, make_unit


def test_walking_up_a_map_stops_on_a_loop():
    assert tree.walk_up(3, {3: 2, 2: 1, 1: None}) == [2, 1]
    assert tree.walk_up(3, {3: 2, 2: 3}) == [2]
    assert tree.in_loop(3, {3: 2, 2: 3})
    assert not tree.in_loop(3, {3: 2, 2: 1})
    assert tree.would_loop(1, 3, {3: 2, 2: 1, 1: None})
    assert not tree.would_loop(3, 1, {3: 2, 2: 1, 1: None})


@given(st.dictionaries(st.integers(1, 30), st.integers(1, 30), max_size=30))
def test_paths_from_a_map_list_every_ancestor_top_down(parent_of):
    # Loops are refused before paths are built: drop the nodes caught in one.
    parent_of = {node: parent for node, parent in parent_of.items()
                 if node != parent and not tree.in_loop(node, parent_of)
                 and not any(tree.in_loop(a, parent_of) for a in tree.walk_up(node, parent_of))}
    paths = tree.paths_from(parent_of)
    for node in parent_of:
        assert tree.path_ids(paths[node]) == [*reversed(tree.walk_up(node, parent_of)), node]


def test_a_new_unit_and_person_get_their_paths(org, tech, alice, bob):
    root = org.root_unit()
    tech.refresh_from_db()
    assert tech.path == f"/{root.pk}/{tech.pk}/"
    bob.refresh_from_db()
    assert bob.manager_path == f"/{alice.pk}/{bob.pk}/"


def test_moving_a_unit_moves_its_whole_subtree(org, admin, tech, sales):
    team = make_unit(org, code="TEAM", parent=tech)
    squad = make_unit(org, code="SQUAD", parent=team)
    services.update_unit(admin, tech, parent=sales)
    sales.refresh_from_db()
    squad.refresh_from_db()
    assert squad.path == f"{sales.path}{tech.pk}/{team.pk}/{squad.pk}/"
    assert tree.path_ids(squad.path)[:2] == [org.root_unit().pk, sales.pk]


def test_changing_a_manager_moves_every_report_below_them(org, admin, tech, alice, bob, carol):
    dave = make_person(org, manager=bob)  # in no unit: alice reached him only through bob
    services.update_person(admin, bob, manager=carol)
    dave.refresh_from_db()
    carol.refresh_from_db()
    assert dave.manager_path == f"{carol.manager_path}{bob.pk}/{dave.pk}/"
    assert reader_of(Person.objects.get(pk=carol.pk)).manages_person(dave)
    assert not reader_of(Person.objects.get(pk=alice.pk)).manages_person(dave)


def test_a_loop_is_refused_by_the_paths_without_walking(org, admin, tech):
    team = make_unit(org, code="TEAM", parent=tech)
    with pytest.raises(Exception, match="inside itself"):
        services.update_unit(admin, tech, parent=team)


def test_rebuilding_gives_what_the_services_kept_and_writes_nothing_then(org, admin, tech, sales, alice, bob):
    make_unit(org, code="TEAM", parent=tech)
    services.update_unit(admin, tech, parent=sales)
    services.update_person(admin, bob, manager=admin)
    kept = (dict(Unit.objects.values_list("pk", "path")),
            dict(Person.objects.values_list("pk", "manager_path")))
    assert tree.rebuild_paths(org.pk) == 0
    Unit.objects.update(path="")
    Person.objects.update(manager_path="")
    assert tree.rebuild_paths(org.pk) > 0
    assert (dict(Unit.objects.values_list("pk", "path")),
            dict(Person.objects.values_list("pk", "manager_path"))) == kept
