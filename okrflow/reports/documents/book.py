"""`book` — the published OKR book of a cycle (发布: 建档公布执行实施, ../shared/seeds/003): a
cover (the organization, the cycle, the mission and the vision), the company's annual and this
cycle's OKRs, then one chapter per department in the tree's order — every unit's and every
person's OKRs that the reader may see — with a table of contents of the chapters.

The reads are the web book's (okrflow/publishing/book.py, the book's one home): `front_page` for
the company, `sections` for the chapters, streamed: the blocks come from a generator and each
chapter's objectives are read a chunk of owners at a time through the reader's visibility, with
their key results and scores (okrflow/okrs/selectors.py, the one rule of okrs/scoring.py) in a
fixed number of queries per chunk. Units' and people's scores (the plain mean of ALL their
objectives, private ones counted by number only) come from one set-wise query per chapter
(scoring.owner_scores), so they are the same for every reader.

Headings: level 1 a chapter (the company, each department), level 2 a unit, level 3 a person;
anchors are stable ("company", "chapter-<unit code>", "unit-<unit code>", "person-<id>").
The whole company's book is heavy (a background job); `unit` gives one department's book.
"""

from collections.abc import Iterator

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from okrflow.okrs import scoring
from okrflow.okrs.models import Objective, policy_for
from okrflow.org import tree
from okrflow.publishing import book
from okrflow.reports.document import (
    GRADE,
    NUMBER,
    PERCENT,
    SCORE,
    TEXT,
    Column,
    Definition,
    Fields,
    Heading,
    PageBreak,
    Paragraph,
    Report,
    ReportParams,
    Table,
    register,
)
from okrflow.reports.documents.wording import grade_label, score_text


def okr_columns() -> list[Column]:
    return [
        Column("item", _("Objective / key result"), TEXT, width=30),
        Column("owner", _("Owner"), TEXT, width=8),
        Column("weight", _("Weight"), NUMBER, width=5),
        Column("target", _("Target"), TEXT, width=9),
        Column("current", _("Current value"), TEXT, width=9),
        Column("score", _("Score"), SCORE, width=6),
        Column("grade", _("Grade"), GRADE, width=6),
        Column("confidence", _("Confidence"), PERCENT, width=7),
    ]


def _value(number, unit: str) -> str:
    return f"{number.normalize():f} {unit}".strip()


class _Words:
    """What every table and heading repeats, translated once per book in the reader's language
    (a 10,000-person book has some 10,000 tables: their columns and grade labels are shared)."""

    def __init__(self, policy):
        self.policy = policy
        self.columns = okr_columns()
        self.grades = {code: grade_label(code) for code in scoring.GRADES}
        self.score, self.grade = _("Score"), _("Grade")

    def table(self, objectives) -> Table:
        return Table(self.columns, okr_rows(objectives, self.grades))

    def score_fields(self, score) -> Fields:
        return Fields([(self.score, score_text(score)),
                       (self.grade, self.grades.get(scoring.grade(score, self.policy)))])


def okr_rows(objectives, grades) -> Iterator[dict]:
    """An objective's row ("O1 title", its score and grade), then one row per key result."""
    for number, objective in enumerate(objectives, start=1):
        owner = objective.owner_person or objective.owner_unit
        yield {"item": f"O{number} {objective.title}", "owner": owner.name if owner else None,
               "weight": None, "target": None, "current": None, "score": objective.score,
               "grade": grades.get(objective.grade), "confidence": None}
        for kr_number, kr in enumerate(objective.krs, start=1):
            yield {"item": f"KR{number}.{kr_number} {kr.title}",
                   "owner": kr.owner.name if kr.owner_id else None,
                   "weight": float(kr.weight), "target": _value(kr.target_value, kr.unit),
                   "current": _value(kr.current_value, kr.unit), "score": kr.score,
                   "grade": grades.get(kr.grade), "confidence": kr.confidence}


def _owner_scores(cycle, units) -> dict:
    """{("unit"|"person", id): score} of every owner in the units' subtree (one query)."""
    top = units[0]
    objectives = Objective.objects.for_org(cycle.organization_id)
    if top.parent_id is None:   # the company: only the root unit's own people, the rest are chapters
        objectives = objectives.filter(Q(owner_unit=top) | Q(owner_person__unit=top))
    else:
        objectives = objectives.filter(tree.below("owner_unit__path", top.path)
                                       | tree.below("owner_person__unit__path", top.path))
    return scoring.owner_scores(cycle, objectives)


