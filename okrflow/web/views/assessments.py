"""Self-assess (自评): a person's self-assessment page for a cycle (/cycles/<code>/self-assessment/,
a report's with ?person=<id>), the manager's review queue (/cycles/<code>/reviews/), a unit's
aggregated view, and the review sheet kept apart for HR (/cycles/<code>/review-sheet/<id>/ and
the unit's XLSX). Thin views over okrflow/assessments: a refused write comes back to the page
with its message, nothing stored.
"""

import tempfile

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from okrflow.assessments import access, aggregates, services, sheet
from okrflow.assessments.models import ReviewState, SelfAssessment
from okrflow.errors import AccessDenied, DomainError, NotFound
from okrflow.okrs.access import valid_id, visibility_q, visible_key_results, visible_objectives
from okrflow.okrs.models import COUNTED_STATUSES
from okrflow.okrs.scoring import GRADE_LABELS, GRADES
from okrflow.org.access import get_unit
from okrflow.org.models import Person
from okrflow.org.reader import reader_of
from okrflow.web.current_cycle import cycle_of
from okrflow.web.views.guards import member_view
from okrflow.web.views.okrs_cards import BOOTSTRAP_COLOUR, badge

REVIEWS_PER_PAGE = 50


class AssessmentForm(forms.Form):
    score = forms.CharField(label=gettext_lazy("Self-score"), required=False, max_length=20)
    comment = forms.CharField(label=gettext_lazy("Comment"), required=False, max_length=4000,
                              widget=forms.Textarea(attrs={"rows": 2}))


class SummaryForm(forms.Form):
    achieved = forms.CharField(label=gettext_lazy("What was achieved"), required=False, max_length=4000,
                               widget=forms.Textarea(attrs={"rows": 2}))
    missed = forms.CharField(label=gettext_lazy("What was not achieved"), required=False, max_length=4000,
                             widget=forms.Textarea(attrs={"rows": 2}))
    why = forms.CharField(label=gettext_lazy("Why"), required=False, max_length=4000,
                          widget=forms.Textarea(attrs={"rows": 2}))


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(choices=[("agree", "agree"), ("adjust", "adjust")])
    score = forms.CharField(required=False, max_length=20)
    comment = forms.CharField(required=False, max_length=4000)


def _person_of(request):
    """The person whose page it is: oneself, or (?person=) someone whose sheet one may see."""
    wanted = request.GET.get("person") or request.POST.get("person")
    if not wanted:
        return request.user
    person = (Person.objects.for_org(request.user.organization_id).select_related("unit")
              .filter(pk=valid_id(wanted)).first())
    if person is None or not access.may_see_sheet(request.user, person):
        raise NotFound()
    return person


def _sheet(viewer, cycle, person):
    """The person's sheet with grades as the OKR pages' badges."""
    data = sheet.person_sheet(viewer, cycle, person)
    for objective in data.objectives:
        objective.grade = badge(objective.grade)
        for kr in objective.krs:
            kr.grade = badge(kr.grade)
    return data


def _refused(request, error: DomainError, target: str):
    messages.error(request, str(error.message))
    return redirect(target)


def _save_self_assessment(request, cycle, target):
    kind = request.POST.get("form")
    try:
        if kind == "kr":
            kr = visible_key_results(request.user).filter(
                pk=valid_id(request.POST.get("key_result")), objective__cycle=cycle).first()
            form = AssessmentForm(request.POST)
            if kr is None or not form.is_valid():
                raise NotFound()
            services.self_assess(request.user, kr, score=form.cleaned_data["score"].strip() or None,
                                 comment=form.cleaned_data["comment"])
            messages.success(request, _("Self-assessment saved."))
            return redirect(f"{target}#kr-{kr.pk}")
        if kind == "summary":
            objective = visible_objectives(request.user).filter(
                pk=valid_id(request.POST.get("objective")), cycle=cycle).first()
            form = SummaryForm(request.POST)
            if objective is None or not form.is_valid():
                raise NotFound()
            services.summarize(request.user, objective, **form.cleaned_data)
            messages.success(request, _("Summary saved."))
            return redirect(f"{target}#objective-{objective.pk}")
    except NotFound:
        raise
    except DomainError as error:
        return _refused(request, error, target)
    raise NotFound()


@member_view
def self_assessment_page(request, code):
    """Each of the person's key results with the computed score prefilled, a score and a comment,
    and per objective the three-part summary."""
    cycle = cycle_of(request, code)
    person = _person_of(request)
    target = reverse("self_assessment", args=[cycle.code])
    if person.pk != request.user.pk:
        target += f"?person={person.pk}"
    if request.method == "POST":
        return _save_self_assessment(request, cycle, target)
    data = _sheet(request.user, cycle, person)
    is_open = cycle.is_published and not cycle.is_closed
    return render(request, "web/assessments/self.html", {
        "cycle": cycle, "person": person, "sheet": data, "is_open": is_open,
        "is_self": person.pk == request.user.pk})


