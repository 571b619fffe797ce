"""`kr-actions` — the key results and action table (关键成果KRS和行动实施表) that the general manager's
office publishes for each company objective (../shared/seeds/003: 发布每个"O"的《关键成果KRS和行动实施表》):
each key result with its action plan (行动计划, from key results to tasks), decomposed by 5W2H — what,
why, who, where, when, how, how much (DOMAIN.md §3; okrflow/meetings ActionItem) — with each
task's owner, due date and state.

Scope: one `objective` (any state: the plan is made while the objective is set), or a `unit` — its
objectives and those of the units and people below it, that count (agreed or later). Read through
the reader's visibility: an objective the reader may not see is NotFound, as for a missing one.
Streamed a chunk of objectives at a time, three queries per chunk.
"""

from dataclasses import dataclass, field

from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from okrflow.errors import DomainError, NotFound
from okrflow.meetings.models import ActionItem, ActionStatus
from okrflow.okrs import scoring
from okrflow.okrs.access import visible_objectives
from okrflow.okrs.models import KeyResult, Objective, policy_for
from okrflow.okrs.selectors import score_of, with_scores
from okrflow.reports.document import (
    DATE,
    SCORE,
    TEXT,
    Column,
    Definition,
    Report,
    ReportParams,
    Table,
    register,
)
from okrflow.reports.documents.diagram import Spanned, chunks, in_scope
from okrflow.reports.documents.wording import grade_label


def columns(*, with_objective: bool) -> list[Column]:
    objective = [Column("objective", _("Objective"), TEXT, width=12, merge=True)] if with_objective else []
    return [
        *objective,
        Column("kr", _("Key result (KR)"), TEXT, width=14, merge=True),
        Column("kr_owner", _("KR owner"), TEXT, width=5, merge=True),
        Column("kr_score", _("KR score"), SCORE, width=5, merge=True),
        Column("what", _("What (action)"), TEXT, width=13),
        Column("why", _("Why"), TEXT, width=9),
        Column("who", _("Who"), TEXT, width=6),
        Column("where", _("Where"), TEXT, width=5),
        Column("when", _("When"), TEXT, width=5),
        Column("due", _("Due date"), DATE, width=8),
        Column("how", _("How"), TEXT, width=9),
        Column("how_much", _("How much"), TEXT, width=5),
        Column("state", _("Status"), TEXT, width=5),
    ]


# An action item's row: its key result, the plan's columns and its owner's name.
ACTION_FIELDS = ("key_result_id", "title", "status", "due_date", "what", "why", "who", "when", "where",
                 "how", "how_much", "owner__name")


@dataclass(slots=True)
class _KeyResult:
    pk: int
    title: str
    owner_name: str | None
    score: float
    actions: list = field(default_factory=list)   # dicts of ACTION_FIELDS


@dataclass(slots=True)
class _Objective:
    pk: int
    title: str
    krs: list


def _read_chunk(ids: list[int]) -> list[_Objective]:
    """The objectives of `ids` in that order with their key results (scores, owners) and the key
    results' action items: three queries of plain rows."""
    titles = dict(Objective.objects.filter(pk__in=ids).order_by().values_list("pk", "title"))
    krs = {}
    kr_rows = (KeyResult.objects.filter(objective_id__in=ids)
               .annotate(score_value=scoring.kr_score_expression()).order_by("objective_id", "position", "pk")
               .values_list("pk", "objective_id", "title", "owner__name", "score_value"))
    for pk, objective_id, title, owner_name, score in kr_rows:
        krs.setdefault(objective_id, []).append(_KeyResult(pk, title, owner_name, scoring.tidy(score)))
    by_kr = {kr.pk: kr for group in krs.values() for kr in group}
    if by_kr:
        for action in (ActionItem.objects.filter(key_result_id__in=list(by_kr))
                       .order_by("key_result_id", "position", "pk").values(*ACTION_FIELDS)):
            by_kr[action["key_result_id"]].actions.append(action)
    return [_Objective(pk, titles[pk], krs.get(pk, [])) for pk in ids if pk in titles]


