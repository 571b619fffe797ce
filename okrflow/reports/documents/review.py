"""`review` — the monthly/quarterly review form (月（季）绩效回顾表) of one person, one of the
forms HR publishes in the seed's steps (../shared/seeds/003: 《月（季）绩效回顾表》): the person's
OKRs of the cycle with their scores and grades, each key result's self-assessment and the
manager's review, each objective's summary (what was achieved, what was not, why), and the
signature lines of the person, the manager and HR.

The data is the review sheet of okrflow/assessments/sheet.py (`person_sheet`): who may read it is
decided there (okrflow/assessments/access.py `may_see_sheet`: HR, admins, the person and their
managers); anyone else gets NotFound, as for a missing person. The OKRs are read through the
reader's visibility and scored by the one rule (okrflow/okrs/selectors.py), so the form shows the
scores the objective pages show.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from okrflow.assessments.models import ReviewState
from okrflow.assessments.sheet import person_sheet
from okrflow.errors import DomainError
from okrflow.okrs import scoring
from okrflow.okrs.models import policy_for
from okrflow.okrs.selectors import owner_score
from okrflow.reports.document import (
    GRADE,
    NUMBER,
    SCORE,
    TEXT,
    Column,
    Definition,
    Fields,
    Heading,
    Paragraph,
    Report,
    ReportParams,
    Signatures,
    Table,
    register,
)
from okrflow.reports.documents.wording import grade_label, score_text


def _columns() -> list[Column]:
    return [
        Column("kr", _("Key result"), TEXT, width=22),
        Column("weight", _("Weight"), NUMBER, width=5),
        Column("target", _("Target"), TEXT, width=8),
        Column("current", _("Current value"), TEXT, width=8),
        Column("score", _("OKR score"), SCORE, width=7),
        Column("grade", _("Grade"), GRADE, width=6),
        Column("self_score", _("Self-score"), SCORE, width=7),
        Column("self_comment", _("Self-assessment comment"), TEXT, width=19),
        Column("review", _("Review"), TEXT, width=9),
        Column("reviewed_score", _("Reviewed score"), SCORE, width=7),
        Column("review_comment", _("Review comment"), TEXT, width=19),
    ]


def _value(number, unit: str) -> str:
    text = f"{number.normalize():f}" if number is not None else ""
    return f"{text} {unit}".strip()


def _number(value):
    return None if value is None else float(value)


def _kr_row(kr) -> dict:
    assessment = kr.assessment
    states = dict(ReviewState.choices)
    row = {"kr": kr.title, "weight": float(kr.weight), "target": _value(kr.target_value, kr.unit),
           "current": _value(kr.current_value, kr.unit), "score": kr.score, "grade": grade_label(kr.grade),
           "self_score": None, "self_comment": None, "review": None, "reviewed_score": None,
           "review_comment": None}
    if assessment is not None:
        row.update(self_score=_number(assessment.score), self_comment=assessment.comment or None,
                   review=str(states[assessment.review_state]),
                   reviewed_score=_number(assessment.reviewed_score),
                   review_comment=assessment.review_comment or None)
        if assessment.reviewed_by_id:
            row["review_comment"] = " — ".join(filter(None, [assessment.review_comment,
                                                             assessment.reviewed_by.name]))
    return row


def _objective_blocks(objective):
    title = objective.title
    yield Heading(title, level=2, anchor=f"objective-{objective.pk}")
    yield Fields([(_("Owner"), str(objective.owner_person or objective.owner_unit)),
                  (_("OKR score"), score_text(objective.score)),
                  (_("Grade"), grade_label(objective.grade))])
    yield Table(_columns(), [_kr_row(kr) for kr in objective.krs])
    summary = objective.summary_row
    if summary is not None:
        yield Fields([(_("What was achieved"), summary.achieved),
                      (_("What was not achieved"), summary.missed), (_("Why"), summary.why)])


def build(reader, params: ReportParams) -> Report:
    person, cycle = params.person, params.cycle
    if person is None:
        raise DomainError("required", _("Name the person whose review form it is."), field="person")
    sheet = person_sheet(reader, cycle, person)   # NotFound unless the reader may see it
    policy = policy_for(cycle.organization_id)
    score = owner_score(cycle, person=person)
    blocks = []
    if not sheet.objectives:
        blocks.append(Paragraph(_("No OKRs of this person in this cycle.")))
    for objective in sheet.objectives:
        blocks.extend(_objective_blocks(objective))
    blocks.append(Paragraph(_("The self-assessment is for learning, not for appraisal: it never changes "
                              "the OKR score and is not used to rate anyone.")))
    blocks.append(Signatures([_("Employee"), _("Manager"), _("HR")]))
    manager = person.manager.name if person.manager_id else ""
    return Report(
        name="review", title=_("Monthly/quarterly review form"),
        subtitle=f"{cycle.organization.name} · {cycle.name}",
        fields=[(_("Name"), person.name), (_("Unit"), person.unit.name if person.unit_id else ""),
                (_("Manager"), manager), (_("Cycle"), cycle.name),
                (_("Period"), f"{cycle.start_date.isoformat()} – {cycle.end_date.isoformat()}"),
                (_("OKR score"), score_text(score)), (_("Grade"), grade_label(scoring.grade(score, policy))),
                (_("Key results assessed"), f"{sheet.assessed} / {sheet.key_results}")],
        blocks=blocks, landscape=True, filename=f"review-{cycle.code}-{person.pk}")


DEFINITION = register(Definition(name="review", title=gettext_lazy("Monthly/quarterly review form"),
                                 scopes=("person",), build=build))
