"""Cards: within the meeting's limits, one's own to edit while writing, private while writing
(others are counts, events carry no text); picks handed to the leader, revealed one by one."""

import pytest

from okrflow.audit.models import AuditEntry
from okrflow.errors import AccessDenied, DomainError, NotFound
from okrflow.workshops import cocreation
from okrflow.workshops.groups import form_groups
from okrflow.workshops.models import Card, Event, Participant, Stage

from .conftest import as_room, guests, set_stage

IDEA = "提升客户满意度到九十分"
TOO_LONG = "把客户满意度从七十分提升到九十分以上并且保持一整年"  # 25 characters


def stored():
    return Card.objects.count(), Event.objects.count(), AuditEntry.objects.count()


def test_a_participant_writes_a_card_and_the_event_carries_no_text(workshop, bobs_seat):
    card = cocreation.add_card(bobs_seat, f"  {IDEA} ")
    assert card.text == IDEA and card.agenda_item == workshop.current_item
    event = Event.objects.get(workshop=workshop, kind="card_added")
    assert event.payload == {"card": card.pk, "author": bobs_seat.pk, "group": None,
                             "item": workshop.current_item_id, "count": 1}
    assert IDEA not in str(event.payload)
    assert AuditEntry.objects.filter(action="workshop.card_added", actor=bobs_seat.person).exists()


def test_each_card_event_carries_its_authors_count_after_it_so_screens_need_no_fetch(workshop, bobs_seat):
    first = cocreation.add_card(bobs_seat, IDEA)
    cocreation.add_card(bobs_seat, IDEA + "二")
    cocreation.delete_card(bobs_seat, first)
    counts = [(event.kind, event.payload["count"], event.payload["item"]) for event in
              Event.objects.filter(workshop=workshop, topic="cards").order_by("id")]
    item = workshop.current_item_id
    assert counts == [("card_added", 1, item), ("card_added", 2, item), ("card_deleted", 1, item)]
    assert Card.objects.filter(author=bobs_seat).count() == 1


def test_a_guest_writes_a_card_audited_by_the_event_log_only(workshop, guest_seat):
    card = cocreation.add_card(guest_seat, IDEA)
    assert Event.objects.get(kind="card_added").actor == guest_seat
    assert not AuditEntry.objects.filter(object_id=str(card.pk), action="workshop.card_added").exists()


def test_a_25_character_card_is_refused_with_the_limit_and_nothing_is_stored(workshop, bobs_seat):
    before = stored()
    with pytest.raises(DomainError) as refused:
        cocreation.add_card(bobs_seat, TOO_LONG)
    assert str(refused.value) == "A card has at most 20 characters; this one has 25."
    assert refused.value.field == "text"
    assert stored() == before


def test_the_meetings_own_limits_apply(workshop, bobs_seat):
    workshop.card_min_chars, workshop.card_max_chars = 2, 4
    workshop.save()
    cocreation.add_card(bobs_seat, "提速")
    with pytest.raises(DomainError, match="at most 4 characters; this one has 5"):
        cocreation.add_card(bobs_seat, "提速提速提")


def test_the_sixth_card_is_refused_and_nothing_is_stored(workshop, bobs_seat):
    for n in range(5):
        cocreation.add_card(bobs_seat, f"{IDEA}{n}")
    before = stored()
    with pytest.raises(DomainError) as refused:
        cocreation.add_card(bobs_seat, IDEA)
    assert refused.value.code == "too_many_cards"
    assert stored() == before


def test_an_observer_writes_no_card(workshop, carols_seat):
    with pytest.raises(AccessDenied):
        cocreation.add_card(carols_seat, IDEA)
    assert Card.objects.count() == 0


def test_no_card_is_written_after_the_writing_step(workshop, bobs_seat):
    set_stage(workshop, Stage.SHARE)
    before = stored()
    with pytest.raises(DomainError) as refused:
        cocreation.add_card(bobs_seat, IDEA)
    assert refused.value.code == "writing_over"
    assert stored() == before


def test_one_edits_and_deletes_ones_own_card_while_writing(workshop, bobs_seat):
    card = cocreation.add_card(bobs_seat, IDEA)
    cocreation.edit_card(bobs_seat, card, "缩短交付周期到两周以内")
    card.refresh_from_db()
    assert card.text == "缩短交付周期到两周以内" and card.version == 2
    cocreation.delete_card(bobs_seat, card)
    assert not Card.objects.filter(pk=card.pk).exists()


