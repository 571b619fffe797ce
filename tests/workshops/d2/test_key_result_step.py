"""The key-result step: groups claim 2–3 objectives, brainstorm their key results on cards, sort
them into key-result columns for a claimed objective, and promotion makes draft key results of
those objectives — never draft objectives. Every refusal stores nothing."""

from decimal import Decimal

import pytest

from okrflow.errors import AccessDenied, DomainError
from okrflow.okrs.models import KeyResult, KeyResultKind, Objective
from okrflow.workshops import cocreation, key_results, outcomes
from okrflow.workshops.models import (
    AgendaItem,
    Card,
    CardKind,
    Column,
    Event,
    GroupObjective,
    Method,
    Stage,
)
from tests.okrs.factories import make_objective
from tests.workshops.d2.conftest import room, seat_of


def _sorting(admin, item):
    cocreation.set_stage(admin, item, Stage.SORT)
    item.refresh_from_db()


def test_a_group_claims_three_objectives_and_a_fourth_is_refused_storing_nothing(
        workshop, groups, objectives, bob):
    one, _ = groups
    leader = room(bob, workshop)
    for objective in objectives[:3]:
        key_results.claim_objective(leader, one, objective)
    events = Event.objects.filter(workshop=workshop).count()
    with pytest.raises(DomainError) as refused:
        key_results.claim_objective(leader, one, objectives[3])
    assert refused.value.code == "too_many_claims"
    assert str(refused.value.message) == ("A group claims at most 3 objectives; give one back before "
                                          "claiming another.")
    assert GroupObjective.objects.filter(group=one).count() == 3
    assert Event.objects.filter(workshop=workshop).count() == events


def test_claiming_the_same_objective_twice_keeps_one_claim(workshop, groups, objectives, bob):
    one, _ = groups
    first = key_results.claim_objective(room(bob, workshop), one, objectives[0])
    again = key_results.claim_objective(room(bob, workshop), one, objectives[0])
    assert first.pk == again.pk and GroupObjective.objects.count() == 1


def test_two_groups_may_claim_the_same_objective(workshop, groups, objectives, bob, carol):
    one, two = groups
    key_results.claim_objective(room(bob, workshop), one, objectives[0])
    key_results.claim_objective(room(carol, workshop), two, objectives[0])
    assert GroupObjective.objects.filter(objective=objectives[0]).count() == 2


def test_only_the_groups_leader_or_the_facilitator_claims_for_it(workshop, groups, objectives,
                                                                  alice, carol, admin):
    one, _ = groups
    for person in (alice, carol):  # a member of group 1; the leader of group 2
        with pytest.raises(AccessDenied):
            key_results.claim_objective(room(person, workshop), one, objectives[0])
    assert not GroupObjective.objects.exists()
    key_results.claim_objective(room(admin, workshop), one, objectives[0])
    assert GroupObjective.objects.filter(group=one).count() == 1


def test_an_objective_outside_the_meetings_cycle_or_company_is_refused(workshop, groups, bob, year, q1,
                                                                       tech, mallory):
    one, _ = groups
    annual = make_objective(year, title="年度目标")
    departments = make_objective(q1, owner=tech, title="技术中心的目标")
    for objective in (annual, departments):
        with pytest.raises(DomainError) as refused:
            key_results.claim_objective(room(bob, workshop), one, objective)
        assert refused.value.code == "not_claimable"
    assert not GroupObjective.objects.exists()
    assert AgendaItem.objects.get(pk=workshop.current_item_id).card_kind == CardKind.OBJECTIVE


def test_an_objective_the_meeting_promoted_is_claimable_whoever_owns_it(workshop, groups, bob, admin,
                                                                        q1, tech):
    one, _ = groups
    promoted = make_objective(q1, owner=tech, title="会上产生的部门目标")
    Column.objects.create(organization_id=workshop.organization_id, workshop=workshop, title="x",
                          objective=promoted)
    assert promoted in key_results.claimable_objectives(workshop)
    key_results.claim_objective(room(bob, workshop), one, promoted)
    assert GroupObjective.objects.get().objective == promoted