def _review_queue(viewer, cycle):
    """The cycle's self-assessments the viewer may review, set-wise through the reader's paths
    (the exact rule runs per row of the page shown: `_queue_page`)."""
    reader = reader_of(viewer)
    scope = Q()
    if not (reader.everything or viewer.is_org_admin):
        scope = (reader.managed_people_q("key_result__owner__")
                 | reader.managed_people_q("key_result__objective__owner_person__")
                 | reader.managed_units_q("key_result__objective__owner_unit__parent__path"))
    rows = (SelfAssessment.objects.for_org(viewer.organization_id)
            .filter(scope, visibility_q(reader, "key_result__objective__"),
                    key_result__objective__cycle=cycle, key_result__objective__status__in=COUNTED_STATUSES)
            .select_related("assessed_by", "reviewed_by",
                            *(f"key_result__{name}" for name in access.KEY_RESULT_RELATIONS))
            .order_by("review_state", "assessed_by__name", "key_result__objective_id",
                      "key_result__position", "id"))
    return rows


def _queue_page(viewer, rows, number):
    """One page of the queue (an admin's or the champion's holds the whole organization's), the
    exact rule over its rows (all owners loaded with them, no query per row)."""
    page = Paginator(rows, REVIEWS_PER_PAGE).get_page(number)
    page.object_list = [a for a in page.object_list if access.may_review(viewer, a.key_result)]
    return page


@member_view
def review_queue(request, code):
    """The manager's queue: each report's self-assessments, to agree with or adjust."""
    cycle = cycle_of(request, code)
    target = reverse("self_assessment_reviews", args=[cycle.code])
    if request.method == "POST":
        assessment = SelfAssessment.objects.for_org(request.user.organization_id).filter(
            pk=valid_id(request.POST.get("assessment")), key_result__objective__cycle=cycle).first()
        form = ReviewForm(request.POST)
        if assessment is None or not form.is_valid():
            raise NotFound()
        data = form.cleaned_data
        try:
            services.review(request.user, assessment, agree=data["decision"] == "agree",
                            score=data["score"].strip() or None, comment=data["comment"])
        except NotFound:
            raise
        except DomainError as error:
            return _refused(request, error, f"{target}#assessment-{assessment.pk}")
        messages.success(request, _("Review saved."))
        return redirect(f"{target}#assessment-{assessment.pk}")
    rows = _review_queue(request.user, cycle)
    return render(request, "web/assessments/reviews.html", {
        "cycle": cycle, "queue": _queue_page(request.user, rows, request.GET.get("page")),
        "pending": rows.filter(review_state=ReviewState.PENDING).count(),
        "is_open": cycle.is_published and not cycle.is_closed})


@member_view
def review_sheet(request, code, person_id):
    """The person's review sheet (月/季绩效回顾表): HR, admins, the person and their managers."""
    cycle = cycle_of(request, code)
    person = (Person.objects.for_org(request.user.organization_id).select_related("unit", "manager")
              .filter(pk=valid_id(person_id)).first())
    if person is None:
        raise NotFound()
    data = _sheet(request.user, cycle, person)
    return render(request, "web/assessments/sheet.html", {
        "cycle": cycle, "person": person, "sheet": data})


@member_view
def unit_assessments(request, code, unit_code):
    """A unit's aggregated self-assessments, for its head (and those above) and admins."""
    cycle = cycle_of(request, code)
    unit = get_unit(request.user, unit_code)
    if not access.may_see_unit(request.user, unit):
        raise AccessDenied(_("Only the unit's head, admins and HR see its self-assessments."))
    summary = aggregates.unit_summary(cycle, unit.path)
    bars = [{"grade": g, "label": GRADE_LABELS[g]["label"],
             "colour": BOOTSTRAP_COLOUR[GRADE_LABELS[g]["colour"]],
             "okr": summary.grades[g], "self": summary.self_grades[g]} for g in GRADES]
    return render(request, "web/assessments/unit.html", {
        "cycle": cycle, "unit": unit, "summary": summary, "bars": bars,
        "may_export": access.may_export(request.user)})


@require_POST
@member_view
def unit_review_sheet_export(request, code, unit_code):
    """The unit's review sheets as XLSX (HR and admins), written to a temporary file and streamed.
    A POST: the export is audited (a GET never writes)."""
    cycle = cycle_of(request, code)
    unit = get_unit(request.user, unit_code)
    # Closed by the response once sent (FileResponse closes its file); a refusal closes it here.
    stream = tempfile.TemporaryFile()  # noqa: SIM115
    try:
        sheet.write_unit_workbook(request.user, cycle, unit, stream)
    except DomainError:
        stream.close()
        raise
    stream.seek(0)
    return FileResponse(stream, as_attachment=True, filename=f"review-sheet-{cycle.code}-{unit.code}.xlsx",
                        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
