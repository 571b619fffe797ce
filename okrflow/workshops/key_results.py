"""The key-result step of a workshop (seed 000: "key results 30 = groups claim 2–3 objectives and
brainstorm 15 + consolidate 15"), on a co-creation item of the agenda:

1. each group's leader (or the facilitator) claims two or three objectives (`GroupObjective`):
   ones this meeting promoted (`Column.objective`) or the company's of the meeting's cycle (owned by
   the meeting's unit, else the company). A fourth is refused. The first claim makes the item a
   key-result item (`AgendaItem.card_kind`): its cards are key-result ideas, so promotion never
   takes its columns for objective columns;
2. the room writes cards and sorts them as in any co-creation (cocreation.py); each of a group's
   columns is for one objective it claimed (`Column.for_objective`, chosen when the column is
   opened or later here) and is written up as a key result (its title; a target if given here);
3. the plenary merges the groups' key results for the same objective; outcomes.promote_key_results
   turns the columns into draft key results of their objective.

Who may: the group's leader for its group, the facilitator for any group and the plenary. Every
refusal stores nothing (one transaction, checks before writes).
"""

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from okrflow.errors import DomainError, locked
from okrflow.okrs.access import visibility_q
from okrflow.okrs.models import Objective, ObjectiveStatus, Visibility
from okrflow.org.reader import reader_of
from okrflow.workshops.cocreation import (
    _check_open,
    _leader_or_manager,
    _locked_column,
    _room_audit,
    check_key_result_column,
)
from okrflow.workshops.log import record_event
from okrflow.workshops.models import AgendaItem, CardKind, Column, Group, GroupObjective, Method, Workshop

# The method's rule: a group claims two or three objectives (seed 000: 每组认领2~3个目标).
MAX_CLAIMED = 3
MIN_CLAIMED = 2
UNIT_MAX = 30


def claimable_objectives(workshop, room=None):
    """The objectives a group may claim: those this meeting promoted, and the company's (the
    meeting's unit's, else the root unit's) of the meeting's cycle; never a closed one.

    Given the `room` (seats.RoomActor) of who claims or reads the list, the company's objectives
    are those they may see (a guest: the public ones; whoever runs the meeting: all), as the claim
    panel reads them (claims.company_objectives): a leader's select never shows, and a claim never
    takes, a private objective the leader may not see. The meeting's own promoted ones are the
    room's work and stay claimable for everyone."""
    promoted = Q(workshop_columns__workshop=workshop)
    if workshop.cycle_id:
        owner_id = workshop.unit_id or workshop.organization.root_unit().pk
        company = Q(cycle_id=workshop.cycle_id, owner_unit_id=owner_id)
        if room is not None and not room.can_manage:
            company &= (visibility_q(reader_of(room.person)) if room.person is not None
                        else Q(visibility=Visibility.PUBLIC))
        promoted |= company
    ids = (Objective.objects.for_org(workshop.organization_id).filter(promoted)
           .exclude(status=ObjectiveStatus.CLOSED).values("pk"))
    return Objective.objects.filter(pk__in=ids).order_by("position", "ref", "id")


def _claim_item(workshop) -> AgendaItem:
    item = workshop.current_item
    if item is None or item.method != Method.COCREATION:
        raise DomainError("not_cocreation",
                          _("Groups claim objectives during a co-creation item of the agenda."))
    return item


def claims_of(item: AgendaItem | None):
    """The item's claims, by group, with their objectives."""
    if item is None:
        return GroupObjective.objects.none()
    return (GroupObjective.objects.filter(agenda_item=item).select_related("objective", "group")
            .order_by("group__number", "id"))