def test_the_first_claim_makes_the_items_cards_key_result_ideas(workshop, item, groups, objectives,
                                                                alice, bob):
    one, _ = groups
    early = cocreation.add_card(seat_of(workshop, alice), "客户回访率达到九成")
    key_results.claim_objective(room(bob, workshop), one, objectives[0])
    later = cocreation.add_card(seat_of(workshop, bob), "投诉响应缩短到一小时")
    item.refresh_from_db()
    assert item.card_kind == CardKind.KEY_RESULT
    assert {c.kind for c in Card.objects.filter(pk__in=[early.pk, later.pk])} == {CardKind.KEY_RESULT}


def test_objectives_are_not_claimed_on_an_item_already_sorted_as_objectives(workshop, item, groups,
                                                                          objectives, admin, bob):
    one, _ = groups
    _sorting(admin, item)
    cocreation.add_column(room(bob, workshop), one, keyword="客户")
    with pytest.raises(DomainError) as refused:
        key_results.claim_objective(room(bob, workshop), one, objectives[0])
    assert refused.value.code == "objective_item"
    item.refresh_from_db()
    assert item.card_kind == CardKind.OBJECTIVE and not GroupObjective.objects.exists()


def test_objectives_are_claimed_during_a_co_creation_item_only(workshop, groups, objectives, bob):
    talk = AgendaItem.objects.create(organization_id=workshop.organization_id, workshop=workshop, position=1,
                                     title="背景", minutes=10, method=Method.TALK)
    workshop.current_item = talk
    workshop.save(update_fields=["current_item"])
    with pytest.raises(DomainError) as refused:
        key_results.claim_objective(room(bob, workshop), groups[0], objectives[0])
    assert refused.value.code == "not_cocreation" and not GroupObjective.objects.exists()


def test_a_key_result_column_is_for_an_objective_its_group_claimed(workshop, item, groups, objectives,
                                                                   admin, bob, carol):
    one, two = groups
    key_results.claim_objective(room(bob, workshop), one, objectives[0])
    key_results.claim_objective(room(carol, workshop), two, objectives[1])
    _sorting(admin, item)
    with pytest.raises(DomainError) as refused:
        cocreation.add_column(room(bob, workshop), one, keyword="收入", for_objective=objectives[1])
    assert refused.value.code == "objective_not_claimed"
    assert not Column.objects.exists()
    column = cocreation.add_column(room(bob, workshop), one, keyword="客户", for_objective=objectives[0])
    assert column.kind == CardKind.KEY_RESULT and column.for_objective == objectives[0]


def test_an_objective_column_is_not_given_an_objective_to_serve(workshop, item, groups, objectives,
                                                                admin, bob):
    _sorting(admin, item)
    with pytest.raises(DomainError) as refused:
        cocreation.add_column(room(bob, workshop), groups[0], for_objective=objectives[0])
    assert refused.value.code == "not_key_results" and not Column.objects.exists()


def test_the_column_limit_counts_a_groups_columns_for_one_objective(workshop, item, groups, objectives,
                                                                    admin, bob):
    one, _ = groups
    for objective in objectives[:2]:
        key_results.claim_objective(room(bob, workshop), one, objective)
    _sorting(admin, item)
    leader = room(bob, workshop)
    for n in range(workshop.max_columns):
        cocreation.add_column(leader, one, keyword=f"客户{n}", for_objective=objectives[0])
    with pytest.raises(DomainError) as refused:
        cocreation.add_column(leader, one, keyword="第六个", for_objective=objectives[0])
    assert refused.value.code == "too_many_columns"
    assert Column.objects.filter(for_objective=objectives[0]).count() == workshop.max_columns
    cocreation.add_column(leader, one, keyword="收入", for_objective=objectives[1])
    assert Column.objects.filter(group=one).count() == workshop.max_columns + 1


