"""Who sees, changes and checks in on which OKRs, over the personas."""

import pytest

from okrflow.checkins.models import CheckIn
from okrflow.checkins.services import record_checkin
from okrflow.errors import AccessDenied, NotFound
from okrflow.okrs.access import (
    OWNER_RELATIONS,
    can_check_in,
    can_edit_objective,
    can_see_objective,
    get_key_result,
    get_objective,
    visible_among,
    visible_key_results,
    visible_objectives,
    with_rights,
)
from okrflow.okrs.models import Objective
from okrflow.okrs.services import update_objective
from okrflow.org.models import Role
from tests.factories import make_cycle, make_person, make_unit
from tests.okrs.factories import make_key_result, make_objective


@pytest.fixture
def bobs_private(q1, bob):
    return make_objective(q1, owner=bob, visibility="private", title="Bob 的个人目标")


def test_everyone_in_the_organization_sees_public_objectives(q1, tech, carol):
    objective = make_objective(q1, owner=tech)
    assert get_objective(carol, objective.pk) == (objective, False)


def test_a_private_objective_is_seen_by_its_owner_the_managers_and_admins(bobs_private, bob, alice, admin):
    for person in (bob, alice, admin):
        assert bobs_private in visible_objectives(person)


def test_a_private_objective_is_not_found_for_a_colleague(bobs_private, carol):
    assert bobs_private not in visible_objectives(carol)
    with pytest.raises(NotFound):
        get_objective(carol, bobs_private.pk)


def test_a_private_unit_objective_is_seen_by_the_unit_and_the_heads_above(q1, org, tech, bob, carol, alice):
    team = make_unit(org, code="TEAM", parent=tech)
    member = make_person(org, unit=team)
    objective = make_objective(q1, owner=team, visibility="private")
    assert objective in visible_objectives(member)
    assert objective in visible_objectives(alice)  # heads TECH, above TEAM
    assert objective not in visible_objectives(bob)
    assert objective not in visible_objectives(carol)


def test_another_organizations_objective_is_not_found(bobs_private, mallory):
    with pytest.raises(NotFound):
        get_objective(mallory, bobs_private.pk)
    kr = make_key_result(bobs_private)
    with pytest.raises(NotFound):
        get_key_result(mallory, kr.pk)


@pytest.mark.parametrize("bad_id", ["abc", None, -1, 10**30])
def test_a_malformed_id_is_not_found(bob, bad_id):
    with pytest.raises(NotFound):
        get_objective(bob, bad_id)


def test_people_edit_their_own_okrs_but_not_a_colleagues(q1, bob, carol):
    objective = make_objective(q1, owner=bob)
    assert can_edit_objective(bob, objective)
    assert not can_edit_objective(carol, objective)
    with pytest.raises(AccessDenied):
        update_objective(carol, objective, title="改掉")


def test_a_manager_edits_a_reports_okr(q1, alice, bob):
    objective = make_objective(q1, owner=bob)
    update_objective(alice, objective, title="由经理修改")
    objective.refresh_from_db()
    assert objective.title == "由经理修改"


def test_a_manager_edits_the_units_okrs_but_a_member_does_not(q1, tech, alice, bob):
    objective = make_objective(q1, owner=tech)
    assert can_edit_objective(alice, objective)
    assert not can_edit_objective(bob, objective)


def test_a_report_does_not_edit_the_managers_okr(q1, alice, bob):
    assert not can_edit_objective(bob, make_objective(q1, owner=alice))


@pytest.mark.parametrize("role", [Role.ADMIN, Role.CHAMPION])
def test_admins_and_the_champion_edit_every_okr(q1, org, alice, role):
    person = make_person(org, role=role)
    company = make_objective(q1)
    assert can_edit_objective(person, company)
    assert can_edit_objective(person, make_objective(q1, owner=alice, visibility="private"))
    assert get_objective(person, company.pk)[1] is True


def test_nobody_edits_across_organizations(q1, mallory):
    assert not can_edit_objective(mallory, make_objective(q1))


def test_check_ins_by_the_kr_owner_the_objective_owner_and_managers(q1, tech, alice, bob, carol, admin):
    objective = make_objective(q1, owner=alice)
    kr = make_key_result(objective, owner=bob)
    assert can_check_in(bob, kr)      # the KR's owner
    assert can_check_in(alice, kr)    # the objective's owner and bob's manager
    assert can_check_in(admin, kr)
    assert not can_check_in(carol, kr)


