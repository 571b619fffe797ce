"""Dot votes (seed 001: 当有争议时,可以投票解决; Parabol's defaults: 5 votes a person, at most 3 on
one group of cards). Each participant spends at most `vote_budget` dots, at most
`max_votes_per_column` on one column, and may take a dot back.

A vote is one transaction that locks the voter's seat row (`select_for_update`) before it counts
their dots, so two taps racing on two app servers cannot spend one dot twice (the PostgreSQL
test races threads). The totals are hidden from everyone — the facilitator's screen and the
projector included, as in Parabol — until the facilitator reveals them (`votes_revealed`); until
then a reader sees their own dots and how many dots the room has spent, never a column's total.

The budget is per board (`cocreation.board_item`: the co-creation item whose columns are voted
on), not per meeting: the company workshop votes on its objective ideas and again on its
key-result ideas, and each round has the whole budget. A dot goes only to, and comes back only
from, a column of the board being voted on now, so an earlier round's result stays as it was.
"""

from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from okrflow.audit.log import record
from okrflow.errors import AccessDenied, DomainError, NotFound, locked
from okrflow.workshops.access import require_manage
from okrflow.workshops.cocreation import board_item
from okrflow.workshops.cocreation_rules import check_vote
from okrflow.workshops.log import record_event
from okrflow.workshops.models import Column, Participant, Role, State, Vote, Workshop


def _voter(seat) -> Participant:
    if seat is None or seat.role != Role.PARTICIPANT:
        raise AccessDenied(_("Only the meeting's participants vote; observers watch."))
    seat = locked(Participant.objects.select_related("workshop"), pk=seat.pk)
    if seat.workshop.state in (State.ENDED, State.CANCELLED):
        raise DomainError("meeting_over", _("This meeting is over; its board can no longer change."))
    return seat


def _on_board(workshop, column) -> Column:
    """`column` locked, when it is a column of the board being voted on now."""
    column = locked(Column.objects.filter(workshop=workshop), pk=column.pk)
    item = board_item(workshop)
    if item is None or column.agenda_item_id != item.pk:
        raise DomainError("not_on_board", _("This column is not on the board being voted on now."),
                          field="column")
    return column


def _board_votes(workshop):
    item = board_item(workshop)
    return Vote.objects.filter(workshop=workshop, column__agenda_item=item) if item else Vote.objects.none()


def cast_vote(seat: Participant, column: Column) -> Vote:
    """Put one of `seat`'s dots on `column`."""
    with transaction.atomic():
        seat = _voter(seat)
        workshop = seat.workshop
        column = _on_board(workshop, column)
        mine = Vote.objects.filter(participant=seat, column__agenda_item_id=column.agenda_item_id)
        spent = mine.count()
        check_vote(spent, mine.filter(column=column).count(), workshop.vote_budget,
                   workshop.max_votes_per_column)
        vote = Vote.objects.create(organization_id=workshop.organization_id, workshop=workshop,
                                   participant=seat, column=column)
        # The payload names no column: a column's total is hidden until the reveal. `spent` is the
        # voter's dots on the board now (the seat is locked: a later event, a later count); the
        # screens add them up for the room's count without a fetch.
        record_event(workshop, "votes", "vote_cast",
                     {"participant": seat.pk, "item": column.agenda_item_id, "spent": spent + 1}, actor=seat)
        if seat.person_id:
            record(column, "workshop.vote_cast", actor=seat.person)
    return vote


def retract_vote(seat: Participant, column: Column) -> None:
    """Take back one of `seat`'s dots from `column`."""
    with transaction.atomic():
        seat = _voter(seat)
        column = _on_board(seat.workshop, column)
        vote = Vote.objects.filter(participant=seat, column=column).order_by("-id").first()
        if vote is None:
            raise DomainError("no_vote", _("You have no vote on this column to take back."), field="column")
        vote.delete()
        spent = Vote.objects.filter(participant=seat, column__agenda_item_id=column.agenda_item_id).count()
        record_event(seat.workshop, "votes", "vote_retracted",
                     {"participant": seat.pk, "item": column.agenda_item_id, "spent": spent}, actor=seat)
        if seat.person_id:
            record(column, "workshop.vote_retracted", actor=seat.person)


def reveal_votes(actor, workshop, revealed: bool = True) -> Workshop:
    """The facilitator shows (or hides again) the columns' totals."""
    require_manage(actor, workshop)
    with transaction.atomic():
        workshop = locked(Workshop.objects.all(), pk=workshop.pk)
        if workshop.votes_revealed != revealed:
            workshop.votes_revealed, workshop.version = revealed, workshop.version + 1
            workshop.save(update_fields=["votes_revealed", "version"])
            record_event(workshop, "votes", "votes_revealed" if revealed else "votes_hidden",
                         {"revealed": revealed})
            record(workshop, "workshop.votes_revealed", actor=actor, changes={"votes_revealed": [not revealed,
                                                                                                  revealed]})
    return workshop


def my_votes(seat) -> dict:
    """{column id: number of `seat`'s dots on it}, on the board being voted on now."""
    if seat is None:
        return {}
    rows = _board_votes(seat.workshop).filter(participant=seat).values("column_id").annotate(n=Count("id"))
    return {row["column_id"]: row["n"] for row in rows}


def totals(workshop) -> dict | None:
    """{column id: dots} of the board being voted on, once revealed; None while hidden."""
    if not workshop.votes_revealed:
        return None
    rows = _board_votes(workshop).values("column_id").annotate(n=Count("id"))
    return {row["column_id"]: row["n"] for row in rows}


def spent_by_seat(workshop) -> dict:
    """{participant id: dots spent on this board}: the room's count split by voter, so that a
    screen can keep it up to date from each vote event's `spent` alone (no fetch per vote)."""
    rows = _board_votes(workshop).values("participant_id").annotate(n=Count("id"))
    return {row["participant_id"]: row["n"] for row in rows}


def voting_columns(workshop):
    """The columns a vote goes to: the board item's, in board order."""
    item = board_item(workshop)
    if item is None:
        return Column.objects.none()
    return (Column.objects.filter(workshop=workshop, agenda_item=item)
            .select_related("group").order_by("group__number", "position", "id"))


def get_column(workshop, pk) -> Column:
    try:
        return Column.objects.get(workshop=workshop, pk=int(pk))
    except (Column.DoesNotExist, TypeError, ValueError, OverflowError):
        raise NotFound() from None
