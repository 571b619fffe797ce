"""Columns: the leader sorts the group's cards into at most five (a sixth is refused), writes each
up as an objective and ranks them; the plenary merges them; the company head has the final word."""

import pytest

from okrflow.errors import AccessDenied, DomainError
from okrflow.workshops import cocreation
from okrflow.workshops.groups import form_groups
from okrflow.workshops.models import Card, Column, Decision, Event, Group, Participant, Role, Stage

from .conftest import as_room, guests, seat, set_stage


@pytest.fixture
def sorting(workshop, alice):
    """Two groups of six, each member with one card, the item in its sorting step."""
    guests(workshop, 12)
    form_groups(alice, workshop, seed=21)
    for n, member in enumerate(Participant.objects.filter(workshop=workshop).order_by("id")):
        cocreation.add_card(member, f"把交付周期缩短到{n + 1}周")
    set_stage(workshop, Stage.SORT)
    return workshop


def leader_of(workshop, number):
    group = Group.objects.get(workshop=workshop, number=number)
    return group, Participant.objects.get(group=group, is_leader=True)


def counts():
    return Column.objects.count(), Event.objects.count(), list(Card.objects.values_list("id", "column_id"))


def test_the_leader_opens_five_columns_and_a_sixth_is_refused_storing_nothing(sorting):
    group, leader = leader_of(sorting, 1)
    room = as_room(leader, sorting)
    for n in range(5):
        cocreation.add_column(room, group, keyword=f"关键词{n}")
    before = counts()
    with pytest.raises(DomainError) as refused:
        cocreation.add_column(room, group)
    assert refused.value.code == "too_many_columns"
    assert "at most 5 columns" in str(refused.value)
    assert counts() == before


def test_a_member_who_is_not_the_leader_does_not_sort(sorting):
    group, _leader = leader_of(sorting, 1)
    member = Participant.objects.filter(group=group, is_leader=False).first()
    with pytest.raises(AccessDenied):
        cocreation.add_column(as_room(member, sorting), group)
    assert Column.objects.count() == 0


def test_another_groups_leader_does_not_sort_this_group(sorting):
    group, _ = leader_of(sorting, 1)
    _, other_leader = leader_of(sorting, 2)
    with pytest.raises(AccessDenied):
        cocreation.add_column(as_room(other_leader, sorting), group)


def test_no_column_before_the_sorting_step(workshop, alice):
    guests(workshop, 6)
    form_groups(alice, workshop, seed=1)
    group, leader = leader_of(workshop, 1)
    with pytest.raises(DomainError) as refused:
        cocreation.add_column(as_room(leader, workshop), group)
    assert refused.value.code == "not_sorting"


def test_a_card_moves_into_a_column_of_its_group_and_back(sorting):
    group, leader = leader_of(sorting, 1)
    room = as_room(leader, sorting)
    column = cocreation.add_column(room, group, keyword="交付")
    first, second = Card.objects.filter(group=group).order_by("id")[:2]
    cocreation.move_card(room, first, column)
    cocreation.move_card(room, second, column, position=0)
    assert [c.pk for c in Card.objects.filter(column=column).order_by("position")] == [second.pk, first.pk]
    cocreation.move_card(room, second, None)
    second.refresh_from_db()
    assert second.column_id is None
    assert Event.objects.filter(kind="card_moved").count() == 3


def test_a_card_does_not_go_into_another_groups_column(sorting, alice):
    group, _ = leader_of(sorting, 1)
    other, _ = leader_of(sorting, 2)
    room = as_room(alice, sorting)
    column = cocreation.add_column(room, other)
    card = Card.objects.filter(group=group).first()
    with pytest.raises(DomainError) as refused:
        cocreation.move_card(room, card, column)
    assert refused.value.code == "other_group"
    card.refresh_from_db()
    assert card.column_id is None


def test_a_column_gets_a_keyword_and_an_objective_and_columns_are_ranked(sorting):
    group, leader = leader_of(sorting, 1)
    room = as_room(leader, sorting)
    a = cocreation.add_column(room, group)
    b = cocreation.add_column(room, group)
    cocreation.write_up_column(room, a, keyword="交付", title="让每个版本两周内交付到客户手中")
    a.refresh_from_db()
    assert (a.keyword, a.title) == ("交付", "让每个版本两周内交付到客户手中")
    cocreation.rank_columns(room, group, [b.pk, a.pk])
    ranked = Column.objects.filter(group=group).order_by("rank").values_list("pk", flat=True)
    assert list(ranked) == [b.pk, a.pk]
    with pytest.raises(DomainError) as refused:
        cocreation.rank_columns(room, group, [b.pk])
    assert refused.value.code == "bad_ranking"
    assert Column.objects.get(pk=b.pk).rank == 1


def test_the_plenary_merges_the_groups_columns(sorting, alice, bob):
    g1, l1 = leader_of(sorting, 1)
    g2, l2 = leader_of(sorting, 2)
    c1 = cocreation.add_column(as_room(l1, sorting), g1, keyword="交付")
    c2 = cocreation.add_column(as_room(l2, sorting), g2, keyword="速度")
    set_stage(sorting, Stage.PLENARY)
    plenary = cocreation.add_column(as_room(alice, sorting), None, keyword="交付速度")
    with pytest.raises(AccessDenied):
        cocreation.add_column(as_room(l1, sorting), None)
    cocreation.merge_column(alice, c1, plenary)
    cocreation.merge_column(alice, c2, plenary)
    assert set(plenary.merged.values_list("pk", flat=True)) == {c1.pk, c2.pk}
    with pytest.raises(DomainError):
        cocreation.merge_column(alice, c1, c2)  # into a group's column: no
    with pytest.raises(AccessDenied):
        cocreation.merge_column(bob, c1, None)
    board = {c.pk: c for c in cocreation.board(sorting, sorting.current_item)}
    assert {c.pk for c in board[plenary.pk].merged_list} == {c1.pk, c2.pk}


def test_the_company_head_observing_records_the_final_word(sorting, org, carol, alice):
    root = org.root_unit()
    root.head = carol
    root.save(update_fields=["head"])
    ceo = seat(sorting, carol, role=Role.OBSERVER)
    decision = cocreation.record_final_word(as_room(ceo, sorting), "以交付速度为第一目标")
    assert decision.is_final_word and decision.recorded_by == ceo
    on_behalf = cocreation.record_final_word(as_room(alice, sorting), "同意")
    assert on_behalf.is_final_word


def test_an_observer_who_is_not_the_company_head_and_a_participant_record_no_final_word(sorting, bob, carol):
    observer = seat(sorting, carol, role=Role.OBSERVER)
    participant = Participant.objects.filter(workshop=sorting, role=Role.PARTICIPANT).first()
    for who in (observer, participant):
        with pytest.raises(AccessDenied):
            cocreation.record_final_word(as_room(who, sorting), "以交付速度为第一目标")
    assert Decision.objects.count() == 0
