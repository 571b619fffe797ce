"""The OKR rules check while drafting: the objective or key-result form posts its current input
here (htmx, as the person types) and gets back the findings of okrflow.okrs.lint for it."""

from django.shortcuts import render
from django.views.decorators.http import require_POST

from okrflow.errors import DomainError
from okrflow.okrs import rules
from okrflow.okrs.access import get_key_result, get_objective
from okrflow.okrs.lint import lint_objective_draft, owner_ref
from okrflow.okrs.models import KeyResult
from okrflow.org.models import Person, Unit
from okrflow.web.current_cycle import current_cycle
from okrflow.web.views.guards import member_view


def _draft_owner_ref(person, key: str) -> str:
    """The lint's owner ref ("company", "unit:CODE", "person:EMAIL") for the form's owner choice."""
    kind, _sep, pk = (key or "").partition(":")
    if kind == "unit":
        unit = Unit.objects.for_org(person.organization).filter(pk=pk).only("code").first()
        return f"unit:{unit.code}" if unit else "company"
    if kind == "person":
        other = Person.objects.for_org(person.organization).filter(pk=pk).only("email").first()
        return f"person:{(other or person).email}"
    return "company"


def _date_or_none(text):
    """A half-typed date is no finding yet: the form itself will say what is wrong on save."""
    try:
        return rules.as_date(text, "due_date")
    except DomainError:
        return None


def _known_key_results(objective, replacing=None) -> list[dict]:
    rows = KeyResult.objects.filter(objective=objective).exclude(pk=getattr(replacing, "pk", None))
    return [{"ref": kr.ref, "title": kr.title, "owner": kr.owner_id, "due_date": kr.due_date}
            for kr in rows.order_by("position", "id")]


def _findings_for_key_result_form(request, data):
    kr = None
    if data.get("lint_kr"):
        kr, _can_edit = get_key_result(request.user, data["lint_kr"])
        objective = kr.objective
    else:
        objective, _can_edit = get_objective(request.user, data.get("lint_objective"))
    drafted = {"ref": getattr(kr, "ref", ""), "title": data.get("title", ""), "owner": data.get("owner"),
               "due_date": _date_or_none(data.get("due_date"))}
    key_results = _known_key_results(objective, replacing=kr) + [drafted]
    findings = lint_objective_draft(
        owner_ref=owner_ref(objective), key_results=key_results, cycle=objective.cycle,
        has_parent=bool(objective.parent_objective_id or objective.parent_key_result_id),
        organization=request.user.organization, ref=objective.ref)
    # Only what this form can fix: the drafted key result and the objective's count of them.
    return [f for f in findings if f.ref in (drafted["ref"] or f"KR{len(key_results)}", objective.ref)]


def _findings_for_objective_form(request, data):
    objective = None
    if data.get("lint_objective"):
        objective, _can_edit = get_objective(request.user, data["lint_objective"])
    key_results = _known_key_results(objective) if objective else []
    return lint_objective_draft(
        owner_ref=_draft_owner_ref(request.user, data.get("owner")), key_results=key_results,
        has_parent=bool(data.get("parent")), cycle=objective.cycle if objective else current_cycle(request),
        organization=request.user.organization, ref=getattr(objective, "ref", ""))


@require_POST
@member_view
def lint_draft(request):
    data = request.POST
    if "kind" in data:
        findings = _findings_for_key_result_form(request, data)
    else:
        findings = _findings_for_objective_form(request, data)
    return render(request, "web/okrs/_lint.html", {"findings": findings, "checked": True})
