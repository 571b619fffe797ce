"""From the room to OKRs, in one step (issue 10): the ranked columns of a meeting become draft
objectives of the chosen cycle and owner, and its key-result columns draft key results.

Which columns: the plenary's when the meeting has a plenary (the groups' results merged across
groups), else the groups'; in rank order (unranked last, by position). At most five objectives
come out of one meeting (the method's rule, DOMAIN.md §6: "at most 5 objectives"): the facilitator
chooses which columns, and a choice that would make more is refused with nothing created.

The objectives are written by okrflow/okrs/services.py (the one writer: its access check, its
validation of the cycle, owner and alignment, its audit entry) as drafts, so they enter the Set
step of the seven-step cycle and count nowhere until they are agreed. Their origin is bottom-up
when the column holds cards, its own or those of the groups' columns merged into it (the room's
own ideas), top-down when the facilitator wrote it alone.
A column remembers the draft it became (`Column.objective` / `Column.key_result`), so promoting
twice creates nothing new: promotion is idempotent per column.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from okrflow.audit import log as audit
from okrflow.errors import DomainError, locked
from okrflow.okrs import services as okrs
from okrflow.okrs.models import KeyResultKind, Objective, ObjectiveStatus, Origin
from okrflow.workshops import access
from okrflow.workshops.log import record_event
from okrflow.workshops.models import Card, CardKind, Column, Workshop

# The method's rule: a workshop settles on at most five objectives (seed 000: 目标不超过5个).
MAX_OBJECTIVES = 5


@dataclass
class Promotion:
    """What one promotion did: the drafts it created and the columns that already had theirs."""

    created: list = field(default_factory=list)
    kept: list = field(default_factory=list)


def _ranked(columns):
    """In agenda order (an item's steps after it), then by objective, then by rank."""
    return columns.order_by(
        Coalesce("agenda_item__parent__position", "agenda_item__position").asc(nulls_first=True),
        F("agenda_item__parent_id").asc(nulls_first=True), "agenda_item__position",
        F("for_objective_id").asc(nulls_first=True), F("rank").asc(nulls_last=True), "position", "id")


def result_columns(workshop, kind=CardKind.OBJECTIVE):
    """The meeting's results of `kind`, best first, read per agenda item (and, for key results,
    per objective they are for): the plenary's columns where it has any, else the groups' (a
    group column merged into the plenary is represented by it). Columns of another kind — a
    key-result item's columns when objectives are asked for — are never among them."""
    columns = Column.objects.filter(workshop=workshop, kind=kind, merged_into__isnull=True)
    keys = ("agenda_item_id", "for_objective_id") if kind == CardKind.KEY_RESULT else ("agenda_item_id",)
    with_plenary = set(columns.filter(group__isnull=True).values_list(*keys).distinct())
    shadowed = Q(pk__in=[])
    for key in with_plenary:
        shadowed |= Q(**dict(zip(keys, key, strict=True)))
    chosen = columns.filter(Q(group__isnull=True) | ~shadowed)
    return _ranked(chosen.select_related("group", "objective", "key_result", "for_objective")
                   .annotate(card_count=Count("cards", distinct=True) + Count("merged__cards", distinct=True),
                             vote_count=(Count("votes", distinct=True)
                                         + Count("merged__votes", distinct=True))))


def promotable_parents(workshop, cycle):
    """The objectives a promoted draft may support: those of the cycle's annual parent (or of
    the cycle itself when it has none), owned by the company (the root unit)."""
    if cycle is None:
        return Objective.objects.none()
    parent_cycle_id = cycle.parent_id or cycle.pk
    root = workshop.organization.root_unit()
    return (Objective.objects.for_org(workshop.organization_id)
            .filter(cycle_id=parent_cycle_id, owner_unit=root).order_by("position", "ref", "id"))


def _title_of(column) -> str:
    title = (column.title or column.keyword or "").strip()
    if not title:
        raise DomainError("column_untitled",
                          _("Write up every chosen column as an objective before promoting it "
                            "(column {number} has no title).").format(number=column.pk), field="columns")
    return title


def _description(column) -> str:
    """The cards behind the column, its own and those of the groups' columns merged into it."""
    cards = Card.objects.filter(Q(column=column) | Q(column__merged_into=column))
    return "\n".join(cards.order_by("column__group__number", "column_id", "position", "id")
                     .values_list("text", flat=True))


def _chosen(workshop, kind, column_ids):
    columns = result_columns(workshop, kind)
    if column_ids is None:
        return list(columns)
    try:
        wanted = {int(pk) for pk in column_ids}
    except (TypeError, ValueError):
        raise DomainError("bad_column", _("Choose columns of this meeting."), field="columns") from None
    chosen = [column for column in columns if column.pk in wanted]
    if len(chosen) != len(wanted):
        raise DomainError("bad_column", _("Choose columns of this meeting's results."), field="columns")
    return chosen


def _promoted_objective_count(workshop) -> int:
    return (Column.objects.filter(workshop=workshop, kind=CardKind.OBJECTIVE, objective__isnull=False)
            .values("objective_id").distinct().count())


def _lock_workshop(actor, workshop) -> Workshop:
    """The meeting's row locked (two facilitators promoting at once wait for each other, so a
    column never becomes two drafts), after the access check."""
    access.require_manage(actor, workshop)
    return locked(Workshop.objects.select_related("organization", "cycle", "unit"), pk=workshop.pk)


@transaction.atomic
def promote_objectives(actor, workshop, *, column_ids=None, cycle=None, owner_unit=None,
                       parent_objective=None) -> Promotion:
    """Make draft objectives of the chosen (default: every result) columns of `workshop`, in
    rank order, of `cycle` (default: the meeting's) owned by `owner_unit` (default: the meeting's
    unit, else the company), each supporting `parent_objective` when one is given."""
    workshop = _lock_workshop(actor, workshop)
    cycle = cycle or workshop.cycle
    if cycle is None:
        raise DomainError("cycle_required", _("Choose the cycle the drafts belong to."), field="cycle")
    owner_unit = owner_unit or workshop.unit or workshop.organization.root_unit()
    chosen = _chosen(workshop, CardKind.OBJECTIVE, column_ids)
    if not chosen:
        raise DomainError("nothing_to_promote", _("This meeting has no ranked results to promote yet."),
                          field="columns")
    result = Promotion(kept=[c for c in chosen if c.objective_id])
    new = [c for c in chosen if not c.objective_id]
    total = _promoted_objective_count(workshop) + len(new)
    if total > MAX_OBJECTIVES:
        raise DomainError("too_many_objectives",
                          _("A meeting settles on at most {limit} objectives; this would make {count}. "
                            "Choose fewer columns.").format(limit=MAX_OBJECTIVES, count=total),
                          field="columns")
    titles = [_title_of(column) for column in new]  # every title checked before anything is written
    for position, (column, title) in enumerate(zip(new, titles, strict=True), start=len(result.kept)):
        objective = okrs.create_objective(
            actor, workshop.organization, cycle=cycle, title=title, owner_unit=owner_unit,
            description=_description(column), status=ObjectiveStatus.DRAFT,
            origin=Origin.BOTTOM_UP if column.card_count else Origin.TOP_DOWN,
            parent_objective=parent_objective, position=position)
        Column.objects.filter(pk=column.pk).update(objective=objective, version=F("version") + 1)
        column.objective = objective
        result.created.append(column)
    if result.created:
        _record(actor, workshop, "objectives_promoted", result.created, "objective_id")
    return result


@transaction.atomic
def promote_key_results(actor, workshop, *, column_ids=None) -> Promotion:
    """Make draft key results of the chosen key-result columns (the groups' brainstorm for an
    objective, `Column.for_objective`). A key result the room gave a target (`Column.target_value`,
    `target_unit`) comes as a number from 0 to it; one without has no metric yet: it comes as a
    percentage from 0 to 100, to be given its real measure in the Set step."""
    workshop = _lock_workshop(actor, workshop)
    chosen = _chosen(workshop, CardKind.KEY_RESULT, column_ids)
    if not chosen:
        raise DomainError("nothing_to_promote", _("This meeting has no key-result columns to promote yet."),
                          field="columns")
    result = Promotion(kept=[c for c in chosen if c.key_result_id])
    new = [c for c in chosen if not c.key_result_id]
    for column in new:
        if column.for_objective is None or column.for_objective.organization_id != workshop.organization_id:
            raise DomainError("no_objective",
                              _("Say which objective the key results of column {number} are for.")
                              .format(number=column.pk), field="columns")
    titles = [_title_of(column) for column in new]
    for column, title in zip(new, titles, strict=True):
        objective = column.for_objective
        if column.target_value is None:
            measure = {"kind": KeyResultKind.PERCENT, "target_value": 100}
        else:
            measure = {"kind": KeyResultKind.NUMBER, "target_value": column.target_value,
                       "unit": column.target_unit}
        kr = okrs.create_key_result(actor, objective, title=title, start_value=0,
                                    position=objective.key_results.count(), **measure)
        Column.objects.filter(pk=column.pk).update(key_result=kr, version=F("version") + 1)
        column.key_result = kr
        result.created.append(column)
    if result.created:
        _record(actor, workshop, "key_results_promoted", result.created, "key_result_id")
    return result


def _record(actor, workshop, kind, columns, attribute) -> None:
    ids = {"column_ids": [c.pk for c in columns], "ids": [getattr(c, attribute) for c in columns]}
    record_event(workshop, "columns", kind, ids, actor=access.seat_of(actor, workshop))
    audit.record(workshop, f"workshop.{kind}", actor=actor, changes={attribute: [None, ids["ids"]]})
