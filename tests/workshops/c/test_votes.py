"""Dot votes: a budget a person, a cap a column, taken back at will, totals hidden until the
facilitator reveals them; racing votes on PostgreSQL never overspend the budget."""

import threading

import pytest
from django.db import close_old_connections, connection

from okrflow.errors import AccessDenied, DomainError
from okrflow.workshops import voting
from okrflow.workshops.models import Column, Event, Stage, Vote

from .conftest import set_stage


@pytest.fixture
def columns(workshop):
    set_stage(workshop, Stage.SORT)
    return [Column.objects.create(organization=workshop.organization, workshop=workshop,
                                  agenda_item=workshop.current_item, keyword=f"列{n}", position=n)
            for n in range(3)]


def test_a_participant_spends_the_budget_and_the_extra_vote_is_refused_storing_nothing(workshop, bobs_seat,
                                                                                       columns):
    for column in (columns[0], columns[0], columns[1], columns[1], columns[2]):
        voting.cast_vote(bobs_seat, column)
    before = Vote.objects.count(), Event.objects.count()
    with pytest.raises(DomainError) as refused:
        voting.cast_vote(bobs_seat, columns[2])
    assert refused.value.code == "vote_budget_spent"
    assert str(refused.value) == "You have spent all your 5 votes; take one back to vote elsewhere."
    assert (Vote.objects.count(), Event.objects.count()) == before


def test_each_vote_event_carries_the_voters_dots_after_it_and_no_column(workshop, bobs_seat, columns):
    voting.cast_vote(bobs_seat, columns[0])
    voting.cast_vote(bobs_seat, columns[1])
    voting.retract_vote(bobs_seat, columns[0])
    payloads = [(event.kind, event.payload) for event in
                Event.objects.filter(workshop=workshop, topic="votes").order_by("id")]
    item, seat = workshop.current_item_id, bobs_seat.pk
    assert payloads == [("vote_cast", {"participant": seat, "item": item, "spent": 1}),
                        ("vote_cast", {"participant": seat, "item": item, "spent": 2}),
                        ("vote_retracted", {"participant": seat, "item": item, "spent": 1})]
    assert voting.spent_by_seat(workshop) == {seat: 1}


def test_at_most_three_votes_of_one_person_on_one_column(workshop, bobs_seat, columns):
    for _ in range(3):
        voting.cast_vote(bobs_seat, columns[0])
    with pytest.raises(DomainError) as refused:
        voting.cast_vote(bobs_seat, columns[0])
    assert refused.value.code == "vote_column_cap"
    assert Vote.objects.count() == 3


def test_a_vote_taken_back_can_be_spent_elsewhere(workshop, bobs_seat, columns):
    workshop.vote_budget = 1
    workshop.save()
    voting.cast_vote(bobs_seat, columns[0])
    voting.retract_vote(bobs_seat, columns[0])
    voting.cast_vote(bobs_seat, columns[1])
    assert voting.my_votes(bobs_seat) == {columns[1].pk: 1}
    with pytest.raises(DomainError) as refused:
        voting.retract_vote(bobs_seat, columns[0])
    assert refused.value.code == "no_vote"


def test_observers_do_not_vote(workshop, carols_seat, columns):
    with pytest.raises(AccessDenied):
        voting.cast_vote(carols_seat, columns[0])
    assert Vote.objects.count() == 0


def test_totals_are_hidden_until_the_facilitator_reveals_them(workshop, alice, bob, bobs_seat, guest_seat,
                                                              columns):
    voting.cast_vote(bobs_seat, columns[0])
    voting.cast_vote(guest_seat, columns[0])
    workshop.refresh_from_db()
    assert voting.totals(workshop) is None
    assert sum(voting.spent_by_seat(workshop).values()) == 2
    assert all("column" not in e.payload for e in Event.objects.filter(topic="votes"))
    with pytest.raises(AccessDenied):
        voting.reveal_votes(bob, workshop)
    workshop = voting.reveal_votes(alice, workshop)
    assert voting.totals(workshop) == {columns[0].pk: 2}
    assert Event.objects.filter(kind="votes_revealed").count() == 1


def test_the_votes_go_to_the_board_items_columns_during_the_vote_item(workshop, columns):
    vote_item = workshop.items.get(method="vote")
    workshop.current_item = vote_item
    workshop.save(update_fields=["current_item"])
    assert list(voting.voting_columns(workshop)) == columns


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_racing_votes_on_postgresql_never_overspend_the_budget(org, alice, bob):
    from .conftest import make_workshop, seat

    workshop = make_workshop(org, alice, vote_budget=5, max_votes_per_column=5)
    set_stage(workshop, Stage.SORT)
    # Twelve taps on twelve columns: only the lock on the voter's seat stands between them.
    columns = [Column.objects.create(organization=org, workshop=workshop, agenda_item=workshop.current_item,
                                     position=n) for n in range(12)]
    voter = seat(workshop, bob)
    barrier, outcomes = threading.Barrier(12), []

    def vote(column):
        try:
            barrier.wait()
            voting.cast_vote(voter, column)
            outcomes.append("ok")
        except DomainError as error:
            outcomes.append(error.code)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=vote, args=(column,)) for column in columns]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("ok") == 5
    assert outcomes.count("vote_budget_spent") == 7
    assert Vote.objects.filter(participant=voter).count() == 5
