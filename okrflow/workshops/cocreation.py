"""Team co-creation (团队共创, seed 001), step by step, on one co-creation agenda item (its board):

1. write (`Stage.WRITE`): each participant writes up to `cards_per_person` cards of
   `card_min_chars`–`card_max_chars` characters, one idea each, and may edit or delete them; the
   others see only how many each has written (`visible_cards`), and events carry no text;
2. share: each hands their most important card (`is_pick`) to the group leader, who reveals the
   picks one by one (`revealed_at`);
3. sort: the group's leader (or the facilitator) sorts the cards into at most `max_columns`
   columns, gives each a keyword and writes it up as an objective, and ranks them. Decided here:
   the leader sorts, as the method has the leader read out and classify every card; the members
   watch the board live and settle disputes by dot vote (`voting.py`);
4. plenary: the facilitator merges the groups' columns into the plenary's (a column without a
   group, `merged_into`), and the CEO's final word is recorded (`Decision.is_final_word`). Decided
   here: an observer who heads the company records it, or the facilitator on their behalf.

Only the facilitator moves the stage on (Parabol's rule). Actions of one participant take their
seat; actions of a leader or the facilitator take the `RoomActor` (seats.py); facilitator-only
actions take the person. Every write locks what it counts, logs its event and, for a person,
writes the audit entry.
"""

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from okrflow.audit.log import record
from okrflow.errors import AccessDenied, DomainError, NotFound, locked
from okrflow.org.access import company_head_id
from okrflow.workshops.access import require_manage
from okrflow.workshops.cocreation_rules import check_card, check_card_count, check_column_count
from okrflow.workshops.log import record_event
from okrflow.workshops.models import (
    AgendaItem,
    Card,
    CardKind,
    Column,
    Decision,
    Group,
    GroupObjective,
    Method,
    Participant,
    Role,
    Stage,
    State,
    Workshop,
)

TITLE_MAX = 200
KEYWORD_MAX = 50


# --- the board -------------------------------------------------------------------------------

def board_item(workshop) -> AgendaItem | None:
    """The co-creation item whose cards and columns the room works on: the current item when it
    is a co-creation, else the item of the newest column (a vote item after the sorting), else
    the newest co-creation item with cards."""
    current = workshop.current_item
    if current is not None and current.method == Method.COCREATION:
        return current
    for model in (Column, Card):
        item_id = (model.objects.filter(workshop=workshop, agenda_item__isnull=False)
                   .order_by("-id").values_list("agenda_item_id", flat=True).first())
        if item_id:
            return AgendaItem.objects.get(pk=item_id)
    return None


def _check_open(workshop) -> None:
    if workshop.state in (State.ENDED, State.CANCELLED):
        raise DomainError("meeting_over", _("This meeting is over; its board can no longer change."))


def _writing_item(workshop) -> AgendaItem:
    item = workshop.current_item
    if item is None or item.method != Method.COCREATION:
        raise DomainError("not_cocreation", _("Cards are written during a co-creation item of the agenda."))
    if item.stage != Stage.WRITE:
        raise DomainError("writing_over", _("The writing step is over: the facilitator has moved on."))
    return item


def _require_writer(seat: Participant) -> None:
    if seat is None or seat.role != Role.PARTICIPANT:
        raise AccessDenied(_("Only the meeting's participants write cards; observers watch."))


def _audit(seat, obj, action, changes=None) -> None:
    """A person's action goes to the audit history too; a guest's is in the event log only."""
    if seat is not None and seat.person_id:
        record(obj, action, actor=seat.person, changes=changes)


def _own_card(seat, card) -> Card:
    card = locked(Card.objects.filter(workshop_id=seat.workshop_id), pk=card.pk)
    if card.author_id != seat.pk:
        raise NotFound()
    return card


def set_stage(actor, item: AgendaItem, stage: str) -> AgendaItem:
    """The facilitator moves a co-creation item to `stage` (or back)."""
    workshop = item.workshop
    require_manage(actor, workshop)
    if stage not in Stage.values:
        raise DomainError("bad_stage", _("Choose a step of the co-creation."), field="stage")
    with transaction.atomic():
        item = locked(AgendaItem.objects.filter(workshop=workshop), pk=item.pk)
        before = item.stage
        if item.method != Method.COCREATION:
            raise DomainError("not_cocreation", _("Only a co-creation item has these steps."))
        item.stage = stage
        item.save(update_fields=["stage"])
        record_event(workshop, "cards", "stage_set", {"item": item.pk, "stage": stage})
        record(item, "workshop.stage_set", actor=actor, changes={"stage": [before, stage]})
    return item


