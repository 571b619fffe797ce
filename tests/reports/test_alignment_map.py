"""The alignment map's levels (okrflow/reports/alignment_map.py): what each level holds, in which
order, with which scores and colours; the cap with its "more" node; what a reader sees; what a
reader may not open; and the cost of a level, the same at 5 and at 50 units."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from okrflow.errors import NotFound
from okrflow.okrs import selectors
from okrflow.okrs.models import Category
from okrflow.reports import alignment_map
from okrflow.reports.alignment_map import children_of, first_screen
from tests.factories import make_person, make_unit
from tests.okrs.factories import make_checkin, make_key_result, make_objective


@pytest.fixture
def categories(org):
    """Three categories whose order (position) is not their names' order."""
    return {name: Category.objects.create(organization=org, name=name, position=position)
            for position, name in enumerate(["游戏", "外部平台", "自有平台"])}


def scored(cycle, owner, title, value, **fields):
    """An objective of `owner` whose one key result stands at `value` of 0 → 100."""
    objective = make_objective(cycle, owner=owner, title=title, **fields)
    kr = make_key_result(objective, start=0, target=100)
    if value:
        make_checkin(kr, value, date=datetime.date(2026, 2, 1))
    return objective


def kinds_and_names(nodes):
    return [(node.kind, node.name) for node in nodes]


def test_the_first_screen_is_the_company_with_its_objectives_by_category_then_its_units_and_people(
        q1, org, tech, sales, admin, categories):
    root = org.root_unit()
    scored(q1, root, "外部第一", 50, category=categories["外部平台"])
    scored(q1, root, "没有类别", 50)
    scored(q1, root, "自有第一", 50, category=categories["自有平台"])
    scored(q1, root, "游戏第一", 50, category=categories["游戏"])
    level = first_screen(admin, q1)
    assert level.node.kind == "company" and level.node.name == org.name
    assert kinds_and_names(level.children) == [
        ("category", "游戏"), ("category", "外部平台"), ("category", "自有平台"), ("category", "No category"),
        ("unit", "销售部"), ("unit", "技术中心"), ("person", "Ada Admin")]
    assert [o.name for o in level.children[0].children] == ["游戏第一"]
    assert level.node.units == 2 and level.node.people == 1 and level.node.objectives == 4


def test_scores_and_colours_follow_the_one_rule_and_the_policys_grades(q1, org, tech, admin, categories):
    root = org.root_unit()
    scored(q1, root, "差", 30, category=categories["游戏"])          # 0.3: poor
    scored(q1, root, "好", 70, category=categories["游戏"])          # 0.7: good
    scored(q1, tech, "优", 95)                                       # 0.95: excellent
    scored(q1, root, "草稿", 0, category=categories["游戏"], status="draft")  # drawn, never counted
    level = first_screen(admin, q1)
    game = level.children[0]
    assert [(o.name, o.score, o.grade, o.colour) for o in game.children] == [
        ("差", 0.3, "poor", "red"), ("好", 0.7, "good", "green"), ("草稿", 0.0, "poor", "red")]
    assert game.children[2].detail == "Draft"
    assert game.score == 0.5 and game.grade == "fair" and game.colour == "orange"  # the draft left out
    assert level.node.score == selectors.company_score(q1) == 0.5
    tech_node = next(node for node in level.children if node.kind == "unit")
    assert (tech_node.score, tech_node.grade, tech_node.colour) == (0.95, "excellent", "blue")
    assert tech_node.score == selectors.owner_score(q1, unit=tech)


def test_a_unit_opens_on_its_objectives_then_its_sub_units_then_its_members_head_first(
        q1, org, tech, alice, bob, admin):
    backend = make_unit(org, code="BACK", name="后端组", parent=tech)
    make_person(org, name="Aaron 安", unit=tech)
    scored(q1, tech, "技术中心目标", 60)
    scored(q1, bob, "鲍勃的目标", 80)
    level = children_of(admin, q1, f"unit:{tech.pk}")
    assert level.node.name == "技术中心"
    assert kinds_and_names(level.children) == [
        ("category", "No category"), ("unit", "后端组"), ("person", "Alice 王"), ("person", "Aaron 安"),
        ("person", "Bob 李")]
    sub_unit, alice_node, aaron, bob_node = level.children[1:]
    assert sub_unit.key == f"unit:{backend.pk}" and sub_unit.expandable
    assert (bob_node.objectives, bob_node.expandable, bob_node.score) == (1, True, 0.8)
    assert (aaron.objectives, aaron.expandable, aaron.score, aaron.colour) == (0, False, None, None)
    assert [o.name for o in children_of(admin, q1, f"person:{bob.pk}").children[0].children] == ["鲍勃的目标"]