def test_the_objective_of_a_column_is_chosen_among_its_groups_claims(workshop, item, groups, objectives,
                                                                     admin, bob, carol):
    one, two = groups
    key_results.claim_objective(room(bob, workshop), one, objectives[0])
    key_results.claim_objective(room(carol, workshop), two, objectives[1])
    _sorting(admin, item)
    column = cocreation.add_column(room(bob, workshop), one, keyword="客户")
    with pytest.raises(DomainError) as refused:
        key_results.set_column_objective(room(bob, workshop), column, objectives[1])
    assert refused.value.code == "objective_not_claimed"
    with pytest.raises(AccessDenied):
        key_results.set_column_objective(room(carol, workshop), column, objectives[1])
    column.refresh_from_db()
    assert column.for_objective is None and column.version == 1
    key_results.set_column_objective(room(bob, workshop), column, objectives[0])
    column.refresh_from_db()
    assert column.for_objective == objectives[0]
    with pytest.raises(DomainError) as refused:
        key_results.release_objective(room(bob, workshop), GroupObjective.objects.get(group=one))
    assert refused.value.code == "claim_in_use" and GroupObjective.objects.filter(group=one).exists()


def test_a_target_that_is_not_a_number_is_refused_storing_nothing(workshop, item, groups, objectives,
                                                                  admin, bob):
    key_results.claim_objective(room(bob, workshop), groups[0], objectives[0])
    _sorting(admin, item)
    column = cocreation.add_column(room(bob, workshop), groups[0], for_objective=objectives[0])
    for bad in ("二十", "1e400", "NaN"):
        with pytest.raises(DomainError) as refused:
            key_results.set_column_target(room(bob, workshop), column, bad, "家")
        assert refused.value.field == "target_value"
    column.refresh_from_db()
    assert column.target_value is None and column.target_unit == ""
    key_results.set_column_target(room(bob, workshop), column, "1,200", "万元")
    column.refresh_from_db()
    assert column.target_value == Decimal("1200") and column.target_unit == "万元"


def test_the_plenary_merges_key_results_of_the_same_objective_only(workshop, item, groups, objectives,
                                                                   admin, bob, carol):
    one, two = groups
    key_results.claim_objective(room(bob, workshop), one, objectives[0])
    key_results.claim_objective(room(carol, workshop), two, objectives[1])
    _sorting(admin, item)
    ones = cocreation.add_column(room(bob, workshop), one, for_objective=objectives[0])
    plenary = cocreation.add_column(room(admin, workshop), None, for_objective=objectives[1])
    with pytest.raises(DomainError) as refused:
        cocreation.merge_column(admin, ones, plenary)
    assert refused.value.code == "other_objective"
    ones.refresh_from_db()
    assert ones.merged_into is None


def _key_result_board(workshop, item, groups, objectives, admin, bob, carol, alice):
    """Group 1 brainstorms key results of objective 0, group 2 of objective 1; each writes one up."""
    one, two = groups
    key_results.claim_objective(room(bob, workshop), one, objectives[0])
    key_results.claim_objective(room(bob, workshop), one, objectives[2])
    key_results.claim_objective(room(carol, workshop), two, objectives[1])
    key_results.claim_objective(room(carol, workshop), two, objectives[2])
    cards = {person: cocreation.add_card(seat_of(workshop, person), text)
             for person, text in ((alice, "客户回访率达到九成"), (carol, "新增二十家大客户了"))}
    _sorting(admin, item)
    first = cocreation.add_column(room(bob, workshop), one, keyword="回访", for_objective=objectives[0])
    cocreation.move_card(room(bob, workshop), cards[alice], first)
    cocreation.write_up_column(room(bob, workshop), first, title="客户回访率从60%提升到90%")
    key_results.set_column_target(room(bob, workshop), first, "90", "%")
    second = cocreation.add_column(room(carol, workshop), two, keyword="新客", for_objective=objectives[1])
    cocreation.move_card(room(carol, workshop), cards[carol], second)
    cocreation.write_up_column(room(carol, workshop), second, title="新签二十家年费大客户")
    return first, second