# --- cards -----------------------------------------------------------------------------------

def add_card(seat: Participant, text) -> Card:
    """Write one card on the current co-creation item, within the meeting's limits."""
    _require_writer(seat)
    with transaction.atomic():
        seat = locked(Participant.objects.select_related("workshop", "workshop__current_item"), pk=seat.pk)
        workshop = seat.workshop
        _check_open(workshop)
        item = _writing_item(workshop)
        cleaned = check_card(text, workshop.card_min_chars, workshop.card_max_chars)
        written = Card.objects.filter(author=seat, agenda_item=item).count()
        check_card_count(written, workshop.cards_per_person)
        card = Card.objects.create(organization_id=workshop.organization_id, workshop=workshop,
                                   agenda_item=item, author=seat, group_id=seat.group_id, text=cleaned,
                                   kind=item.card_kind)
        # `count` is the author's cards on the item now (the seat is locked: per author, a later event
        # carries a later count); the screens show the others' counts from it without a fetch.
        record_event(workshop, "cards", "card_added",
                     {"card": card.pk, "author": seat.pk, "group": seat.group_id, "item": item.pk,
                      "count": written + 1}, actor=seat)
        _audit(seat, card, "workshop.card_added")
    return card


def edit_card(seat: Participant, card: Card, text) -> Card:
    _require_writer(seat)
    with transaction.atomic():
        card = _own_card(seat, card)
        workshop = Workshop.objects.select_related("current_item").get(pk=card.workshop_id)
        _check_open(workshop)
        if card.agenda_item_id != _writing_item(workshop).pk:
            raise DomainError("writing_over", _("The writing step is over: the facilitator has moved on."))
        cleaned = check_card(text, workshop.card_min_chars, workshop.card_max_chars)
        before = card.text
        card.text, card.version = cleaned, card.version + 1
        card.save(update_fields=["text", "version"])
        record_event(workshop, "cards", "card_edited", {"card": card.pk, "author": seat.pk,
                                                        "item": card.agenda_item_id}, actor=seat)
        _audit(seat, card, "workshop.card_edited", {"text": [before, cleaned]})
    return card


def delete_card(seat: Participant, card: Card) -> None:
    _require_writer(seat)
    with transaction.atomic():
        seat = locked(Participant.objects.all(), pk=seat.pk)     # the author's count, in order
        card = _own_card(seat, card)
        workshop = Workshop.objects.select_related("current_item").get(pk=card.workshop_id)
        _check_open(workshop)
        if card.agenda_item_id != _writing_item(workshop).pk:
            raise DomainError("writing_over", _("The writing step is over: the facilitator has moved on."))
        _audit(seat, card, "workshop.card_deleted", {"text": [card.text, None]})
        left = Card.objects.filter(author=seat, agenda_item_id=card.agenda_item_id).count() - 1
        record_event(workshop, "cards", "card_deleted", {"card": card.pk, "author": seat.pk,
                                                         "item": card.agenda_item_id, "count": left},
                     actor=seat)
        card.delete()


def pick_card(seat: Participant, card: Card) -> Card:
    """Mark `card` as the one its author hands to the leader (one pick a person an item)."""
    _require_writer(seat)
    with transaction.atomic():
        card = _own_card(seat, card)
        workshop = Workshop.objects.get(pk=card.workshop_id)
        _check_open(workshop)
        item = card.agenda_item
        if item is not None and item.stage not in (Stage.WRITE, Stage.SHARE):
            raise DomainError("sharing_over",
                              _("The picks have been shared; the group is sorting the cards."))
        if card.revealed_at is None:
            Card.objects.filter(author=seat, agenda_item_id=card.agenda_item_id, revealed_at__isnull=True) \
                .exclude(pk=card.pk).update(is_pick=False)
        if Card.objects.filter(author=seat, agenda_item_id=card.agenda_item_id, revealed_at__isnull=False) \
                .exclude(pk=card.pk).exists():
            raise DomainError("pick_revealed", _("Your leader has already revealed your pick."))
        card.is_pick, card.version = True, card.version + 1
        card.save(update_fields=["is_pick", "version"])
        record_event(workshop, "cards", "card_picked", {"card": card.pk, "author": seat.pk,
                                                        "group": card.group_id}, actor=seat)
        _audit(seat, card, "workshop.card_picked")
    return card


def _leader_or_manager(room, group_id) -> None:
    if room.can_manage:
        return
    seat = room.seat
    if seat is None or not seat.is_leader or seat.group_id is None or seat.group_id != group_id:
        raise AccessDenied(_("Only the group's leader or the facilitator does this."))