def claim_objective(room, group: Group, objective: Objective) -> GroupObjective:
    """`group` claims `objective` on the current co-creation item (again: the claim it has)."""
    with transaction.atomic():
        workshop = locked(Workshop.objects.select_related("current_item", "organization"),
                          pk=room.workshop.pk)
        _check_open(workshop)
        group = locked(Group.objects.filter(workshop=workshop), pk=group.pk)
        _leader_or_manager(room, group.pk)
        item = _claim_item(workshop)
        if not claimable_objectives(workshop, room).filter(pk=getattr(objective, "pk", None)).exists():
            raise DomainError("not_claimable",
                              _("Claim an objective this meeting promoted or one of the company's "
                                "objectives of its cycle."), field="objective")
        existing = GroupObjective.objects.filter(agenda_item=item, group=group, objective=objective).first()
        if existing is not None:
            return existing
        claimed = GroupObjective.objects.filter(agenda_item=item, group=group).count()
        if claimed >= MAX_CLAIMED:
            raise DomainError("too_many_claims", ngettext(
                "A group claims at most {limit} objective; give one back before claiming another.",
                "A group claims at most {limit} objectives; give one back before claiming another.",
                MAX_CLAIMED).format(limit=MAX_CLAIMED), field="objective")
        if item.card_kind != CardKind.KEY_RESULT:
            if Column.objects.filter(agenda_item=item).exists():
                raise DomainError("objective_item", _(
                    "The cards of this item are already sorted as objective ideas; claim objectives "
                    "on the key-result item of the agenda."), field="objective")
            AgendaItem.objects.filter(pk=item.pk).update(card_kind=CardKind.KEY_RESULT)
            item.cards.update(kind=CardKind.KEY_RESULT)
        claim = GroupObjective.objects.create(organization_id=workshop.organization_id, workshop=workshop,
                                              agenda_item=item, group=group, objective=objective,
                                              claimed_by=room.seat)
        record_event(workshop, "columns", "objective_claimed",
                     {"group": group.pk, "objective": objective.pk, "item": item.pk}, actor=room.seat)
        _room_audit(room, claim, "workshop.objective_claimed", {"objective": [None, objective.pk]})
    return claim


def release_objective(room, claim: GroupObjective) -> None:
    """Give a claimed objective back; refused while the group has key-result columns for it."""
    with transaction.atomic():
        claim = locked(GroupObjective.objects.filter(workshop=room.workshop), pk=claim.pk)
        _check_open(room.workshop)
        _leader_or_manager(room, claim.group_id)
        if Column.objects.filter(agenda_item_id=claim.agenda_item_id, group_id=claim.group_id,
                                 for_objective_id=claim.objective_id).exists():
            raise DomainError("claim_in_use", _(
                "The group has key-result columns for this objective; move them to another "
                "objective first."), field="objective")
        record_event(room.workshop, "columns", "objective_released",
                     {"group": claim.group_id, "objective": claim.objective_id}, actor=room.seat)
        _room_audit(room, claim, "workshop.objective_released", {"objective": [claim.objective_id, None]})
        claim.delete()


def _key_result_column(room, column) -> Column:
    _check_open(room.workshop)
    column = _locked_column(room, column)
    if column.kind != CardKind.KEY_RESULT:
        raise DomainError("not_key_results", _("This column holds objective ideas, not key results."),
                          field="objective")
    if column.key_result_id:
        raise DomainError("promoted", _("This column is already a draft key result; change it there."),
                          field="objective")
    return column


def set_column_objective(room, column: Column, objective: Objective | None) -> Column:
    """The objective a key-result column is for: one its group claimed (the plenary's: one a
    group claimed); None leaves it open."""
    with transaction.atomic():
        column = _key_result_column(room, column)
        before, after = column.for_objective_id, getattr(objective, "pk", None)
        if before == after:
            return column
        if objective is not None:
            item = AgendaItem.objects.select_related("workshop").get(pk=column.agenda_item_id)
            check_key_result_column(item, column.group_id, objective, exclude=column)
        if column.merged_into_id and column.merged_into.for_objective_id != after:
            raise DomainError("other_objective", _(
                "This column is merged into a plenary column of another objective; take it out "
                "first."), field="objective")
        if column.merged.exists():
            raise DomainError("has_merged",
                              _("Columns of the groups are merged into this one; move them first."),
                              field="objective")
        column.for_objective, column.version = objective, column.version + 1
        column.save(update_fields=["for_objective", "version"])
        record_event(room.workshop, "columns", "column_objective_set",
                     {"column": column.pk, "objective": after}, actor=room.seat)
        _room_audit(room, column, "workshop.column_objective_set", {"for_objective": [before, after]})
    return column


