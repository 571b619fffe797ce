"""Dot votes are a budget per board (the co-creation item being voted on), not per meeting: the
company workshop votes on its objective ideas and again on its key-result ideas, and the second
round must neither find everyone's dots spent nor count the first round's dots."""

import pytest

from okrflow.errors import DomainError
from okrflow.workshops import voting
from okrflow.workshops.models import AgendaItem, Column, Method, Stage, Vote
from tests.workshops.c.conftest import make_workshop, seat


@pytest.fixture
def two_rounds(org, alice, bob):
    workshop = make_workshop(org, alice, vote_budget=3, max_votes_per_column=3)
    first = workshop.current_item
    second = AgendaItem.objects.create(organization=org, workshop=workshop, position=2, title="关键结果",
                                       minutes=30, method=Method.COCREATION, stage=Stage.SORT)
    AgendaItem.objects.filter(pk=first.pk).update(stage=Stage.SORT)
    columns = {item.pk: [Column.objects.create(organization=org, workshop=workshop, agenda_item=item,
                                               keyword=f"列{n}", position=n) for n in range(2)]
               for item in (first, second)}
    voter = seat(workshop, bob)
    for _ in range(3):
        voting.cast_vote(voter, columns[first.pk][0])
    workshop.current_item = second
    workshop.save(update_fields=["current_item"])
    return workshop, voter, columns[first.pk], columns[second.pk]


def test_the_second_rounds_votes_have_a_budget_of_their_own(two_rounds):
    workshop, voter, _first, second = two_rounds
    for _ in range(3):
        voting.cast_vote(voter, second[1])
    assert Vote.objects.filter(participant=voter, column=second[1]).count() == 3
    with pytest.raises(DomainError) as refused:
        voting.cast_vote(voter, second[0])
    assert refused.value.code == "vote_budget_spent"


def test_a_vote_on_or_off_a_column_of_an_earlier_board_is_refused_storing_nothing(two_rounds):
    workshop, voter, first, _second = two_rounds
    newcomer = seat(workshop, guest_name="访客", guest_key="r-vote-guest")
    before = Vote.objects.count()
    with pytest.raises(DomainError) as refused:
        voting.cast_vote(newcomer, first[1])
    assert refused.value.code == "not_on_board"
    assert str(refused.value.message) == "This column is not on the board being voted on now."
    with pytest.raises(DomainError) as refused:
        voting.retract_vote(voter, first[0])
    assert refused.value.code == "not_on_board"
    assert Vote.objects.count() == before


def test_the_panels_dots_and_totals_are_the_current_boards(two_rounds, alice):
    workshop, voter, first, second = two_rounds
    voting.cast_vote(voter, second[0])
    assert voting.my_votes(voter) == {second[0].pk: 1}
    assert sum(voting.spent_by_seat(workshop).values()) == 1
    voting.reveal_votes(alice, workshop)
    workshop.refresh_from_db()
    assert voting.totals(workshop) == {second[0].pk: 1}
    assert Vote.objects.filter(column=first[0]).count() == 3      # the first round's result is kept


def test_a_new_co_creation_item_hides_the_totals_revealed_on_the_last_board(org, alice, bob):
    from okrflow.workshops import timer
    from okrflow.workshops.models import Event, Workshop

    workshop = make_workshop(org, alice)
    AgendaItem.objects.create(organization=org, workshop=workshop, position=2, title="关键结果", minutes=30,
                              method=Method.COCREATION)
    workshop.state, workshop.current_item = "scheduled", None
    workshop.save(update_fields=["state", "current_item"])
    timer.start_meeting(alice, workshop)                       # the objectives' co-creation
    voting.reveal_votes(alice, workshop)
    timer.next_item(alice, Workshop.objects.get(pk=workshop.pk))  # the vote item: still revealed
    assert Workshop.objects.get(pk=workshop.pk).votes_revealed
    timer.next_item(alice, Workshop.objects.get(pk=workshop.pk))  # the key results' co-creation
    workshop.refresh_from_db()
    assert not workshop.votes_revealed and voting.totals(workshop) is None
    assert Event.objects.filter(workshop=workshop, kind="votes_hidden").count() == 1