def _room_audit(room, obj, action, changes=None) -> None:
    if room.person is not None:
        record(obj, action, actor=room.person, changes=changes)


def reveal_pick(room, card: Card) -> Card:
    """The leader shows one pick to the group (and the projector)."""
    with transaction.atomic():
        card = locked(Card.objects.filter(workshop=room.workshop), pk=card.pk)
        _check_open(room.workshop)
        _leader_or_manager(room, card.group_id)
        if not card.is_pick:
            raise DomainError("not_a_pick", _("Only a card picked by its author is revealed one by one."))
        if card.revealed_at is None:
            card.revealed_at, card.version = timezone.now(), card.version + 1
            card.save(update_fields=["revealed_at", "version"])
            record_event(room.workshop, "cards", "pick_revealed", {"card": card.pk, "group": card.group_id},
                         actor=room.seat)
            _room_audit(room, card, "workshop.pick_revealed")
    return card


def visible_cards(room, item: AgendaItem | None):
    """The cards of `item` that this reader sees as text. While writing: their own. While sharing:
    their own, their group's revealed picks, and (the leader) every pick handed to them; the
    facilitator's screen the revealed picks. Sorting and after: every card of the item."""
    if item is None:
        return Card.objects.none()
    cards = Card.objects.filter(workshop=room.workshop, agenda_item=item).select_related("author__person")
    seat = room.seat
    own = Q(author=seat) if seat is not None else Q(pk__in=[])
    if item.stage == Stage.WRITE:
        return cards.filter(own)
    if item.stage == Stage.SHARE:
        if room.can_manage:
            return cards.filter(own | Q(revealed_at__isnull=False))
        if seat is None or seat.group_id is None:
            return cards.filter(own)
        shared = Q(group_id=seat.group_id, revealed_at__isnull=False)
        if seat.is_leader:
            shared |= Q(group_id=seat.group_id, is_pick=True)
        return cards.filter(own | shared)
    return cards


def card_counts(workshop, item: AgendaItem | None) -> dict:
    """{participant id: number of cards} — what everyone may see of the others while they write."""
    if item is None:
        return {}
    rows = (Card.objects.filter(workshop=workshop, agenda_item=item).values("author_id")
            .annotate(n=Count("id")).values_list("author_id", "n"))
    return dict(rows)


# --- columns ---------------------------------------------------------------------------------

def _sort_item(room) -> AgendaItem:
    _check_open(room.workshop)
    item = board_item(room.workshop)
    if item is None or item.stage not in (Stage.SORT, Stage.PLENARY):
        raise DomainError("not_sorting", _("Columns are made once the facilitator opens the sorting step."))
    return item


def check_key_result_column(item: AgendaItem, group_id, objective, *, exclude=None) -> None:
    """On a key-result item, a column is for one objective claimed on the item — by its group,
    or for the plenary's by any group — and a group has at most `max_columns` for one objective."""
    claimed = GroupObjective.objects.filter(agenda_item=item, objective=objective)
    if group_id is not None:
        claimed = claimed.filter(group_id=group_id)
    if not claimed.exists():
        message = (_("Key results are brainstormed for an objective the group has claimed.") if group_id
                   else _("The plenary's key results are for an objective a group has claimed."))
        raise DomainError("objective_not_claimed", message, field="objective")
    columns = Column.objects.filter(agenda_item=item, group_id=group_id, for_objective=objective)
    if exclude is not None:
        columns = columns.exclude(pk=exclude.pk)
    check_column_count(columns.count(), item.workshop.max_columns)


def add_column(room, group: Group | None, keyword: str = "", for_objective=None) -> Column:
    """Open a column for `group` (None: the plenary's, the facilitator's), at most `max_columns`.
    On a key-result item the column holds key-result ideas, for `for_objective` (one the group
    claimed; it may be chosen later, `key_results.set_column_objective`) and the limit counts the
    group's columns for that objective."""
    keyword = " ".join(str(keyword or "").split())[:KEYWORD_MAX]
    with transaction.atomic():
        workshop = locked(Workshop.objects.select_related("current_item"), pk=room.workshop.pk)
        if group is None and not room.can_manage:
            raise AccessDenied(_("Only the facilitator arranges the plenary's columns."))
        if group is not None:
            _leader_or_manager(room, group.pk)
        item = _sort_item(room)
        existing = Column.objects.filter(workshop=workshop, agenda_item=item, group=group).count()
        if item.card_kind == CardKind.KEY_RESULT:
            if for_objective is not None:
                check_key_result_column(item, getattr(group, "pk", None), for_objective)
            else:
                check_column_count(Column.objects.filter(agenda_item=item, group=group,
                                                         for_objective__isnull=True).count(),
                                   workshop.max_columns)
        else:
            if for_objective is not None:
                raise DomainError("not_key_results",
                                  _("The cards of this item are objective ideas; no group has claimed "
                                    "objectives on it."), field="objective")
            check_column_count(existing, workshop.max_columns)
        column = Column.objects.create(organization_id=workshop.organization_id, workshop=workshop,
                                       agenda_item=item, group=group, keyword=keyword, position=existing,
                                       kind=item.card_kind, for_objective=for_objective)
        record_event(workshop, "columns", "column_added", {"column": column.pk, "group": column.group_id},
                     actor=room.seat)
        _room_audit(room, column, "workshop.column_added")
    return column


