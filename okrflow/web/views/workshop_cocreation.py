"""The room's panels of team co-creation (brief C): the cards and the columns board
(`workshop_cocreation_panel`), the dot vote (`workshop_vote_panel`) and the groups
(`workshop_groups_panel`). Each is a fragment the room's screens load into their main region, that
refreshes itself on the live events of its topics, renders per actor (a participant's phone, the
projector with `?screen=1`), and takes its forms by htmx POST to the same URL: the action runs
through the service, and the fragment comes back re-rendered — with the refusal's message under
the field and what was typed kept.

Guests reach these without a login: the actor is resolved by `seats.room_actor` (NotFound → 404).
"""

import json

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils.html import format_html
from django.views.decorators.http import require_http_methods

from okrflow.errors import AccessDenied, DomainError, NotFound
from okrflow.workshops import cocreation, groups, key_results, log, voting
from okrflow.workshops.models import Card, Group, Participant, Role, Stage
from okrflow.workshops.seats import room_actor


def _number(value: int, name: str):
    """A count inside a translated sentence, in an element the live script can update."""
    return format_html('<b data-cc-shown="{}">{}</b>', name, value)


def _room(request, pk):
    try:
        return room_actor(request.user, request.session, pk)
    except NotFound:
        raise Http404() from None


def _one(queryset, value):
    try:
        return queryset.get(pk=int(value))
    except (queryset.model.DoesNotExist, TypeError, ValueError, OverflowError):
        raise NotFound() from None


def _maybe(queryset, value):
    return None if value in (None, "", "none") else _one(queryset, value)


def _act(request, room, actions) -> tuple[str | None, str | None]:
    """Run the POSTed action; (error message, field) when the service refused it."""
    action = actions.get(request.POST.get("action", ""))
    try:
        if action is None:
            raise DomainError("bad_action", "")
        action(request.POST)
    except NotFound:
        raise Http404() from None
    except AccessDenied as error:
        raise PermissionDenied(str(error)) from None
    except DomainError as error:
        return str(error.message) or None, error.field
    return None, None


# --- cards and columns -----------------------------------------------------------------------

def _cocreation_actions(room):
    workshop, seat = room.workshop, room.seat
    cards = Card.objects.filter(workshop=workshop)
    columns = workshop.columns.all()
    group_of = workshop.groups.all()
    return {
        "add_card": lambda data: cocreation.add_card(seat, data.get("text", "")),
        "edit_card": lambda data: cocreation.edit_card(seat, _one(cards, data.get("card")),
                                                       data.get("text", "")),
        "delete_card": lambda data: cocreation.delete_card(seat, _one(cards, data.get("card"))),
        "pick": lambda data: cocreation.pick_card(seat, _one(cards, data.get("card"))),
        "reveal": lambda data: cocreation.reveal_pick(room, _one(cards, data.get("card"))),
        "stage": lambda data: cocreation.set_stage(_manager(room), _current(room), data.get("stage", "")),
        "add_column": lambda data: cocreation.add_column(room, _maybe(group_of, data.get("group")),
                                                         data.get("keyword", "")),
        "move": lambda data: cocreation.move_card(room, _one(cards, data.get("card")),
                                                  _maybe(columns, data.get("column")),
                                                  _position(data.get("position"))),
        "write_up": lambda data: cocreation.write_up_column(room, _one(columns, data.get("column")),
                                                            keyword=data.get("keyword"),
                                                            title=data.get("title")),
        "delete_column": lambda data: cocreation.delete_column(room, _one(columns, data.get("column"))),
        "rank": lambda data: cocreation.rank_columns(room, _maybe(group_of, data.get("group")),
                                                     data.getlist("order")),
        "merge": lambda data: cocreation.merge_column(_manager(room), _one(columns, data.get("column")),
                                                      _maybe(columns, data.get("into"))),
        "final_word": lambda data: cocreation.record_final_word(room, data.get("text", "")),
        **_key_result_actions(room, columns, group_of),
    }