def parse_target(value) -> Decimal | None:
    text = str(value if value is not None else "").strip().replace(",", "")
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite() or abs(number) >= Decimal(10) ** 14:
        raise DomainError("bad_target", _("Write the target as a number, e.g. 20 or 99.5."),
                          field="target_value")
    return number


def set_column_target(room, column: Column, target_value, unit="") -> Column:
    """A key-result column's target (and its unit), when the room gives one; empty clears it."""
    target = parse_target(target_value)
    unit = " ".join(str(unit or "").split())
    if len(unit) > UNIT_MAX:
        raise DomainError("too_long", _("At most {limit} characters.").format(limit=UNIT_MAX),
                          field="target_unit")
    with transaction.atomic():
        column = _key_result_column(room, column)
        changes = {}
        if target != column.target_value:
            changes["target_value"] = [None if column.target_value is None else str(column.target_value),
                                       None if target is None else str(target)]
        if unit != column.target_unit:
            changes["target_unit"] = [column.target_unit, unit]
        if changes:
            column.target_value, column.target_unit, column.version = target, unit, column.version + 1
            column.save(update_fields=["target_value", "target_unit", "version"])
            record_event(room.workshop, "columns", "column_target_set", {"column": column.pk},
                         actor=room.seat)
            _room_audit(room, column, "workshop.column_target_set", changes)
    return column


def objective_choices(item: AgendaItem | None, columns, claims=None) -> None:
    """Give each key-result column of `columns` `.objective_choices`: the objectives it may be
    for (its group's claims; the plenary's: every group's), one query (none given `claims`)."""
    claims = list(claims_of(item)) if claims is None else claims
    for column in columns:
        if column.kind != CardKind.KEY_RESULT:
            column.objective_choices = []
            continue
        seen, choices = set(), []
        for claim in claims:
            if (column.group_id is None or claim.group_id == column.group_id) \
                    and claim.objective_id not in seen:
                seen.add(claim.objective_id)
                choices.append(claim.objective)
        column.objective_choices = choices


def panel_context(room, item: AgendaItem | None, group_list, board) -> dict:
    """What the co-creation board shows of the key-result step: on a key-result item, each
    group's claims (`group.kr_claims`) and what its leader may still claim, each key-result
    column's `objective_choices`; on an item with no columns yet, whether claiming may start."""
    if item is None:
        return {"active": False}
    is_kr = item.card_kind == CardKind.KEY_RESULT
    may_start = (not is_kr and item.method == Method.COCREATION and item.pk == room.workshop.current_item_id
                 and not any(column.agenda_item_id == item.pk for column in board))
    if not (is_kr or may_start):
        return {"active": False}
    claims = list(claims_of(item)) if is_kr else []
    claimable = list(claimable_objectives(room.workshop, room))
    for group in group_list:
        group.kr_claims = [claim for claim in claims if claim.group_id == group.pk]
        taken = {claim.objective_id for claim in group.kr_claims}
        group.kr_claimable = ([o for o in claimable if o.pk not in taken]
                              if len(group.kr_claims) < MAX_CLAIMED else [])
    objective_choices(item, board, claims)
    may_claim = room.can_manage or (room.seat is not None and room.seat.is_leader)
    return {"active": is_kr or (bool(claimable) and may_claim), "is_kr": is_kr,
            "max": MAX_CLAIMED, "min": MIN_CLAIMED}
