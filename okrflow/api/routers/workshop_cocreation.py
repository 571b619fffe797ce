"""Team co-creation over the API (the load test drives these): add a card, list one's own cards,
vote and take a vote back, read the board's columns (totals only once the facilitator revealed
them). The actor is the token's person in the meeting, through their seat (`seats.room_actor`):
a meeting they have no seat in and do not run is 404."""

from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.params import Path

from okrflow.api.errors import READ_ERRORS, WRITE_ERRORS
from okrflow.errors import AccessDenied
from okrflow.workshops import cocreation, voting
from okrflow.workshops.models import Card
from okrflow.workshops.seats import room_actor

router = Router(tags=["workshops"])


class CardIn(Schema):
    text: str


class CardOut(Schema):
    id: int
    text: str
    is_pick: bool
    group: int | None
    column: int | None


class ColumnOut(Schema):
    id: int
    group: int | None
    keyword: str
    title: str
    rank: int | None
    merged_into: int | None
    my_votes: int
    total: int | None


class BoardOut(Schema):
    votes_revealed: bool
    votes_left: int | None
    columns: list[ColumnOut]


def _card(card) -> dict:
    return {"id": card.pk, "text": card.text, "is_pick": card.is_pick, "group": card.group_id,
            "column": card.column_id}


@router.post("/workshops/{pk}/cards", response={201: CardOut, **WRITE_ERRORS})
def add_card(request, pk: Path[int], payload: CardIn):
    """Write one card on the current co-creation item (the meeting's length and count limits)."""
    room = room_actor(request.auth, None, pk)
    if room.seat is None:
        raise AccessDenied(_("Only the meeting's participants write cards; observers watch."))
    return Status(201, _card(cocreation.add_card(room.seat, payload.text)))


@router.get("/workshops/{pk}/cards/mine", response={200: list[CardOut], **READ_ERRORS})
def my_cards(request, pk: Path[int]):
    """The caller's own cards in this meeting, oldest first."""
    room = room_actor(request.auth, None, pk)
    if room.seat is None:
        return []
    return [_card(card) for card in Card.objects.filter(author=room.seat).order_by("id")]


@router.post("/workshops/{pk}/columns/{column_id}/votes", response={201: BoardOut, **WRITE_ERRORS})
def vote(request, pk: Path[int], column_id: Path[int]):
    """Put one of the caller's dots on the column (budget and per-column cap apply)."""
    room = room_actor(request.auth, None, pk)
    voting.cast_vote(room.seat, voting.get_column(room.workshop, column_id))
    return Status(201, _board(room_actor(request.auth, None, pk)))


@router.delete("/workshops/{pk}/columns/{column_id}/votes", response={200: BoardOut, **WRITE_ERRORS})
def unvote(request, pk: Path[int], column_id: Path[int]):
    """Take back one of the caller's dots from the column."""
    room = room_actor(request.auth, None, pk)
    voting.retract_vote(room.seat, voting.get_column(room.workshop, column_id))
    return _board(room_actor(request.auth, None, pk))


@router.get("/workshops/{pk}/columns", response={200: BoardOut, **READ_ERRORS})
def columns(request, pk: Path[int]):
    """The board's columns with the caller's dots; each column's total once revealed, else null."""
    return _board(room_actor(request.auth, None, pk))


def _board(room) -> dict:
    workshop = room.workshop
    mine, totals = voting.my_votes(room.seat), voting.totals(workshop)
    spent = sum(mine.values())
    return {
        "votes_revealed": totals is not None,
        "votes_left": max(0, workshop.vote_budget - spent) if room.seat is not None else None,
        "columns": [{"id": c.pk, "group": c.group_id, "keyword": c.keyword, "title": c.title, "rank": c.rank,
                     "merged_into": c.merged_into_id, "my_votes": mine.get(c.pk, 0),
                     "total": None if totals is None else totals.get(c.pk, 0)}
                    for c in voting.voting_columns(workshop)],
    }