def _section_blocks(section, scores, words, *, unit_heading: bool = True) -> Iterator:
    unit = section.unit
    if unit_heading:
        yield Heading(unit.name, level=2, anchor=f"unit-{unit.code}")
        yield words.score_fields(scores.get(("unit", unit.pk)))
    if section.objectives:
        yield words.table(section.objectives)
    for person, objectives in section.people:
        yield Heading(person.name, level=3, anchor=f"person-{person.pk}")
        yield words.score_fields(scores.get(("person", person.pk)))
        yield words.table(objectives)


def _company_blocks(reader, cycle, root, words) -> Iterator:
    front = book.front_page(reader, cycle)
    yield Heading(_("Company OKRs"), level=1, anchor="company")
    yield words.score_fields(front["score"])
    if cycle.parent_id:
        yield Heading(_("Annual OKRs: {cycle}").format(cycle=cycle.parent.name), level=2,
                      anchor="company-annual")
        yield words.table(front["annual"]) if front["annual"] else Paragraph(_("No OKRs."))
    yield Heading(_("OKRs of {cycle}").format(cycle=cycle.name), level=2, anchor="company-cycle")
    yield words.table(front["company"]) if front["company"] else Paragraph(_("No OKRs."))
    if root is not None:   # the people of the company level (its head, HR, …): their own OKRs
        units = [root]
        scores = _owner_scores(cycle, units)
        for section in book.sections(reader, cycle, units, deep=False, own_objectives=False):
            yield Heading(_("At the company level"), level=2, anchor=f"unit-{root.code}")
            yield from _section_blocks(section, scores, words, unit_heading=False)


def _chapter_blocks(reader, cycle, department, words, progress=None) -> Iterator:
    units = book.subtree(cycle, department)
    yield PageBreak()
    yield Heading(department.name, level=1, anchor=f"chapter-{department.code}")
    scores = _owner_scores(cycle, units)
    shown = False
    for section in book.sections(reader, cycle, units, progress=progress):
        shown = True
        yield from _section_blocks(section, scores, words)
    if not shown:
        yield Paragraph(_("No OKRs you may see in this department."))


def _blocks(reader, params: ReportParams, chapters, *, whole: bool) -> Iterator:
    cycle = params.cycle
    words = _Words(policy_for(cycle.organization_id))
    params.report_progress(0)
    yield from _company_blocks(reader, cycle, cycle.organization.root_unit() if whole else None, words)
    for done, department in enumerate(chapters):
        def within(read, owners, done=done):   # the chapters share the bar evenly
            params.report_progress(100 * (done + read / owners) // len(chapters))
        yield from _chapter_blocks(reader, cycle, department, words, progress=within)
        params.report_progress(100 * (done + 1) // len(chapters))
    params.report_progress(100)


def _whole_company(params: ReportParams) -> bool:
    return params.unit is None or params.unit.parent_id is None


def build(reader, params: ReportParams) -> Report:
    cycle = params.cycle
    organization = cycle.organization
    whole = _whole_company(params)
    chapters = book.departments(cycle) if whole else [params.unit]
    title = _("OKR book") if whole else _("OKR book: {unit}").format(unit=params.unit.name)
    return Report(
        name="book", title=title, subtitle=f"{organization.name} · {cycle.name}",
        # Two to a row on the cover: the organization and the cycle, the mission beside the vision.
        fields=[(_("Organization"), organization.name), (_("Cycle"), cycle.name),
                (_("Mission"), organization.mission or None), (_("Vision"), organization.vision or None),
                (_("Period"), f"{cycle.start_date.isoformat()} – {cycle.end_date.isoformat()}")],
        blocks=_blocks(reader, params, chapters, whole=whole), toc=True,
        filename=f"okr-book-{cycle.code}" + ("" if whole else f"-{params.unit.code}"))


DEFINITION = register(Definition(name="book", title=gettext_lazy("OKR book"), scopes=("unit",), build=build,
                                 heavy=_whole_company))
