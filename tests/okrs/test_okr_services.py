"""Writes to objectives, key results and links: validation, versions, audit history."""

import datetime
from decimal import Decimal

import pytest

from okrflow.actors import SYSTEM
from okrflow.audit.log import history
from okrflow.errors import AccessDenied, DomainError, StaleWrite
from okrflow.okrs.models import Category, KeyResult, Objective, ObjectiveLink
from okrflow.okrs.services import (
    add_link,
    create_key_result,
    create_objective,
    delete_key_result,
    delete_objective,
    remove_link,
    update_key_result,
    update_objective,
)
from tests.factories import make_cycle
from tests.okrs.factories import make_checkin, make_key_result, make_objective


def test_it_creates_an_objective_with_a_generated_ref_and_an_audit_entry(org, q1, bob):
    objective = create_objective(bob, org, cycle=q1, title="  让新用户一周内上手  ")
    assert (objective.ref, objective.title, objective.owner_person) == ("O-1", "让新用户一周内上手", bob)
    entry = history(objective).get()
    assert (entry.action, entry.actor_id, entry.changes["title"]) == (
        "objective.create", bob.pk, [None, "让新用户一周内上手"])


def test_it_refuses_a_ref_already_used_in_the_organization(org, q1, bob):
    make_objective(q1, ref="O-7")
    with pytest.raises(DomainError) as error:
        create_objective(bob, org, cycle=q1, title="x", ref="O-7")
    assert (error.value.code, error.value.field) == ("ref_taken", "ref")


def test_it_refuses_an_owner_category_or_parent_from_another_organization(org, q1, bob, other_org, mallory):
    foreign_category = Category.objects.create(organization=other_org, name="游戏")
    foreign_parent = make_objective(make_cycle(other_org))
    for fields in ({"owner_person": mallory}, {"category": foreign_category},
                   {"parent_objective": foreign_parent}):
        with pytest.raises(DomainError):
            create_objective(SYSTEM, org, cycle=q1, title="x", **fields)
    assert not Objective.objects.for_org(org).exists()


def test_a_quarterly_objective_may_support_an_annual_key_result(q1, year, tech):
    annual_kr = make_key_result(make_objective(year))
    child = make_objective(q1, owner=tech, parent_key_result=annual_kr)
    assert child.parent_key_result == annual_kr


def test_it_refuses_a_parent_in_an_unrelated_cycle(org, q1, tech):
    q2 = make_cycle(org, code="2026Q2", start=datetime.date(2026, 4, 1), end=datetime.date(2026, 6, 30))
    with pytest.raises(DomainError) as error:
        make_objective(q1, owner=tech, parent_objective=make_objective(q2))
    assert error.value.code == "parent_cycle"


def test_it_refuses_an_alignment_loop(q1, tech, bob):
    top = make_objective(q1)
    middle = make_objective(q1, owner=tech, parent_objective=top)
    bottom = make_objective(q1, owner=bob, parent_key_result=make_key_result(middle))
    with pytest.raises(DomainError) as error:
        update_objective(SYSTEM, top, parent_key_result=make_key_result(bottom))
    assert error.value.code == "alignment_loop"
    top.refresh_from_db()
    assert top.parent_key_result is None


def test_it_refuses_an_unknown_origin(org, q1):
    with pytest.raises(DomainError) as error:
        create_objective(SYSTEM, org, cycle=q1, title="x", owner_unit=org.root_unit(), origin="sideways")
    assert error.value.field == "origin"


def test_an_update_raises_the_version_and_records_the_diff(q1, bob):
    objective = make_objective(q1, owner=bob, title="旧标题")
    updated = update_objective(bob, objective, expected_version=1, title="新标题")
    assert updated.version == 2
    entry = history(objective).filter(action="objective.update").get()
    assert entry.changes == {"title": ["旧标题", "新标题"], "status": ["agreed", "draft"]}


def test_an_update_without_changes_keeps_the_version(q1, bob):
    objective = make_objective(q1, owner=bob, title="同样")
    assert update_objective(bob, objective, title="同样").version == 1


def test_a_stale_version_is_refused_and_nothing_changes(q1, bob):
    objective = make_objective(q1, owner=bob, title="原来")
    update_objective(bob, objective, title="别人先改了")
    with pytest.raises(StaleWrite):
        update_objective(bob, objective, expected_version=1, title="我的修改")
    objective.refresh_from_db()
    assert (objective.title, objective.version) == ("别人先改了", 2)


def test_a_version_that_is_not_a_number_is_refused_as_stale(q1, bob):
    objective = make_objective(q1, owner=bob, title="原来")
    with pytest.raises(StaleWrite):
        update_objective(bob, objective, expected_version="W/abc", title="我的修改")
    objective.refresh_from_db()
    assert objective.title == "原来"


def test_a_new_parent_replaces_the_old_one(q1, tech):
    company = make_objective(q1)
    kr = make_key_result(company)
    child = make_objective(q1, owner=tech, parent_objective=company)
    child = update_objective(SYSTEM, child, parent_key_result=kr)
    assert (child.parent_objective, child.parent_key_result) == (None, kr)