def test_key_result_columns_become_draft_key_results_of_their_objective_never_objectives(
        workshop, item, groups, objectives, admin, alice, bob, carol, q1):
    first, second = _key_result_board(workshop, item, groups, objectives, admin, bob, carol, alice)
    # An objective brainstorm of an earlier item, with its own column.
    earlier = AgendaItem.objects.create(organization_id=workshop.organization_id, workshop=workshop,
                                        position=0, title="年度目标", minutes=15, method=Method.COCREATION)
    idea = Column.objects.create(organization_id=workshop.organization_id, workshop=workshop,
                                 agenda_item=earlier, group=groups[0], title="成为客户首选", rank=1)
    assert list(outcomes.result_columns(workshop)) == [idea]
    assert list(outcomes.result_columns(workshop, CardKind.KEY_RESULT)) == [first, second]

    before = Objective.objects.count()
    outcomes.promote_objectives(admin, workshop)
    assert Objective.objects.count() == before + 1
    promotion = outcomes.promote_key_results(admin, workshop)
    made = {c.pk: c.key_result for c in promotion.created}
    assert made[first.pk].objective == objectives[0] and made[second.pk].objective == objectives[1]
    assert (made[first.pk].kind, made[first.pk].target_value, made[first.pk].unit) == (
        KeyResultKind.NUMBER, Decimal("90"), "%")
    assert (made[second.pk].kind, made[second.pk].target_value) == (KeyResultKind.PERCENT, Decimal("100"))
    assert made[second.pk].title == "新签二十家年费大客户"
    assert outcomes.promote_key_results(admin, workshop).created == []
    assert KeyResult.objects.filter(objective__in=objectives).count() == 2


def test_a_plenary_for_one_objective_does_not_hide_the_groups_key_results_of_another(
        workshop, item, groups, objectives, admin, alice, bob, carol):
    first, second = _key_result_board(workshop, item, groups, objectives, admin, bob, carol, alice)
    cocreation.set_stage(admin, item, Stage.PLENARY)
    plenary = cocreation.add_column(room(admin, workshop), None, keyword="回访", for_objective=objectives[0])
    cocreation.write_up_column(room(admin, workshop), plenary, title="客户回访率提升到90%")
    cocreation.merge_column(admin, first, plenary)
    assert set(outcomes.result_columns(workshop, CardKind.KEY_RESULT)) == {plenary, second}


def test_a_plenary_of_one_item_does_not_hide_the_groups_results_of_another(workshop, groups, admin):
    items = [AgendaItem.objects.create(organization_id=workshop.organization_id, workshop=workshop,
                                       position=n, title=f"第{n}轮", minutes=15, method=Method.COCREATION)
             for n in (1, 2)]
    plenary = Column.objects.create(organization_id=workshop.organization_id, workshop=workshop,
                                    agenda_item=items[0], title="公司级目标", rank=1)
    group_result = Column.objects.create(organization_id=workshop.organization_id, workshop=workshop,
                                         agenda_item=items[1], group=groups[1], title="部门级目标", rank=1)
    assert list(outcomes.result_columns(workshop)) == [plenary, group_result]


def test_a_key_result_column_without_an_objective_is_refused_at_promotion_storing_nothing(
        workshop, item, groups, objectives, admin, alice, bob, carol):
    first, second = _key_result_board(workshop, item, groups, objectives, admin, bob, carol, alice)
    key_results.set_column_objective(room(carol, workshop), second, None)
    with pytest.raises(DomainError) as refused:
        outcomes.promote_key_results(admin, workshop)
    assert refused.value.code == "no_objective"
    assert not KeyResult.objects.filter(objective__in=objectives).exists()
    first.refresh_from_db()
    assert first.key_result is None
