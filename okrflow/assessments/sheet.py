"""The review sheet (月/季绩效回顾表, 结果运用) — kept apart from the OKR score.

`person_sheet(viewer, cycle, person)` reads one person's OKRs of a cycle as the viewer may see
them (okrflow/okrs/selectors.py: scores by the one rule), each key result with its
self-assessment and the manager's review, each objective with its summary: a fixed number of
queries. It is the self-assessment page's data and the review sheet's.

`write_unit_workbook(actor, cycle, unit, stream)` writes the sheet of every person of a unit
(and the units below) as XLSX, one row per key result, for HR and admins only: XlsxWriter in
constant-memory mode (rows go to disk as they are written), the key results read in one query
and iterated, text cells always written as strings (never formulas). Audited as
"review_sheet.export". The self-assessment appears in no other HR export.
"""

from dataclasses import dataclass, field

import xlsxwriter
from django.db.models import Q
from django.utils.translation import gettext as _

from okrflow.assessments import access
from okrflow.assessments.aggregates import unit_key_results
from okrflow.assessments.models import ObjectiveSummary, ReviewState, SelfAssessment
from okrflow.audit import log
from okrflow.errors import AccessDenied, NotFound
from okrflow.okrs import scoring
from okrflow.okrs.access import visibility_q
from okrflow.okrs.models import COUNTED_STATUSES, KeyResult, Objective, policy_for
from okrflow.okrs.scoring import GRADE_LABELS
from okrflow.okrs.selectors import objectives_for
from okrflow.org.reader import reader_of


@dataclass
class PersonSheet:
    person: object
    cycle: object
    objectives: list = field(default_factory=list)  # from objectives_for, each kr with .assessment
    assessed: int = 0
    key_results: int = 0


def person_objectives(cycle, person):
    """The cycle's counted objectives that are the person's: owned by them or holding a key
    result they own."""
    return (Objective.objects.for_org(cycle.organization_id)
            .filter(Q(owner_person=person)
                    | Q(pk__in=KeyResult.objects.filter(owner=person).values("objective_id")),
                    cycle=cycle, status__in=COUNTED_STATUSES))


def person_sheet(viewer, cycle, person) -> PersonSheet:
    """One person's sheet as `viewer` may see it; NotFound unless the viewer is HR, an admin,
    the person or one of their managers."""
    if not access.may_see_sheet(viewer, person):
        raise NotFound()
    objectives = objectives_for(viewer, person_objectives(cycle, person))
    kr_ids = [kr.pk for objective in objectives for kr in objective.krs]
    assessments = {a.key_result_id: a for a in SelfAssessment.objects.filter(key_result_id__in=kr_ids)
                   .select_related("reviewed_by")}
    summaries = {s.objective_id: s for s in
                 ObjectiveSummary.objects.filter(objective_id__in=[o.pk for o in objectives])}
    sheet = PersonSheet(person=person, cycle=cycle, objectives=objectives, key_results=len(kr_ids),
                        assessed=len(assessments))
    for objective in objectives:
        objective.summary_row = summaries.get(objective.pk)
        objective.may_summarize = access.may_summarize(viewer, objective)
        for kr in objective.krs:
            kr.objective = objective
            kr.assessment = assessments.get(kr.pk)
            kr.may_assess = access.may_self_assess(viewer, kr) and (
                kr.owner_id == person.pk or objective.owner_person_id == person.pk)
            kr.may_review = access.may_review(viewer, kr)
    return sheet


# --- the unit's workbook ----------------------------------------------------------------------

def _columns():
    return [_("Person"), _("Unit"), _("Objective"), _("Key result"), _("OKR score"), _("Grade"),
            _("Self-score"), _("Self-assessment comment"), _("Review"), _("Reviewed score"),
            _("Review comment"), _("Reviewed by")]


def _number(value):
    return None if value is None else float(value)


def write_unit_workbook(actor, cycle, unit, stream) -> int:
    """Write the unit's review sheet to `stream` (a binary file); returns the number of rows."""
    if not access.may_export(actor):
        raise AccessDenied(_("Only HR and admins export review sheets."))
    if unit.organization_id != cycle.organization_id:
        raise NotFound()
    policy = policy_for(cycle.organization_id)
    rows = (unit_key_results(cycle, unit.path).filter(visibility_q(reader_of(actor), "objective__"))
            .order_by("objective__owner_person__name", "objective__owner_person_id", "objective_id",
                      "position", "pk")
            .values_list("owner__name", "objective__owner_person__name", "objective__owner_unit__name",
                         "owner__unit__name", "objective__owner_person__unit__name", "objective__title",
                         "title", "okr_score", "self_assessment__score", "self_assessment__comment",
                         "self_assessment__review_state", "self_assessment__reviewed_score",
                         "self_assessment__review_comment", "self_assessment__reviewed_by__name"))
    book = xlsxwriter.Workbook(stream, {"constant_memory": True, "strings_to_formulas": False,
                                        "strings_to_urls": False, "in_memory": False})
    sheet = book.add_worksheet(_("Review sheet")[:31])
    bold = book.add_format({"bold": True})
    for col, title in enumerate(_columns()):
        sheet.write_string(0, col, title, bold)
    count = 0
    states = dict(ReviewState.choices)
    for count, row in enumerate(rows.iterator(chunk_size=2000), start=1):
        (kr_owner, objective_person, objective_unit, kr_owner_unit, person_unit, objective_title, title,
         score, self_score, comment, state, reviewed, review_comment, reviewer) = row
        score = scoring.tidy(score)
        texts = [kr_owner or objective_person or objective_unit or "", kr_owner_unit or person_unit or "",
                 objective_title, title]
        for col, text in enumerate(texts):
            sheet.write_string(count, col, text)
        sheet.write_number(count, 4, score)
        sheet.write_string(count, 5, str(GRADE_LABELS[scoring.grade(score, policy)]["label"]))
        for col, number in ((6, _number(self_score)), (9, _number(reviewed))):
            if number is not None:
                sheet.write_number(count, col, number)
        for col, text in ((7, comment), (8, str(states[state]) if state else ""), (10, review_comment),
                          (11, reviewer)):
            if text:
                sheet.write_string(count, col, text)
    book.close()
    log.record(unit, "review_sheet.export", actor=actor,
               changes={"cycle": [None, cycle.code], "rows": [None, count]})
    return count
