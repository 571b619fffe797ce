"""Creating and changing objectives and key results: thin views over okrflow.okrs.services.

Every form carries the version it was opened at; the service refuses (StaleWrite) to write
over a change someone else made since, and the form says so instead of losing their work.
"""

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from okrflow.errors import AccessDenied, DomainError
from okrflow.okrs import services
from okrflow.okrs.access import Rights, get_key_result, get_objective, visible_objectives
from okrflow.okrs.models import KeyResult, ObjectiveStatus
from okrflow.web import okr_forms
from okrflow.web.current_cycle import current_cycle
from okrflow.web.views.guards import member_view, require_permission


def _cycle_and_ancestors(cycle) -> list:
    cycles, seen = [], cycle
    while seen is not None and seen not in cycles:
        cycles.append(seen)
        seen = seen.parent
    return cycles


def _parent_candidates(person, cycle):
    """What a new objective may support: the company's and units' objectives of this cycle and
    the cycles containing it, plus the person's own and their manager's (kept short on purpose:
    a select of 30,000 objectives helps no one)."""
    if cycle is None:
        return []
    people = [person.pk] + ([person.manager_id] if person.manager_id else [])
    return (visible_objectives(person).filter(cycle__in=_cycle_and_ancestors(cycle))
            .filter(Q(owner_unit__isnull=False) | Q(owner_person_id__in=people))
            .select_related("owner_unit").prefetch_related("key_results").order_by("cycle__start_date", "pk"))


def _show_domain_error(form, error: DomainError) -> None:
    error.field = okr_forms.FIELD_OF.get(error.field, error.field)
    form.add_domain_error(error)


@member_view
def objective_form(request, objective_id=None):
    person = request.user
    objective = None
    if objective_id is not None:
        objective, can_edit = get_objective(person, objective_id)
        require_permission(can_edit)
    cycle = objective.cycle if objective else current_cycle(request)
    form_kwargs = {"actor": person, "rights": Rights(person), "objective": objective,
                   "parents": _parent_candidates(person, cycle)}
    if request.method == "POST":
        form = okr_forms.ObjectiveForm(request.POST, **form_kwargs)
        if form.is_valid():
            saved = _save_objective(request, form, objective, cycle)
            if saved is not None:
                return redirect("objective", saved.pk)
    else:
        initial = okr_forms.objective_initial(objective) if objective else None
        form = okr_forms.ObjectiveForm(initial=initial, **form_kwargs)
    return render(request, "web/okrs/objective_form.html", {
        "form": form, "objective": objective, "cycle": cycle})


def _save_objective(request, form, objective, cycle):
    """The saved objective, or None with the service's message on the form."""
    try:
        if cycle is None:
            raise DomainError("no_cycle", _("Set up a cycle first."))
        if objective is None:
            # A new objective starts as a draft, in a published cycle too (okrflow/okrs/states.py).
            saved = services.create_objective(request.user, request.user.organization, cycle=cycle,
                                              status=ObjectiveStatus.DRAFT, **form.service_arguments())
            messages.success(request, _("Objective created. Now add its key results."))
            return saved
        saved = services.update_objective(request.user, objective,
                                          expected_version=form.cleaned_data.get("version"),
                                          **form.service_arguments())
        messages.success(request, _("Objective saved."))
        return saved
    except AccessDenied as error:
        form.add_error("owner", str(error.message))
    except DomainError as error:
        _show_domain_error(form, error)
    return None


@member_view
def key_result_form(request, objective_id=None, kr_id=None):
    person = request.user
    kr = None
    if kr_id is not None:
        kr, can_edit = get_key_result(person, kr_id)
        objective = kr.objective
    else:
        objective, can_edit = get_objective(person, objective_id)
    require_permission(can_edit)
    if request.method == "POST":
        form = okr_forms.KeyResultForm(request.POST, actor=person)
        if form.is_valid() and _save_key_result(request, form, objective, kr):
            return redirect(reverse("objective", args=[objective.pk]) + "#key-results")
    else:
        initial = okr_forms.key_result_initial(kr) if kr else {"owner": _default_kr_owner(objective, person)}
        form = okr_forms.KeyResultForm(initial=initial, actor=person)
    return render(request, "web/okrs/key_result_form.html", {
        "form": form, "objective": objective, "kr": kr,
        "kr_count": KeyResult.objects.filter(objective=objective).count()})


def _default_kr_owner(objective, person):
    return objective.owner_person or person


def _save_key_result(request, form, objective, kr) -> bool:
    try:
        if kr is None:
            services.create_key_result(request.user, objective, **form.service_arguments())
            messages.success(request, _("Key result added."))
        else:
            services.update_key_result(request.user, kr, expected_version=form.cleaned_data.get("version"),
                                       **form.service_arguments())
            messages.success(request, _("Key result saved."))
        return True
    except DomainError as error:
        _show_domain_error(form, error)
        return False