def test_a_long_list_stops_at_the_page_with_a_more_node_that_pages_on(q1, org, tech, admin, monkeypatch):
    monkeypatch.setattr(alignment_map, "PAGE", 3)
    for n in range(2):
        make_unit(org, code=f"T{n}", name=f"小组{n}", parent=tech)
    for n in range(4):
        make_person(org, name=f"成员{n}", unit=tech)
    first = children_of(admin, q1, f"unit:{tech.pk}")
    assert kinds_and_names(first.children) == [("unit", "小组0"), ("unit", "小组1"), ("person", "成员0"),
                                               ("more", "and 3 more")]
    more = first.children[-1]
    assert (more.parent, more.page, more.more) == (f"unit:{tech.pk}", 2, 3)
    second = children_of(admin, q1, more.parent, more.page)
    assert kinds_and_names(second.children) == [("person", "成员1"), ("person", "成员2"), ("person", "成员3")]


def test_a_private_objective_is_absent_for_a_reader_who_may_not_see_it_and_present_for_one_who_may(
        q1, org, sales, carol, bob, admin):
    scored(q1, carol, "拿下三个华东大客户", 50, visibility="private")
    for reader, shown in ((bob, False), (admin, True), (carol, True)):
        units = children_of(reader, q1, f"unit:{sales.pk}")
        carol_node = next(node for node in units.children if node.kind == "person")
        assert (carol_node.objectives, carol_node.expandable) == ((1, True) if shown else (0, False))
        titles = [o.name for group in children_of(reader, q1, f"person:{carol.pk}").children
                  for o in group.children]
        assert titles == (["拿下三个华东大客户"] if shown else [])
        # Her score is her OKR page's, the same for every reader: a number, never a title.
        assert carol_node.score == selectors.owner_score(q1, person=carol) == 0.5


@pytest.mark.parametrize("key", ["unit:{foreign_unit}", "person:{foreign_person}", "unit:abc", "unit:0",
                                 "person:", "objective:{objective}", "category:1", "", "company:1"])
def test_a_node_the_reader_may_not_open_is_not_found(q1, org, bob, mallory, key):
    objective = make_objective(q1, title="公司目标")
    key = key.format(foreign_unit=mallory.unit_id, foreign_person=mallory.pk, objective=objective.pk)
    with pytest.raises(NotFound):
        children_of(bob, q1, key)


def test_a_departed_person_is_not_on_the_map(q1, org, tech, admin):
    gone = make_person(org, name="离职", unit=tech, is_active=False)
    assert "离职" not in [node.name for node in children_of(admin, q1, f"unit:{tech.pk}").children]
    with pytest.raises(NotFound):
        children_of(admin, q1, f"person:{gone.pk}")


def grow(org, cycle, parent, units):
    """`units` units below `parent`, each with a head, two members and an objective."""
    for n in range(units):
        unit = make_unit(org, name=f"部门{parent.pk}-{n}", parent=parent)
        head = make_person(org, unit=unit)
        unit.head = head
        unit.save(update_fields=["head"])
        make_person(org, unit=unit)
        scored(cycle, unit, f"部门目标{unit.pk}", 40 + n % 50)


def queries_of(read, *args) -> int:
    with CaptureQueriesContext(connection) as captured:
        read(*args)
    return len(captured.captured_queries)


@pytest.mark.parametrize("reader", ["bob", "alice", "admin"])
def test_a_level_costs_the_same_queries_at_5_and_at_50_units(request, org, q1, tech, reader):
    counts = []
    for size in (5, 50):
        grow(org, q1, org.root_unit(), size if not counts else size - 5)
        grow(org, q1, tech, size if not counts else size - 5)
        persona = request.getfixturevalue(reader)
        person = type(persona).objects.get(pk=persona.pk)  # a fresh reader each time (reader_of caches)
        counts.append((queries_of(first_screen, person, q1),
                       queries_of(children_of, person, q1, f"unit:{tech.pk}")))
        assert len(first_screen(person, q1).children) >= size
    assert counts[0] == counts[1], counts


def test_finding_gives_units_people_and_visible_objectives_with_the_way_down_to_them(
        q1, org, tech, sales, bob, carol, admin):
    backend = make_unit(org, code="BACK", name="后端组", parent=tech)
    dev = make_person(org, name="后端 开发", unit=backend)
    mine = scored(q1, dev, "后端服务稳如磐石", 50)
    scored(q1, carol, "后端私密目标", 50, visibility="private")
    found = {match.key: match for match in alignment_map.find(bob, q1, "后端")}
    assert set(found) == {f"unit:{backend.pk}", f"person:{dev.pk}", f"objective:{mine.pk}"}
    assert found[f"unit:{backend.pk}"].path == ["company", f"unit:{tech.pk}"]
    assert found[f"person:{dev.pk}"].path == ["company", f"unit:{tech.pk}", f"unit:{backend.pk}"]
    assert found[f"objective:{mine.pk}"].path[-1] == f"person:{dev.pk}"
    assert "后端私密目标" in [match.name for match in alignment_map.find(admin, q1, "后端")]
    assert alignment_map.find(bob, q1, "  ") == []
