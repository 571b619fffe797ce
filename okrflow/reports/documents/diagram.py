"""`diagram` — the objective system diagram (目标体系模式图) that the general manager's office draws
and publishes after the company's objectives (../shared/seeds/003: 绘制并发布《目标体系模式图》).

The seed's table has the columns 序号 · 业务类别 · 目标"O" · KR关键结果 · KRS产出成果: a row per
business category, in the organization's order (自有平台, 外部平台, 游戏, 页面广告, 其他), each
spanning its objectives, each objective spanning its key results, each key result spanning its
outputs. Here the outputs are the key result's action items (行动计划, okrflow/meetings) with their
state, and each objective carries its owner, score and grade, each key result its score — by the
one rule (okrflow/okrs/scoring.py), the numbers every page shows. Categories come in the order
admins give them (okrflow/okrs/categories.py); objectives without one come last, under
"Uncategorized". Drafts and proposals are not part of the system (scoring.counts).

Scope: the cycle (the whole company as the reader may see it) or `unit` (that unit, the units below
it and their people). Rows stream: the ids of the visible objectives in the diagram's order are
read first (one query), then a chunk of objectives at a time with their key results and action
items — three queries per chunk, whatever the size of the company.
"""

from dataclasses import dataclass, field
from itertools import islice

from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from okrflow.meetings.models import ActionItem, ActionStatus
from okrflow.okrs import scoring
from okrflow.okrs.access import visible_objectives
from okrflow.okrs.models import Category, KeyResult, Objective, policy_for
from okrflow.okrs.selectors import with_scores
from okrflow.org import tree
from okrflow.reports.document import (
    GRADE,
    NUMBER,
    SCORE,
    TEXT,
    Column,
    Definition,
    Paragraph,
    Report,
    ReportParams,
    Table,
    register,
)
from okrflow.reports.documents.wording import grade_label

CHUNK = 500  # objectives read at a time (with their key results and action items)


class Spanned(str):
    """The text of a merged cell that names one object: equal only to the same text of the same
    object. The renderers merge consecutive equal values of a merged column into one cell
    (okrflow/reports/render/cells.py); two neighbouring objectives (or key results) that share a
    title stay two cells. Everything else sees a plain string."""

    key: object

    def __new__(cls, text, key):
        value = super().__new__(cls, text)
        value.key = key
        return value

    def __eq__(self, other):
        if isinstance(other, Spanned):
            return str.__eq__(self, other) and self.key == other.key
        return str.__eq__(self, other)

    def __ne__(self, other):
        return not self.__eq__(other)

    __hash__ = str.__hash__


def columns() -> list[Column]:
    return [
        Column("no", _("No."), NUMBER, width=4, merge=True),
        Column("category", _("Business category"), TEXT, width=7, merge=True),
        Column("objective", _('Objective "O"'), TEXT, width=18, merge=True),
        Column("owner", _("Owner"), TEXT, width=7, merge=True),
        Column("score", _("OKR score"), SCORE, width=5, merge=True),
        Column("grade", _("Grade"), GRADE, width=4, merge=True),
        Column("kr", _("Key result (KR)"), TEXT, width=20, merge=True),
        Column("kr_score", _("KR score"), SCORE, width=5, merge=True),
        Column("output", _("Outputs of the KR (KRS)"), TEXT, width=14),
        Column("state", _("Status"), TEXT, width=5),
    ]


def in_scope(reader, params: ReportParams):
    """The reader's visible objectives of the cycle that count, of the whole company or of the
    unit with everything and everyone below it (the root unit: the whole company)."""
    objectives = visible_objectives(reader).filter(scoring.counted(), cycle=params.cycle)
    unit = params.unit
    if unit is not None and unit.parent_id is not None:
        objectives = objectives.filter(tree.below("owner_unit__path", unit.path)
                                       | tree.below("owner_person__unit__path", unit.path))
    return objectives


def _ordered_ids(objectives) -> list[tuple[int, int | None]]:
    """(id, category id) of the objectives in the diagram's order: category (the organization's
    order, none last), then the owner's place in the tree (a unit's objectives before its
    people's), then the owner's own order. One query of two columns."""
    return list(objectives.order_by(
        F("category__position").asc(nulls_last=True), "category__name", "category_id",
        Coalesce("owner_unit__path", "owner_person__unit__path"), F("owner_person_id").asc(nulls_first=True),
        "owner_person__name", "position", "pk").values_list("pk", "category_id"))


def chunks(ids, size=CHUNK):
    it = iter(ids)
    while chunk := list(islice(it, size)):
        yield chunk


@dataclass(slots=True)
class _KeyResult:
    pk: int
    title: str
    score: float
    actions: list = field(default_factory=list)   # (title, status) of its action items


@dataclass(slots=True)
class _Objective:
    pk: int
    title: str
    owner_name: str
    score: float | None
    grade: str | None
    krs: list


