"""The one update sequence (okrflow/writes.py): lock, version guard, diff, save, audit."""

import pytest

from okrflow.audit.models import AuditEntry
from okrflow.cycles.services import update_cycle
from okrflow.errors import NotFound, StaleWrite
from okrflow.okrs.models import Objective, ObjectiveStatus
from okrflow.okrs.services import update_objective
from okrflow.org.models import Unit
from okrflow.org.services import update_unit
from okrflow.writes import apply_update
from tests.okrs.factories import make_objective


def audit_count(obj):
    return AuditEntry.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk)).count()


def test_an_update_bumps_the_version_saves_and_writes_one_audit_entry(q1, alice):
    # A draft: an agreed objective's new title would also send it back (a second entry).
    objective = make_objective(q1, owner=alice, title="Old", status=ObjectiveStatus.DRAFT)
    before = audit_count(objective)
    changed = update_objective(alice, objective, title="New")
    assert changed.version == objective.version + 1
    assert Objective.objects.get(pk=objective.pk).title == "New"
    entry = AuditEntry.objects.filter(action="objective.update", object_id=str(objective.pk)).get()
    assert entry.changes == {"title": ["Old", "New"]} and entry.actor == alice
    assert audit_count(objective) == before + 1


def test_an_update_that_changes_nothing_writes_nothing(q1, alice):
    objective = make_objective(q1, owner=alice, title="Same")
    before = audit_count(objective)
    unchanged = update_objective(alice, objective, title="  Same ")
    assert unchanged.version == objective.version
    assert Objective.objects.get(pk=objective.pk).version == objective.version
    assert audit_count(objective) == before


def test_an_old_expected_version_is_refused_and_nothing_is_stored(q1, alice):
    objective = make_objective(q1, owner=alice, title="Kept")
    with pytest.raises(StaleWrite):
        update_objective(alice, objective, expected_version=objective.version - 1, title="Lost")
    assert Objective.objects.get(pk=objective.pk).title == "Kept"


def test_a_unit_deleted_before_the_update_is_not_found(admin, tech):
    Unit.objects.filter(pk=tech.pk).delete()
    with pytest.raises(NotFound):
        update_unit(admin, tech, name="Gone")


def test_a_cycle_update_saves_only_the_changed_columns(admin, q1, django_capture_on_commit_callbacks):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    with CaptureQueriesContext(connection) as queries:
        update_cycle(admin, q1, name="Q1 renamed")
    [statement] = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("UPDATE")]
    assert '"name"' in statement and '"start_date"' not in statement


def test_the_helper_answers_not_found_for_a_vanished_row(q1, alice):
    objective = make_objective(q1, owner=alice)
    Objective.objects.filter(pk=objective.pk).delete()
    with pytest.raises(NotFound):
        apply_update(Objective.objects, objective.pk, {"title": "x"}, fields=["title"],
                     action="objective.update", actor=alice)