def _key_result_actions(room, columns, group_of):
    """The key-result step (brief D2, key_results.py): claim and give back objectives, a
    column's objective and target."""
    claimable = key_results.claimable_objectives(room.workshop)
    return {
        "kr_claim": lambda data: key_results.claim_objective(room, _one(group_of, data.get("group")),
                                                             _one(claimable, data.get("objective"))),
        "kr_release": lambda data: key_results.release_objective(
            room, _one(room.workshop.group_objectives.all(), data.get("claim"))),
        "kr_objective": lambda data: key_results.set_column_objective(
            room, _one(columns, data.get("column")), _maybe(claimable, data.get("objective"))),
        "kr_target": lambda data: key_results.set_column_target(
            room, _one(columns, data.get("column")), data.get("target_value"), data.get("target_unit", "")),
    }


def _manager(room):
    if not room.can_manage or room.person is None:
        raise AccessDenied()
    return room.person


def _current(room):
    item = room.workshop.current_item
    if item is None:
        raise DomainError("not_cocreation", "")
    return item


def _position(value):
    try:
        return max(0, int(value))
    except (TypeError, ValueError):
        return None


@require_http_methods(["GET", "POST"])
def workshop_cocreation_panel(request, pk):
    """Write cards (own text, others as counts), share picks, sort the board, the plenary."""
    room = _room(request, pk)
    error, field, typed, action, editing, clear_draft = None, None, "", None, None, None
    if request.method == "POST":
        error, field = _act(request, room, _cocreation_actions(room))
        action = request.POST.get("action")
        if error and field == "text" and action in ("add_card", "edit_card"):
            typed = request.POST.get("text", "")
            if action == "edit_card":           # the refusal under the card's own editor, kept open
                editing = _position(request.POST.get("card"))
        elif error is None and action == "add_card":
            clear_draft = "new"
        elif error is None and action == "edit_card":
            clear_draft = "card-{}".format(_position(request.POST.get("card")))
        room = _room(request, pk)  # the refreshed meeting (stage, current item)
    context = _cocreation_context(request, room, error=error, field=field, typed=typed)
    # The browser keeps what is typed (a new card, an edit) in localStorage across refreshes,
    # reloads and reconnects (cocreation.js); a card taken or saved empties its draft.
    context.update(clear_draft=clear_draft, editing=editing,
                   new_error=bool(error) and field == "text" and action == "add_card")
    return render(request, "web/workshops/cocreation_panel.html", context)


def _cocreation_context(request, room, *, error=None, field=None, typed="") -> dict:
    workshop, seat = room.workshop, room.seat
    as_of = log.last_event_id(workshop)       # read first: the counts below are at least this new
    item = cocreation.board_item(workshop)
    stage = item.stage if item is not None else Stage.WRITE
    visible = list(cocreation.visible_cards(room, item))
    mine = [card for card in visible if seat is not None and card.author_id == seat.pk]
    counts = cocreation.card_counts(workshop, item)
    writers = list(groups.groupable(workshop).select_related("person").order_by("id"))
    for writer in writers:
        writer.card_count = counts.get(writer.pk, 0)
    cards_of_others = sum(counts.values()) - sum(writer.card_count for writer in writers)
    board = cocreation.board(workshop, item)
    group_list = groups.groups_with_members(workshop)
    unsorted = {group.pk: [] for group in group_list}
    unsorted[None] = []
    for card in visible:
        if card.column_id is None and stage in (Stage.SORT, Stage.PLENARY):
            unsorted.setdefault(card.group_id, []).append(card)
    for group in group_list:
        group.column_list = [c for c in board if c.group_id == group.pk]
        group.unsorted = unsorted.get(group.pk, [])
        group.may_sort = room.can_manage or (seat is not None and seat.is_leader
                                             and seat.group_id == group.pk)
        group.picks = [c for c in visible if c.group_id == group.pk and c.is_pick]
    is_writer = seat is not None and seat.role == Role.PARTICIPANT
    kr = key_results.panel_context(room, item, group_list, board)
    return {
        "kr": kr,
        "room": room, "workshop": workshop, "item": item, "stage": stage, "stages": Stage.choices,
        "screen": request.GET.get("screen") == "1", "can_manage": room.can_manage,
        "seat": seat, "is_writer": is_writer, "mine": mine, "writers": writers,
        "as_of": as_of, "cards_of_others": cards_of_others,
        "total_cards": sum(counts.values()), "total_html": _number(sum(counts.values()), "cards"),
        "left": max(0, workshop.cards_per_person - len(mine)),
        "groups": group_list, "ungrouped_cards": unsorted.get(None, []),
        "plenary": [c for c in board if c.group_id is None],
        "group_columns": [c for c in board if c.group_id is not None],
        "shared": [c for c in visible if c.is_pick and (seat is None or c.author_id != seat.pk)],
        "may_final_word": cocreation.may_give_final_word(room),
        "final_words": workshop.decisions.filter(is_final_word=True).order_by("id"),
        "error": error, "error_field": field, "typed": typed,
    }