def _who(action) -> str | None:
    """The task's owner and whoever else the plan names (the 5W2H "who")."""
    return " · ".join(filter(None, [action["owner__name"], action["who"]])) or None


def _what(action) -> str:
    return "\n".join(filter(None, [action["title"], action["what"]]))


EMPTY = {"what": None, "why": None, "who": None, "where": None, "when": None, "due": None, "how": None,
         "how_much": None, "state": None}


def _action_cells(action, states: dict) -> dict:
    return {"what": _what(action), "why": action["why"] or None, "who": _who(action),
            "where": action["where"] or None, "when": action["when"] or None, "due": action["due_date"],
            "how": action["how"] or None, "how_much": action["how_much"] or None,
            "state": states.get(action["status"])}


def _objective_rows(objective: _Objective, with_objective: bool, states: dict):
    head = {"objective": Spanned(objective.title, objective.pk)} if with_objective else {}
    if not objective.krs and with_objective:
        yield {**head, "kr": None, "kr_owner": None, "kr_score": None, **EMPTY}
    for kr in objective.krs:
        kr_cells = {**head, "kr": Spanned(kr.title, kr.pk), "kr_owner": kr.owner_name, "kr_score": kr.score}
        if not kr.actions:
            yield {**kr_cells, **EMPTY}
        for action in kr.actions:
            yield {**kr_cells, **_action_cells(action, states)}


def rows(ids: list[int], params: ReportParams, *, with_objective: bool):
    params.report_progress(0)
    done = 0
    states = {value: str(label) for value, label in ActionStatus.choices}
    for chunk in chunks(ids):
        for objective in _read_chunk(chunk):
            yield from _objective_rows(objective, with_objective, states)
        done += len(chunk)
        params.report_progress(100 * done // max(1, len(ids)))
    params.report_progress(100)


def _unit_ids(reader, params: ReportParams) -> list[int]:
    """The unit's objectives in the tree's order: a unit's own before its people's."""
    return list(in_scope(reader, params).order_by(
        Coalesce("owner_unit__path", "owner_person__unit__path"), F("owner_person_id").asc(nulls_first=True),
        "owner_person__name", "position", "pk").values_list("pk", flat=True))


def _objective_report(reader, params: ReportParams) -> Report:
    objective = (with_scores(visible_objectives(reader).filter(pk=params.objective.pk))
                 .select_related("cycle", "owner_unit", "owner_person").first())
    if objective is None:
        raise NotFound()
    score = score_of(objective)
    grade = grade_label(scoring.grade(score, policy_for(objective.organization_id)))
    organization = objective.cycle.organization
    owner = (objective.owner_person or objective.owner_unit).name
    return Report(
        name="kr-actions", title=_("Key results and action table"),
        subtitle=f"{organization.name} · {objective.cycle.name}",
        fields=[(_("Objective"), objective.title), (_("Owner"), owner),
                (_("Cycle"), objective.cycle.name), (_("OKR score"), score), (_("Grade"), grade)],
        blocks=[Table(columns(with_objective=False), rows([objective.pk], params, with_objective=False))],
        landscape=True, filename=f"kr-actions-{objective.ref}")


def build(reader, params: ReportParams) -> Report:
    if params.objective is not None:
        return _objective_report(reader, params)
    unit, cycle = params.unit, params.cycle
    if unit is None:
        raise DomainError("required", _("Name the objective or the unit whose action table it is."),
                          field="objective")
    organization = cycle.organization
    table = Table(columns(with_objective=True), rows(_unit_ids(reader, params), params, with_objective=True))
    return Report(
        name="kr-actions", title=_("Key results and action table"),
        subtitle=f"{organization.name} · {cycle.name}",
        fields=[(_("Unit"), unit.name), (_("Cycle"), cycle.name)],
        blocks=[table],
        landscape=True, filename=f"kr-actions-{cycle.code}-{unit.code}")


def _whole_company(params: ReportParams) -> bool:
    return params.objective is None and params.unit is not None and params.unit.parent_id is None


DEFINITION = register(Definition(name="kr-actions", title=gettext_lazy("Key results and action table"),
                                 scopes=("objective", "unit"), build=build, heavy=_whole_company))