def test_a_member_cannot_move_their_objective_to_a_colleague(q1, bob, carol):
    objective = make_objective(q1, owner=bob)
    with pytest.raises(AccessDenied):
        update_objective(bob, objective, owner_person=carol)
    objective.refresh_from_db()
    assert objective.owner_person == bob


def test_deleting_an_objective_is_audited_and_children_lose_their_parent(q1, tech, bob):
    parent = make_objective(q1, owner=tech)
    child = make_objective(q1, owner=bob, parent_objective=parent)
    delete_objective(SYSTEM, parent, expected_version=1)
    child.refresh_from_db()
    assert child.parent_objective is None
    assert history(parent).filter(action="objective.delete").exists()


def test_a_milestone_runs_from_0_to_1_whatever_was_given(q1):
    kr = create_key_result(SYSTEM, make_objective(q1), title="API 网关全量上线", kind="milestone",
                           start_value=5, target_value=9)
    assert (kr.start_value, kr.target_value, kr.current_value) == (0, 1, 0)


def test_a_new_key_result_starts_at_its_start_value(q1):
    kr = make_key_result(make_objective(q1), start=30, target=45)
    assert kr.current_value == 30


@pytest.mark.parametrize(("fields", "code"), [
    ({"weight": 0}, "bad_weight"),
    ({"weight": -1}, "bad_weight"),
    ({"target_value": "many"}, "not_a_number"),
    ({"kind": "vibes"}, "bad_choice"),
    ({"due_date": "31/03/2026"}, "bad_date"),
])
def test_it_refuses_a_bad_key_result_and_stores_nothing(q1, fields, code):
    objective = make_objective(q1)
    with pytest.raises(DomainError) as error:
        create_key_result(SYSTEM, objective, title="x", **{"target_value": 10, **fields})
    assert error.value.code == code
    assert not KeyResult.objects.exists()


def test_it_refuses_a_key_result_owner_from_another_organization(q1, mallory):
    with pytest.raises(DomainError):
        make_key_result(make_objective(q1), owner=mallory)


def test_a_key_result_update_is_versioned_and_audited(q1, bob):
    kr = make_key_result(make_objective(q1, owner=bob), start=0, target=10)
    kr = update_key_result(bob, kr, expected_version=1, start_value=Decimal(2), target_value="20")
    assert (kr.version, kr.current_value, kr.target_value) == (2, 2, 20)
    entry = history(kr).filter(action="key_result.update").get()
    assert entry.changes["start_value"] == ["0.0000", "2"]
    with pytest.raises(StaleWrite):
        update_key_result(bob, kr, expected_version=1, title="过期的修改")


def test_a_key_result_update_keeps_the_checked_in_value(q1, bob):
    kr = make_key_result(make_objective(q1, owner=bob), start=0, target=10)
    make_checkin(kr, 6)
    assert update_key_result(bob, kr, start_value=1).current_value == 6


def test_a_colleague_cannot_change_or_delete_a_key_result(q1, bob, carol):
    kr = make_key_result(make_objective(q1, owner=bob))
    with pytest.raises(AccessDenied):
        update_key_result(carol, kr, title="x")
    with pytest.raises(AccessDenied):
        delete_key_result(carol, kr)
    delete_key_result(bob, kr)
    assert not KeyResult.objects.exists()


def test_links_are_added_once_and_removed(q1, tech, sales):
    mine, theirs = make_objective(q1, owner=tech), make_objective(q1, owner=sales)
    add_link(SYSTEM, mine, to_key_result=make_key_result(theirs))
    add_link(SYSTEM, mine, to_objective=theirs)
    with pytest.raises(DomainError) as error:
        add_link(SYSTEM, mine, to_objective=theirs)
    assert error.value.code == "link_exists"
    remove_link(SYSTEM, mine, to_objective=theirs)
    assert ObjectiveLink.objects.count() == 1
    mine.refresh_from_db()
    assert mine.version == 4
    assert list(history(mine).values_list("action", flat=True)) == [
        "objective.unlink", "objective.link", "objective.link", "objective.create"]


def test_an_objective_cannot_contribute_to_itself(q1):
    objective = make_objective(q1)
    with pytest.raises(DomainError):
        add_link(SYSTEM, objective, to_objective=objective)


@pytest.mark.parametrize(("fields", "field"), [({"cycle": None}, "cycle"), ({"title": "  "}, "title")])
def test_an_objective_needs_a_cycle_and_a_title(org, q1, bob, fields, field):
    with pytest.raises(DomainError) as error:
        create_objective(bob, org, **{"cycle": q1, "title": "x", **fields})
    assert error.value.field == field
    assert not Objective.objects.exists()


def test_an_objective_cannot_support_its_own_key_result(q1, tech):
    objective = make_objective(q1, owner=tech)
    with pytest.raises(DomainError) as error:
        update_objective(SYSTEM, objective, parent_key_result=make_key_result(objective))
    assert error.value.code == "alignment_loop"


def test_turning_a_key_result_into_a_milestone_resets_its_range(q1):
    kr = make_key_result(make_objective(q1), start=30, target=45)
    kr = update_key_result(SYSTEM, kr, kind="milestone")
    assert (kr.start_value, kr.target_value, kr.current_value) == (0, 1, 0)