# --- dot votes --------------------------------------------------------------------------------

@require_http_methods(["GET", "POST"])
def workshop_vote_panel(request, pk):
    """Spend one's dots on the board's columns; totals only once the facilitator reveals them."""
    room = _room(request, pk)
    error = None
    if request.method == "POST":
        columns = room.workshop.columns.all()
        error, _field = _act(request, room, {
            "vote": lambda data: voting.cast_vote(room.seat, _one(columns, data.get("column"))),
            "unvote": lambda data: voting.retract_vote(room.seat, _one(columns, data.get("column"))),
            "reveal": lambda data: voting.reveal_votes(_manager(room), room.workshop,
                                                       data.get("revealed", "1") == "1"),
        })
        room = _room(request, pk)
    workshop, seat = room.workshop, room.seat
    as_of = log.last_event_id(workshop)       # read first: the counts below are at least this new
    mine = voting.my_votes(seat)
    totals = voting.totals(workshop)
    column_list = list(voting.voting_columns(workshop))
    for column in column_list:
        column.mine = mine.get(column.pk, 0)
        column.total = None if totals is None else totals.get(column.pk, 0)
    if totals is not None:
        column_list.sort(key=lambda c: (-c.total, c.pk))
    spent = sum(mine.values())
    # The room's count by voter: each screen keeps it from the vote events (cocreation.js, applyVotes).
    by_seat = voting.spent_by_seat(workshop)
    room_spent = sum(by_seat.values())
    item = cocreation.board_item(workshop)
    return render(request, "web/workshops/cocreation_vote.html", {
        "room": room, "workshop": workshop, "screen": request.GET.get("screen") == "1",
        "can_manage": room.can_manage, "columns": column_list, "revealed": totals is not None,
        "is_voter": seat is not None and seat.role == Role.PARTICIPANT, "spent": spent,
        "left": max(0, workshop.vote_budget - spent), "dots": range(workshop.vote_budget),
        "as_of": as_of, "room_spent_html": _number(room_spent, "votes"),
        "spent_json": json.dumps({str(pk): n for pk, n in by_seat.items()}, separators=(",", ":")),
        "board_item_id": item.pk if item is not None else None, "seat": seat, "error": error,
    })


# --- groups -----------------------------------------------------------------------------------

@require_http_methods(["GET", "POST"])
def workshop_groups_panel(request, pk):
    """The groups with their leaders; the facilitator forms, reshuffles, names a leader."""
    room = _room(request, pk)
    error = None
    if request.method == "POST":
        seats = Participant.objects.filter(workshop=room.workshop)
        error, _field = _act(request, room, {
            "form": lambda data: groups.form_groups(_manager(room), room.workshop),
            "leader": lambda data: groups.set_leader(_manager(room), _one(seats, data.get("participant"))),
        })
        room = _room(request, pk)
    workshop = room.workshop
    return render(request, "web/workshops/cocreation_groups.html", {
        "room": room, "workshop": workshop, "screen": request.GET.get("screen") == "1",
        "can_manage": room.can_manage, "groups": groups.groups_with_members(workshop),
        "ungrouped": list(groups.ungrouped(workshop)), "seat": room.seat, "error": error,
        "has_groups": Group.objects.filter(workshop=workshop).exists(),
    })