def _locked_column(room, column) -> Column:
    column = locked(Column.objects.filter(workshop=room.workshop), pk=column.pk)
    if column.group_id is None:
        if not room.can_manage:
            raise AccessDenied(_("Only the facilitator arranges the plenary's columns."))
    else:
        _leader_or_manager(room, column.group_id)
    return column


def move_card(room, card: Card, column: Column | None, position: int | None = None) -> Card:
    """Put `card` into `column` at `position` (None: at the end); `column` None takes it back to
    the unsorted cards. A group's card goes only to its own group's columns."""
    with transaction.atomic():
        item = _sort_item(room)
        card = locked(Card.objects.filter(workshop=room.workshop, agenda_item=item), pk=card.pk)
        _leader_or_manager(room, card.group_id)
        if column is not None:
            column = locked(Column.objects.filter(workshop=room.workshop, agenda_item=item), pk=column.pk)
            if column.group_id != card.group_id:
                raise DomainError("other_group", _("A card goes into a column of its own group."),
                                  field="column")
        before = card.column_id
        siblings = list(Card.objects.filter(workshop=room.workshop, agenda_item=item, column=column,
                                            group_id=card.group_id)
                        .exclude(pk=card.pk).order_by("position", "id"))
        index = len(siblings) if position is None else max(0, min(int(position), len(siblings)))
        siblings.insert(index, card)
        for number, sibling in enumerate(siblings):
            sibling.position = number
        card.column, card.version = column, card.version + 1
        card.save(update_fields=["column", "position", "version"])
        Card.objects.bulk_update([c for c in siblings if c.pk != card.pk], ["position"])
        record_event(room.workshop, "columns", "card_moved", {"card": card.pk, "column": card.column_id},
                     actor=room.seat)
        _room_audit(room, card, "workshop.card_moved", {"column": [before, card.column_id]})
    return card


def write_up_column(room, column: Column, *, keyword=None, title=None) -> Column:
    """A column's keyword (提炼中心词) and the objective it is written up as."""
    changes = {}
    with transaction.atomic():
        _check_open(room.workshop)
        column = _locked_column(room, column)
        for name, value, limit in (("keyword", keyword, KEYWORD_MAX), ("title", title, TITLE_MAX)):
            if value is None:
                continue
            value = " ".join(str(value).split())
            if len(value) > limit:
                raise DomainError("too_long", _("At most {limit} characters.").format(limit=limit),
                                  field=name)
            if value != getattr(column, name):
                changes[name] = [getattr(column, name), value]
                setattr(column, name, value)
        if changes:
            column.version += 1
            column.save(update_fields=[*changes, "version"])
            record_event(room.workshop, "columns", "column_written_up", {"column": column.pk},
                         actor=room.seat)
            _room_audit(room, column, "workshop.column_written_up", changes)
    return column


def delete_column(room, column: Column) -> None:
    """Remove an empty-handed column: its cards go back to the unsorted ones."""
    with transaction.atomic():
        _check_open(room.workshop)
        column = _locked_column(room, column)
        if column.merged.exists():
            raise DomainError("has_merged",
                              _("Columns of the groups are merged into this one; move them first."))
        Card.objects.filter(column=column).update(column=None)
        record_event(room.workshop, "columns", "column_deleted",
                     {"column": column.pk, "group": column.group_id}, actor=room.seat)
        _room_audit(room, column, "workshop.column_deleted", {"keyword": [column.keyword, None]})
        column.delete()


