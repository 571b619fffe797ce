"""The update wizard's writes (更新): continue an objective as a draft, carry an unfinished key
result only with a reason, the level above drafted first."""

from decimal import Decimal

import pytest

from okrflow.checkins.models import CheckIn
from okrflow.errors import AccessDenied, DomainError
from okrflow.okrs.models import KeyResult, Objective
from okrflow.retros.wizard import Carry, continue_objective, next_cycle_of
from tests.okrs.factories import make_checkin, make_key_result, make_objective


@pytest.fixture
def old(q1, bob):
    objective = make_objective(q1, owner=bob, title="Faster builds")
    make_key_result(objective, start=10, target=2, title="Build minutes")
    kr = make_key_result(objective, start=0, target=100, title="Tests on CI")
    make_checkin(kr, 40)
    return objective


def test_the_next_cycle_is_the_next_of_the_same_kind(q1, q2, year):
    assert next_cycle_of(q1) == q2
    assert next_cycle_of(q2) is None


def test_continuing_an_objective_copies_it_as_a_linked_draft_without_check_ins(old, q2, bob):
    draft = continue_objective(bob, old, q2)
    assert (draft.cycle, draft.status, draft.continued_from, draft.title, draft.owner_person) == (
        q2, "draft", old, "Faster builds", bob)
    assert not draft.key_results.exists()  # its key results only if chosen
    again = continue_objective(bob, old, q2, copy=[old.key_results.get(title="Build minutes")])
    assert again == draft
    copied = draft.key_results.get()
    assert (copied.start_value, copied.target_value, copied.current_value, copied.carried_from) == (
        Decimal(10), Decimal(2), Decimal(10), None)
    assert not CheckIn.objects.filter(key_result__objective=draft).exists()


def test_carrying_an_unfinished_key_result_starts_from_its_last_value_and_names_its_origin(old, q2, bob):
    kr = old.key_results.get(title="Tests on CI")
    draft = continue_objective(bob, old, q2, carry={kr: Carry("Half the suites still run locally")})
    carried = draft.key_results.get()
    assert (carried.start_value, carried.target_value, carried.current_value) == (
        Decimal(40), Decimal(100), Decimal(40))
    assert carried.carried_from == kr and carried.carry_reason == "Half the suites still run locally"


def test_carrying_can_keep_the_old_start_with_a_new_target(old, q2, bob):
    kr = old.key_results.get(title="Tests on CI")
    draft = continue_objective(bob, old, q2, carry={kr: Carry("Scope grew", target_value="150",
                                                              keep_start=True)})
    carried = draft.key_results.get()
    assert (carried.start_value, carried.target_value) == (Decimal(0), Decimal(150))


def test_keeping_the_old_start_needs_a_new_target(old, q2, bob):
    kr = old.key_results.get(title="Tests on CI")
    with pytest.raises(DomainError) as error:
        continue_objective(bob, old, q2, carry={kr: Carry("Scope grew", keep_start=True)})
    assert error.value.code == "target_required"


def test_carrying_without_a_reason_is_refused_and_nothing_is_stored(old, q2, bob):
    kr = old.key_results.get(title="Tests on CI")
    with pytest.raises(DomainError) as error:
        continue_objective(bob, old, q2, carry={kr: Carry("  ")})
    assert error.value.code == "carry_reason_required" and error.value.field == "carry_reason"
    assert not Objective.objects.filter(cycle=q2).exists()


def test_a_finished_key_result_is_not_carried(old, q2, bob):
    kr = old.key_results.get(title="Tests on CI")
    make_checkin(kr, 100, date=kr.last_checkin_date)
    kr.refresh_from_db()
    with pytest.raises(DomainError) as error:
        continue_objective(bob, old, q2, carry={kr: Carry("More")})
    assert error.value.code == "finished"


def test_a_key_result_of_another_objective_is_refused(old, q1, q2, bob):
    stranger = make_key_result(make_objective(q1, owner=bob))
    with pytest.raises(DomainError) as error:
        continue_objective(bob, old, q2, copy=[stranger])
    assert error.value.code == "bad_key_result"


def test_nothing_is_continued_into_an_earlier_cycle(old, q1, bob):
    with pytest.raises(DomainError) as error:
        continue_objective(bob, old, q1)
    assert error.value.code == "not_next_cycle"


def test_a_colleague_cannot_continue_someone_elses_objective(old, q2, carol):
    with pytest.raises(AccessDenied):
        continue_objective(carol, old, q2)
    assert not Objective.objects.filter(cycle=q2).exists()


def test_a_continued_objective_aligns_with_the_level_above_already_drafted(q1, q2, admin, alice, tech):
    company = make_objective(q1, title="Grow")
    department = make_objective(q1, owner=tech, parent_objective=company)
    company_draft = continue_objective(admin, company, q2)
    assert continue_objective(alice, department, q2).parent_objective == company_draft


def test_carried_key_results_keep_the_old_one_unchanged(old, q2, bob):
    kr = old.key_results.get(title="Tests on CI")
    continue_objective(bob, old, q2, carry={kr: Carry("Needed")})
    kr.refresh_from_db()
    assert (kr.current_value, kr.objective_id) == (Decimal(40), old.pk)
    assert KeyResult.objects.filter(carried_from=kr).count() == 1


def test_continuing_twice_copies_a_key_result_once_and_says_so(old, q2, bob):
    build = old.key_results.get(title="Build minutes")
    tests = old.key_results.get(title="Tests on CI")
    draft = continue_objective(bob, old, q2, copy=[build], carry={tests: Carry("Half the suites")})
    for again in ({"copy": [build]}, {"carry": {tests: Carry("Clicked twice")}}):
        with pytest.raises(DomainError) as refused:
            continue_objective(bob, old, q2, **again)
        assert refused.value.code == "already_copied"
        assert "is in the next cycle's draft already" in str(refused.value.message)
    assert sorted(draft.key_results.values_list("title", flat=True)) == ["Build minutes", "Tests on CI"]
