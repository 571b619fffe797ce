"""The one gate (okrflow/cycles/phases.py) in the services every door calls: a published
objective's title, description, owner and parent and its key results' title, kind, start, target
and weight are locked; a closed one changes nothing; the state moves only by its transitions."""

from decimal import Decimal

import pytest

from okrflow.actors import SYSTEM
from okrflow.audit.models import AuditEntry
from okrflow.errors import DomainError
from okrflow.okrs.models import KeyResult, Objective, ObjectiveStatus
from okrflow.okrs.services import (
    create_key_result,
    create_objective,
    delete_key_result,
    delete_objective,
    update_key_result,
    update_objective,
)
from tests.okrs.factories import make_key_result, make_objective


@pytest.fixture
def published(q1, bob):
    objective = make_objective(q1, owner=bob, title="Ship the app")
    make_key_result(objective, start=0, target=10, title="10 paying teams")
    return update_objective(SYSTEM, objective, status=ObjectiveStatus.PUBLISHED)


def refused(call) -> DomainError:
    entries = AuditEntry.objects.count()
    with pytest.raises(DomainError) as error:
        call()
    assert AuditEntry.objects.count() == entries  # nothing stored
    return error.value


@pytest.mark.parametrize("changes", [{"title": "Ship it later"}, {"description": "now different"},
                                     {"owner_person": "alice"}, {"parent_objective": "company"}])
def test_a_published_objectives_locked_fields_cannot_change(published, bob, alice, org, q1, changes):
    others = {"alice": alice, "company": make_objective(q1)}
    changes = {k: others.get(v, v) for k, v in changes.items()}
    error = refused(lambda: update_objective(bob if "owner_person" not in changes else SYSTEM,
                                             published, **changes))
    assert error.code == "locked" and "published" in error.message
    stored = Objective.objects.get(pk=published.pk)
    assert (stored.title, stored.owner_person_id, stored.version) == (
        "Ship the app", bob.pk, published.version)


def test_a_published_objective_keeps_its_unlocked_fields_open(published, bob):
    assert update_objective(bob, published, visibility="private").visibility == "private"


def test_sending_a_published_objectives_unchanged_title_is_no_change(published, bob):
    assert update_objective(bob, published, title="Ship the app").version == published.version


@pytest.mark.parametrize("changes", [{"title": "12 paying teams"}, {"target_value": 12},
                                     {"start_value": 1}, {"weight": 2}, {"kind": "percent"}])
def test_a_published_key_results_locked_fields_cannot_change(published, bob, changes):
    kr = published.key_results.get()
    error = refused(lambda: update_key_result(bob, kr, **changes))
    assert error.code == "locked"
    stored = KeyResult.objects.get(pk=kr.pk)
    assert (stored.title, stored.target_value, stored.version) == (kr.title, Decimal(10), kr.version)


def test_a_published_key_result_keeps_its_owner_and_due_date_open(published, bob, alice):
    kr = published.key_results.get()
    assert update_key_result(bob, kr, owner=alice).owner == alice


def test_no_key_result_is_added_to_or_deleted_from_a_published_objective(published, bob):
    error = refused(lambda: create_key_result(bob, published, title="One more", target_value=3))
    assert error.code == "locked"
    assert refused(lambda: delete_key_result(bob, published.key_results.get())).code == "locked"
    assert published.key_results.count() == 1


def test_a_published_objective_is_never_deleted(published, bob):
    assert refused(lambda: delete_objective(bob, published)).code == "locked"
    assert Objective.objects.filter(pk=published.pk).exists()


def test_a_closed_objective_changes_nothing_at_all(q1, bob):
    closed = make_objective(q1, owner=bob, status=ObjectiveStatus.CLOSED)
    assert refused(lambda: update_objective(bob, closed, visibility="private")).code == "locked"


def test_a_person_cannot_change_an_objectives_state_by_editing_it(q1, bob):
    draft = make_objective(q1, owner=bob, status=ObjectiveStatus.DRAFT)
    error = refused(lambda: update_objective(bob, draft, status=ObjectiveStatus.AGREED))
    assert error.code == "bad_transition" and error.field == "status"


def test_a_person_cannot_create_an_objective_already_published(org, q1, bob):
    error = refused(lambda: create_objective(bob, org, cycle=q1, title="Sneaky",
                                             status=ObjectiveStatus.PUBLISHED))
    assert error.code == "bad_transition"


def test_drafts_and_agreed_objectives_stay_open_to_edits(q1, bob):
    for status in (ObjectiveStatus.DRAFT, ObjectiveStatus.PROPOSED, ObjectiveStatus.AGREED):
        objective = make_objective(q1, owner=bob, status=status)
        kr = make_key_result(objective)
        assert update_objective(bob, objective, title="Better words").title == "Better words"
        assert update_key_result(bob, kr, target_value=5).target_value == 5
        delete_objective(bob, objective)


def test_okrs_are_not_on_the_django_admin_site_so_it_cannot_skip_the_gate():
    from django.contrib import admin
    assert Objective not in admin.site._registry and KeyResult not in admin.site._registry
