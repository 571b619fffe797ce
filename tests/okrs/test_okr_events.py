"""Objective and key-result writes announce themselves after commit (okrflow/events.py), with the
same diff the audit entry holds; a write that changes nothing or rolls back announces nothing."""

import pytest
from django.db import transaction

from okrflow import events
from okrflow.okrs.services import (
    create_key_result,
    create_objective,
    delete_key_result,
    delete_objective,
    update_key_result,
    update_objective,
)
from tests.listening import listening
from tests.okrs.factories import make_key_result, make_objective


class Rollback(Exception):
    pass


@pytest.fixture
def objective(q1, bob):
    return make_objective(q1, owner=bob, title="Ship the app")


def test_an_objective_created_changed_and_deleted_is_announced_each_time(
        org, q1, bob, django_capture_on_commit_callbacks):
    with listening(events.objective_changed) as heard, django_capture_on_commit_callbacks(execute=True):
        objective = create_objective(bob, org, cycle=q1, title="Ship the app")
        update_objective(bob, objective, visibility="private")
        update_objective(bob, objective, visibility="private")  # no change: no event
        delete_objective(bob, objective)
    assert [(p["change"], p["objective"].pk, p["actor"]) for p in heard] == [
        ("created", objective.pk, bob), ("updated", objective.pk, bob), ("deleted", objective.pk, bob)]
    assert heard[0]["changes"]["title"] == [None, "Ship the app"]
    # An agreed objective whose content changed is a draft again (okrflow/okrs/states.py reopen).
    assert heard[1]["changes"] == {"visibility": ["public", "private"], "status": ["agreed", "draft"]}


def test_an_objective_change_is_announced_only_once_committed(objective, bob,
        django_capture_on_commit_callbacks):
    with listening(events.objective_changed) as heard:
        with django_capture_on_commit_callbacks() as pending:
            update_objective(bob, objective, title="Ship the app in May")
            assert heard == []
        for callback in pending:
            callback()
    assert heard[0]["changes"] == {"title": ["Ship the app", "Ship the app in May"],
                                   "status": ["agreed", "draft"]}


def test_a_key_result_write_rolled_back_is_never_announced(objective, bob,
        django_capture_on_commit_callbacks):
    with (listening(events.key_result_changed) as heard, django_capture_on_commit_callbacks(execute=True),
          pytest.raises(Rollback), transaction.atomic()):
        create_key_result(bob, objective, title="10 paying teams", target_value=10)
        raise Rollback
    assert heard == []


def test_key_results_created_updated_and_deleted_are_announced(objective, bob,
        django_capture_on_commit_callbacks):
    kr = make_key_result(objective, target=10, owner=bob)
    with listening(events.key_result_changed) as heard, django_capture_on_commit_callbacks(execute=True):
        update_key_result(bob, kr, target_value=12)
        delete_key_result(bob, kr)
    assert [(p["change"], p["key_result"].pk) for p in heard] == [("updated", kr.pk), ("deleted", kr.pk)]
    assert heard[0]["changes"]["target_value"][1] == "12"