def _read_chunk(ids: list[int], policy) -> list[_Objective]:
    """The objectives of `ids` in that order with their scores, owners, key results and the key
    results' action items: three queries of plain rows (model instances cost most of the time of
    a whole company's diagram)."""
    rows = (with_scores(Objective.objects.filter(pk__in=ids).order_by())
            .values_list("pk", "title", "owner_unit__name", "owner_person__name", "weighted", "weight_sum"))
    objectives = {pk: row for pk, *row in rows}
    krs = {}
    kr_rows = (KeyResult.objects.filter(objective_id__in=ids)
               .annotate(score_value=scoring.kr_score_expression()).order_by("objective_id", "position", "pk")
               .values_list("pk", "objective_id", "title", "score_value"))
    for pk, objective_id, title, score in kr_rows:
        krs.setdefault(objective_id, []).append(_KeyResult(pk, title, scoring.tidy(score)))
    by_kr = {kr.pk: kr for group in krs.values() for kr in group}
    if by_kr:
        for kr_id, title, status in (ActionItem.objects.filter(key_result_id__in=list(by_kr))
                                     .order_by("key_result_id", "position", "pk")
                                     .values_list("key_result_id", "title", "status")):
            by_kr[kr_id].actions.append((title, status))
    found = []
    for pk in ids:
        if pk not in objectives:  # deleted between the two reads
            continue
        title, unit_name, person_name, weighted, weight_sum = objectives[pk]
        score = scoring.ratio(weighted, weight_sum)
        found.append(_Objective(pk, title, person_name or unit_name, score, scoring.grade(score, policy),
                                krs.get(pk, [])))
    return found


def _objective_rows(no, category, objective: _Objective, states: dict):
    head = {"no": no, "category": category, "objective": Spanned(objective.title, objective.pk),
            "owner": objective.owner_name, "score": objective.score, "grade": grade_label(objective.grade)}
    if not objective.krs:
        yield {**head, "kr": None, "kr_score": None, "output": None, "state": None}
    for kr in objective.krs:
        kr_cells = {"kr": Spanned(kr.title, kr.pk), "kr_score": kr.score}
        if not kr.actions:
            yield {**head, **kr_cells, "output": None, "state": None}
        for title, status in kr.actions:
            yield {**head, **kr_cells, "output": title, "state": states.get(status)}


def rows(reader, params: ReportParams, *, show_empty: bool):
    """The diagram's rows, streamed (see the module). `show_empty`: a row for each category that
    holds no objective (the company's diagram shows its whole structure)."""
    policy = policy_for(params.cycle.organization_id)
    categories = list(Category.objects.for_org(params.cycle.organization_id).only("pk", "name"))
    ids = _ordered_ids(in_scope(reader, params))
    category_of = dict(ids)
    names = {c.pk: c.name for c in categories}
    pending = [c.pk for c in categories]   # categories not reached yet, in their order
    no, current, done = 0, object(), 0
    states = {value: str(label) for value, label in ActionStatus.choices}
    params.report_progress(0)
    for chunk in chunks([pk for pk, _category in ids]):
        for objective in _read_chunk(chunk, policy):
            category_id = category_of[objective.pk]
            if category_id != current:
                while pending and pending[0] != category_id:
                    skipped = pending.pop(0)
                    if show_empty:
                        no += 1
                        yield _empty(no, names[skipped])
                if pending:
                    pending.pop(0)
                no, current = no + 1, category_id
                label = names.get(category_id) if category_id is not None else _("Uncategorized")
            yield from _objective_rows(no, label, objective, states)
        done += len(chunk)
        params.report_progress(100 * done // max(1, len(ids)))
    if show_empty:
        for skipped in pending:
            no += 1
            yield _empty(no, names[skipped])
    params.report_progress(100)


def _empty(no, category) -> dict:
    return {"no": no, "category": category, "objective": None, "owner": None, "score": None, "grade": None,
            "kr": None, "kr_score": None, "output": None, "state": None}


def _whole_company(params: ReportParams) -> bool:
    return params.unit is None or params.unit.parent_id is None


def build(reader, params: ReportParams) -> Report:
    cycle, unit = params.cycle, params.unit
    organization = cycle.organization
    scope = organization.name if _whole_company(params) else unit.name
    note = _("Business categories in the organization's order; objectives without a category come last. "
             "Outputs are the key results' action items. Scores by the OKR scoring rule; drafts and "
             "proposals are not shown.")
    return Report(
        name="diagram", title=_("Objective system diagram"),
        subtitle=f"{organization.name} · {cycle.name}",
        fields=[(_("Cycle"), cycle.name), (_("Scope"), scope)],
        blocks=[Table(columns(), rows(reader, params, show_empty=_whole_company(params))), Paragraph(note)],
        landscape=True,
        filename=f"diagram-{cycle.code}" + ("" if _whole_company(params) else f"-{unit.code}"))


DEFINITION = register(Definition(name="diagram", title=gettext_lazy("Objective system diagram"),
                                 scopes=("unit",), build=build, heavy=_whole_company))
