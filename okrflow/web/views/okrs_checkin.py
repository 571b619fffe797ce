"""The quick check-in on a key result: one htmx form, answered with the updated objective.

The response is the objective's score block and key-result table, so the KR's row and the
objective's score and grade change in place; without htmx the page simply reloads.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from okrflow.checkins.weekly import check_in_at_entry
from okrflow.errors import AccessDenied, DomainError
from okrflow.okrs.access import can_check_in, get_key_result, visible_objectives
from okrflow.okrs.models import policy_for
from okrflow.web.okr_forms import CheckInForm
from okrflow.web.views.guards import member_view
from okrflow.web.views.okrs_cards import decorate


@require_http_methods(["GET", "POST"])
@member_view
def check_in(request, kr_id):
    """GET: the form alone, fetched by htmx when a key result's "Check in" is first opened (so a
    page of many key results does not render a form for each); POST: the check-in."""
    person = request.user
    kr, _can_edit = get_key_result(person, kr_id)
    if not can_check_in(person, kr):
        raise AccessDenied()
    if request.method == "GET":
        return render(request, "web/okrs/_checkin_form.html", {"kr": kr, "objective": kr.objective})
    form = CheckInForm(request.POST, prefix=f"kr{kr.pk}")
    error = None
    if form.is_valid():
        try:
            check_in_at_entry(person, kr, value=form.cleaned_data["value"],
                              confidence=form.cleaned_data["confidence"], note=form.cleaned_data["note"],
                              date=form.cleaned_data["date"])
        except DomainError as domain_error:
            error = domain_error
            form.add_domain_error(domain_error)
    else:
        error = True
    if not request.headers.get("HX-Request"):
        if error:
            messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("objective", kr.objective_id)
    policy = policy_for(person.organization)
    [objective] = decorate(visible_objectives(person).filter(pk=kr.objective_id), person, policy=policy)
    if error:
        failed = next(k for k in objective.krs if k.pk == kr.pk)
        failed.checkin_form = form
    return render(request, "web/okrs/_objective_body.html", {
        "objective": objective, "open_checkin": kr.pk if error else None,
        "checked_in": None if error else kr.pk})
