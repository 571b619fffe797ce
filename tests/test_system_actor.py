"""The console acts as an explicit system actor; a forgotten actor (None) is an error (issue 8)."""

import datetime

import pytest

from okrflow.actors import SYSTEM, is_system
from okrflow.audit.models import AuditEntry
from okrflow.checkins.services import record_checkin
from okrflow.cycles.models import Cycle
from okrflow.cycles.services import create_cycle
from okrflow.meetings.comments import add_comment
from okrflow.okrs.access import can_edit_objective
from okrflow.okrs.models import Objective
from okrflow.okrs.services import create_objective, update_objective
from okrflow.org.access import can_manage_structure
from okrflow.org.reader import reader_of
from okrflow.org.services import update_person
from tests.factories import make_cycle
from tests.okrs.factories import make_key_result, make_objective


@pytest.fixture
def cycle(org):
    return make_cycle(org)


@pytest.fixture
def bobs_kr(cycle, bob):
    return make_key_result(make_objective(cycle, owner=bob))


def test_creating_an_objective_without_an_actor_is_an_error_and_stores_nothing(org, cycle, bob):
    with pytest.raises(TypeError, match="okrflow.actors.SYSTEM"):
        create_objective(None, org, cycle=cycle, title="Forgot who", owner_person=bob)
    assert not Objective.objects.filter(title="Forgot who").exists()


def test_changing_an_objective_without_an_actor_is_an_error(bobs_kr):
    objective = bobs_kr.objective
    with pytest.raises(TypeError):
        update_objective(None, objective, title="Changed by nobody")
    objective.refresh_from_db()
    assert objective.title != "Changed by nobody"


def test_a_check_in_without_an_actor_is_an_error(bobs_kr):
    with pytest.raises(TypeError):
        record_checkin(None, bobs_kr, value=10)
    assert not bobs_kr.checkins.exists()


def test_changing_a_person_without_an_actor_is_an_error(bob):
    with pytest.raises(TypeError):
        update_person(None, bob, name="Nobody's change")
    bob.refresh_from_db()
    assert bob.name != "Nobody's change"


def test_creating_a_cycle_without_an_actor_is_an_error(org):
    with pytest.raises(TypeError):
        create_cycle(None, org, code="Q9", name="Q9", kind="quarterly",
                     start_date=datetime.date(2026, 1, 1), end_date=datetime.date(2026, 3, 31))
    assert not Cycle.objects.filter(code="Q9").exists()


def test_commenting_without_an_actor_is_an_error(bobs_kr):
    with pytest.raises(TypeError):
        add_comment(None, bobs_kr, "Who said this?")


def test_the_access_rules_refuse_a_forgotten_actor(bobs_kr):
    with pytest.raises(TypeError):
        can_edit_objective(None, bobs_kr.objective)
    with pytest.raises(TypeError):
        can_manage_structure(None)
    with pytest.raises(TypeError):
        reader_of(None)


def test_the_system_actor_is_recorded_as_the_system_in_the_audit(org, cycle, bob):
    objective = create_objective(SYSTEM, org, cycle=cycle, title="By the console", owner_person=bob)
    entry = AuditEntry.objects.get(object_type="okrs.objective", object_id=str(objective.pk))
    assert (entry.actor, entry.by_system) == (None, True)


def test_a_person_is_recorded_as_that_person_not_the_system(org, cycle, bob):
    objective = create_objective(bob, org, cycle=cycle, title="By Bob", owner_person=bob)
    entry = AuditEntry.objects.get(object_type="okrs.objective", object_id=str(objective.pk))
    assert (entry.actor, entry.by_system) == (bob, False)


def test_a_real_person_is_never_treated_as_the_system(admin, bob, bobs_kr):
    assert not is_system(admin) and not is_system(bob) and is_system(SYSTEM)
    assert not reader_of(bob).everything
    assert str(SYSTEM) == "system"


def test_the_system_reader_sees_everything():
    assert reader_of(SYSTEM).everything