def test_an_edit_outside_the_limits_keeps_the_card_as_it_was(workshop, bobs_seat):
    card = cocreation.add_card(bobs_seat, IDEA)
    before = stored()
    with pytest.raises(DomainError):
        cocreation.edit_card(bobs_seat, card, TOO_LONG)
    card.refresh_from_db()
    assert card.text == IDEA and stored() == before


def test_nobody_edits_or_deletes_another_persons_card(workshop, bobs_seat, guest_seat):
    card = cocreation.add_card(bobs_seat, IDEA)
    with pytest.raises(NotFound):
        cocreation.edit_card(guest_seat, card, "缩短交付周期到两周以内")
    with pytest.raises(NotFound):
        cocreation.delete_card(guest_seat, card)
    card.refresh_from_db()
    assert card.text == IDEA


def test_while_writing_each_sees_only_their_own_cards_and_the_others_as_counts(workshop, alice, bobs_seat,
                                                                               guest_seat):
    mine = cocreation.add_card(bobs_seat, IDEA)
    cocreation.add_card(guest_seat, "缩短交付周期到两周以内")
    item = workshop.current_item
    assert list(cocreation.visible_cards(as_room(bobs_seat, workshop), item)) == [mine]
    assert list(cocreation.visible_cards(as_room(alice, workshop), item)) == []
    assert cocreation.card_counts(workshop, item) == {bobs_seat.pk: 1, guest_seat.pk: 1}


def test_picks_go_to_the_leader_who_reveals_them_one_by_one(workshop, alice, bobs_seat):
    guests(workshop, 5)
    form_groups(alice, workshop, seed=11)
    leader = Participant.objects.get(workshop=workshop, is_leader=True)
    member = Participant.objects.filter(workshop=workshop, is_leader=False).first()
    first = cocreation.add_card(member, IDEA)
    second = cocreation.add_card(member, "缩短交付周期到两周以内")
    cocreation.pick_card(member, first)
    cocreation.pick_card(member, second)  # one pick a person: the second replaces the first
    assert list(Card.objects.filter(is_pick=True)) == [second]
    set_stage(workshop, Stage.SHARE)
    item = workshop.current_item
    others = Participant.objects.exclude(pk__in=[leader.pk, member.pk]).filter(workshop=workshop).first()
    assert second in cocreation.visible_cards(as_room(leader, workshop), item)
    assert second not in cocreation.visible_cards(as_room(others, workshop), item)
    with pytest.raises(AccessDenied):
        cocreation.reveal_pick(as_room(member, workshop), second)
    cocreation.reveal_pick(as_room(leader, workshop), second)
    assert second in cocreation.visible_cards(as_room(others, workshop), item)
    assert first not in cocreation.visible_cards(as_room(others, workshop), item)
    assert second in cocreation.visible_cards(as_room(alice, workshop), item)


def test_a_card_that_is_not_a_pick_is_not_revealed(workshop, alice, bobs_seat):
    card = cocreation.add_card(bobs_seat, IDEA)
    set_stage(workshop, Stage.SHARE)
    with pytest.raises(DomainError) as refused:
        cocreation.reveal_pick(as_room(alice, workshop), card)
    assert refused.value.code == "not_a_pick"


def test_only_the_facilitator_moves_the_stage_on(workshop, alice, bob, bobs_seat):
    with pytest.raises(AccessDenied):
        cocreation.set_stage(bob, workshop.current_item, Stage.SORT)
    cocreation.set_stage(alice, workshop.current_item, Stage.SORT)
    workshop.current_item.refresh_from_db()
    assert workshop.current_item.stage == Stage.SORT
    with pytest.raises(DomainError):
        cocreation.set_stage(alice, workshop.current_item, "nonsense")


def test_once_sorting_everyone_sees_every_card(workshop, bobs_seat, guest_seat):
    cocreation.add_card(bobs_seat, IDEA)
    cocreation.add_card(guest_seat, "缩短交付周期到两周以内")
    set_stage(workshop, Stage.SORT)
    assert cocreation.visible_cards(as_room(bobs_seat, workshop), workshop.current_item).count() == 2