def rank_columns(room, group: Group | None, ordered_ids: list) -> list[Column]:
    """Rank the group's (or the plenary's) columns by importance: `ordered_ids` first to last,
    every column of that group once (按照重要性进行排序)."""
    with transaction.atomic():
        if group is None and not room.can_manage:
            raise AccessDenied(_("Only the facilitator arranges the plenary's columns."))
        if group is not None:
            _leader_or_manager(room, group.pk)
        item = _sort_item(room)
        columns = {c.pk: c for c in Column.objects.select_for_update().filter(
            workshop=room.workshop, agenda_item=item, group=group)}
        try:
            order = [int(pk) for pk in ordered_ids]
        except (TypeError, ValueError):
            order = []
        if sorted(order) != sorted(columns):
            raise DomainError("bad_ranking", _("Rank every column of the group once."), field="order")
        for rank, pk in enumerate(order, start=1):
            columns[pk].rank, columns[pk].position = rank, rank - 1
        Column.objects.bulk_update(list(columns.values()), ["rank", "position"])
        record_event(room.workshop, "columns", "columns_ranked", {"group": getattr(group, "pk", None),
                                                                  "order": order}, actor=room.seat)
        _room_audit(room, room.workshop, "workshop.columns_ranked", {"order": [None, order]})
    return [columns[pk] for pk in order]


def merge_column(actor, column: Column, into: Column | None) -> Column:
    """The plenary (the facilitator) merges a group's column into a plenary column; `into` None
    takes it back out."""
    workshop = column.workshop
    require_manage(actor, workshop)
    with transaction.atomic():
        _check_open(workshop)
        column = locked(Column.objects.filter(workshop=workshop), pk=column.pk)
        if column.group_id is None:
            raise DomainError("plenary_column", _("A plenary column is merged into by the groups' columns."))
        if into is not None:
            into = locked(Column.objects.filter(workshop=workshop), pk=into.pk)
            if into.group_id is not None:
                raise DomainError("not_plenary", _("Merge a group's column into a plenary column."),
                                  field="into")
            if into.kind != column.kind or into.for_objective_id != column.for_objective_id:
                raise DomainError("other_objective",
                                  _("Key results go into a plenary column for the same objective.")
                                  if CardKind.KEY_RESULT in (into.kind, column.kind)
                                  else _("Merge a group's column into a plenary column."), field="into")
        before = column.merged_into_id
        column.merged_into, column.version = into, column.version + 1
        column.save(update_fields=["merged_into", "version"])
        record_event(workshop, "columns", "column_merged", {"column": column.pk,
                                                            "into": column.merged_into_id})
        record(column, "workshop.column_merged", actor=actor,
               changes={"merged_into": [before, column.merged_into_id]})
    return column


def board(workshop, item: AgendaItem | None):
    """The item's columns in order (groups' by group, then the plenary's), with `.card_list`."""
    if item is None:
        return []
    columns = list(Column.objects.filter(workshop=workshop, agenda_item=item)
                   .select_related("group", "merged_into").order_by("group__number", "position", "id"))
    by_id = {column.pk: column for column in columns}
    for column in columns:
        column.card_list = []
        column.merged_list = []
    for column in columns:
        if column.merged_into_id in by_id:
            by_id[column.merged_into_id].merged_list.append(column)
    for card in Card.objects.filter(workshop=workshop, agenda_item=item, column__isnull=False) \
            .select_related("author__person").order_by("position", "id"):
        by_id[card.column_id].card_list.append(card)
    return columns


# --- the CEO's final word ----------------------------------------------------------------------

def may_give_final_word(room) -> bool:
    seat = room.seat
    is_head_observer = (seat is not None and seat.role == Role.OBSERVER and seat.person_id is not None
                        and seat.person_id == company_head_id(room.workshop.organization))
    return room.can_manage or is_head_observer


def record_final_word(room, text) -> Decision:
    """The company head speaks last and fixes the result (CEO最后进行意见表达,并确定最终共创结果)."""
    text = str(text or "").strip()
    if not text:
        raise DomainError("empty", _("Write the final word down."), field="text")
    if len(text) > 2000:
        raise DomainError("too_long", _("At most {limit} characters.").format(limit=2000), field="text")
    if not may_give_final_word(room):
        raise AccessDenied(
            _("The company head (observing) or the facilitator on their behalf records the final word."))
    with transaction.atomic():
        workshop = locked(Workshop.objects.all(), pk=room.workshop.pk)
        _check_open(workshop)
        item = board_item(workshop) or workshop.current_item
        decision = Decision.objects.create(organization_id=workshop.organization_id, workshop=workshop,
                                           agenda_item=item, text=text, is_final_word=True,
                                           recorded_by=room.seat)
        record_event(workshop, "decisions", "final_word", {"decision": decision.pk}, actor=room.seat)
        _room_audit(room, decision, "workshop.final_word")
    return decision