def test_a_stranger_cannot_check_in_and_nothing_changes(q1, bob, carol):
    kr = make_key_result(make_objective(q1, owner=bob), owner=bob)
    with pytest.raises(AccessDenied):
        record_checkin(carol, kr, value=50)
    kr.refresh_from_db()
    assert (kr.current_value, kr.version, CheckIn.objects.count()) == (0, 1, 0)


def test_the_kr_owner_sees_the_private_objective_of_their_kr(q1, alice, carol):
    objective = make_objective(q1, owner=alice, visibility="private")
    make_key_result(objective, owner=carol)
    assert objective in visible_objectives(carol)


def test_visibility_is_one_query_set_for_lists(q1, org, bob, django_assert_max_num_queries):
    for _ in range(5):
        make_objective(q1, owner=bob)
    make_cycle(org)
    with django_assert_max_num_queries(2):  # the units bob heads, objectives
        assert len(list(visible_objectives(bob))) == 5


def test_the_quick_and_the_scoped_edit_checks_agree(q1, org, tech, admin, alice, bob, carol):
    team = make_unit(org, code="TEAM", parent=tech)
    dave = make_person(org, unit=team, manager=bob)
    owners = (org.root_unit(), tech, team, alice, bob, carol, dave)
    objectives = [make_objective(q1, owner=owner) for owner in owners]
    for person in (admin, alice, bob, carol, dave):
        annotated = dict(with_rights(Objective.objects.filter(pk__in=[o.pk for o in objectives]), person)
                         .values_list("pk", "can_edit"))
        assert [can_edit_objective(person, o) for o in objectives] == [
            bool(annotated[o.pk]) for o in objectives]
    assert [can_edit_objective(bob, o) for o in objectives] == [False, False, False, False, True, False, True]


def test_visible_key_results_follow_their_objective(q1, bob, carol):
    hidden = make_key_result(make_objective(q1, owner=bob, visibility="private"))
    shown = make_key_result(make_objective(q1, owner=bob))
    assert list(visible_key_results(carol)) == [shown]
    assert set(visible_key_results(bob)) == {hidden, shown}


def test_the_one_object_and_the_sql_visibility_checks_agree(q1, org, tech, sales, admin, alice, bob, carol):
    """access.can_see_objective (the objective page's check, no query) answers like
    visibility_q for every persona: public and private, person- and unit-owned, below and
    beside the reader, and the private objective of a key result the reader owns."""
    team = make_unit(org, code="TEAM", parent=tech)
    dave = make_person(org, unit=team, manager=bob)
    owners = (org.root_unit(), tech, team, sales, alice, bob, carol, dave)
    objectives = [make_objective(q1, owner=owner, visibility=visibility)
                  for owner in owners for visibility in ("public", "private")]
    carols_kr_on = make_objective(q1, owner=alice, visibility="private")
    make_key_result(carols_kr_on, owner=carol)
    objectives.append(carols_kr_on)
    for person in (admin, alice, bob, carol, dave):
        seen = set(visible_objectives(person).values_list("pk", flat=True))
        loaded = Objective.objects.filter(pk__in=[o.pk for o in objectives]).select_related(
            *OWNER_RELATIONS).prefetch_related("key_results")
        assert {o.pk for o in loaded if can_see_objective(person, o)} == seen, person
        # The objective page's linked objectives: decided partly in Python, partly in SQL.
        ids = {o.pk for o in objectives}
        assert set(visible_among(person, ids)) == seen & ids, person
    assert not can_see_objective(carol, objectives[3]) and can_see_objective(carol, carols_kr_on)


def test_the_linked_objectives_of_another_organization_are_never_seen(bobs_private, q1, mallory):
    public = make_objective(q1, owner=q1.organization.root_unit())
    assert visible_among(mallory, [public.pk, bobs_private.pk]) == {}


def test_another_organizations_objective_is_not_seen_by_the_one_object_check(bobs_private, q1, mallory):
    assert not can_see_objective(mallory, make_objective(q1, owner=q1.organization.root_unit()))
