"""Action plans (行动计划): tasks under a key result with owner, due date, status and 5W2H."""

import datetime

import pytest

from okrflow.actors import SYSTEM
from okrflow.audit.log import history
from okrflow.errors import AccessDenied, DomainError, NotFound, StaleWrite
from okrflow.meetings.access import get_action_item
from okrflow.meetings.actions import (
    complete_action_item,
    create_action_item,
    delete_action_item,
    overdue_items,
    task_list,
    update_action_item,
)
from okrflow.meetings.models import ActionItem, ActionStatus

D = datetime.date


def test_the_key_results_owner_plans_a_task_with_the_5w2h_fields(bobs_kr, bob):
    item = create_action_item(bob, bobs_kr, title="Beta test", owner=bob, due_date="2026-02-20",
                              what="内测", why="find crashes", who="QA", when="week 8", where="Shanghai",
                              how="TestFlight", how_much="¥2000")
    item.refresh_from_db()
    assert (item.title, item.due_date, item.status, item.how_much) == ("Beta test", D(2026, 2, 20), "todo",
                                                                       "¥2000")
    assert history(item).get().action == "action_item.create"


def test_a_manager_plans_tasks_for_a_reports_key_result(bobs_kr, alice, bob):
    assert create_action_item(alice, bobs_kr, title="Hire a tester", owner=bob).owner == bob


def test_someone_who_may_not_edit_the_objective_may_not_add_tasks(bobs_kr, carol):
    with pytest.raises(AccessDenied):
        create_action_item(carol, bobs_kr, title="Sneaky")
    assert not ActionItem.objects.exists()


def test_another_organization_does_not_see_the_key_result_at_all(bobs_kr, mallory):
    with pytest.raises(NotFound):
        create_action_item(mallory, bobs_kr, title="Sneaky")


def test_the_task_owner_may_move_its_status_but_not_rewrite_it(bobs_kr, bob, carol):
    item = create_action_item(bob, bobs_kr, title="Ask sales for leads", owner=carol)
    done = complete_action_item(carol, item)
    assert done.status == ActionStatus.DONE and done.completed_at is not None
    with pytest.raises(AccessDenied):
        update_action_item(carol, item, title="Something else")


def test_reopening_a_done_task_clears_its_completion(bobs_kr, bob):
    item = complete_action_item(bob, create_action_item(bob, bobs_kr, title="Release"))
    reopened = update_action_item(bob, item, status=ActionStatus.DOING)
    assert reopened.completed_at is None and reopened.version == 3


def test_a_stale_version_is_refused_so_no_update_is_lost(bobs_kr, bob, alice):
    item = create_action_item(bob, bobs_kr, title="Release")
    update_action_item(alice, item, expected_version=1, due_date="2026-03-01")
    with pytest.raises(StaleWrite):
        update_action_item(bob, item, expected_version=1, title="Release 1.0")
    item.refresh_from_db()
    assert item.title == "Release"


@pytest.mark.parametrize(("fields", "code"), [
    ({"title": "  "}, "title_required"),
    ({"title": "x", "status": "maybe"}, "bad_choice"),
    ({"title": "x", "due_date": "next week"}, "bad_date"),
])
def test_bad_input_is_refused_with_a_clear_code_and_nothing_is_stored(bobs_kr, bob, fields, code):
    with pytest.raises(DomainError) as refused:
        create_action_item(bob, bobs_kr, **fields)
    assert refused.value.code == code
    assert not ActionItem.objects.exists()


def test_an_owner_from_another_organization_is_refused(bobs_kr, bob, mallory):
    with pytest.raises(DomainError) as refused:
        create_action_item(bob, bobs_kr, title="x", owner=mallory)
    assert refused.value.field == "owner"


def test_deleting_a_task_is_audited(bobs_kr, bob):
    item = create_action_item(bob, bobs_kr, title="Release")
    delete_action_item(bob, item)
    assert not ActionItem.objects.exists()
    assert {e.action for e in history(item)} == {"action_item.create", "action_item.delete"}


def test_a_persons_task_list_spans_all_their_key_results_earliest_due_first(bobs_kr, carols_kr, bob, carol,
                                                                            q1):
    from tests.okrs.factories import make_key_result, make_objective

    second_kr = make_key_result(make_objective(q1, owner=bob), target=5, owner=bob)
    late = create_action_item(bob, bobs_kr, title="Late", due_date=D(2026, 3, 1))
    early = create_action_item(bob, second_kr, title="Early", due_date=D(2026, 2, 1))
    for_bob = create_action_item(carol, carols_kr, title="Help carol", owner=bob)
    complete_action_item(bob, create_action_item(bob, bobs_kr, title="Done already"))
    assert list(task_list(bob)) == [early, late, for_bob]


def test_overdue_tasks_are_the_open_ones_due_before_today(bobs_kr, bob, alice):
    overdue = create_action_item(bob, bobs_kr, title="Overdue", due_date=D(2026, 2, 1))
    create_action_item(bob, bobs_kr, title="Due today", due_date=D(2026, 2, 10))
    complete_action_item(bob, create_action_item(bob, bobs_kr, title="Done", due_date=D(2026, 1, 1)))
    assert list(overdue_items(alice, D(2026, 2, 10), people=[bob])) == [overdue]


def test_mallory_never_sees_acme_tasks(bobs_kr, bob, mallory, globex_kr):
    item = create_action_item(bob, bobs_kr, title="Secret plan", owner=bob)
    with pytest.raises(NotFound):
        get_action_item(mallory, item.pk)
    assert not task_list(mallory, bob).exists()
    assert not overdue_items(mallory, D(2027, 1, 1)).exists()


def test_the_scoped_getter_says_who_may_edit(bobs_kr, bob, carol):
    item = create_action_item(bob, bobs_kr, title="Public plan")
    assert get_action_item(bob, item.pk)[1] is True
    assert get_action_item(carol, item.pk) == (item, False)
    with pytest.raises(NotFound):
        get_action_item(carol, "not-a-number")


@pytest.mark.parametrize(("persona", "may_edit"), [
    ("admin", True), ("alice", True), ("bob", True), ("carol", False)])
def test_who_may_rewrite_a_task_follows_who_may_edit_the_objective(request, bobs_kr, persona, may_edit):
    item = create_action_item(SYSTEM, bobs_kr, title="Plan")
    actor = request.getfixturevalue(persona)
    if may_edit:
        assert update_action_item(actor, item, title="Better plan").title == "Better plan"
    else:
        with pytest.raises(AccessDenied):
            update_action_item(actor, item, title="Better plan")
