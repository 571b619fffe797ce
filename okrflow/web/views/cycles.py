"""The cycles page, one cycle's page (its seven steps, their dates, its pilot units) and the
navbar's cycle switcher."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from okrflow.cycles import pilots, services, timeline
from okrflow.cycles.models import CycleKind
from okrflow.errors import DomainError
from okrflow.org.access import can_manage_cycles
from okrflow.web.current_cycle import choose_cycle, cycle_of, org_cycles
from okrflow.web.phase_forms import PhasesForm, PilotForm
from okrflow.web.views.guards import member_view, require_permission


@member_view
def cycle_list(request):
    cycles = org_cycles(request)
    children = {}
    for cycle in cycles:
        children.setdefault(cycle.parent_id, []).append(cycle)
    annual = [c for c in children.get(None, []) if c.kind == CycleKind.ANNUAL]
    others = [c for c in children.get(None, []) if c.kind != CycleKind.ANNUAL]
    groups = [(year, _descendants(year, children)) for year in reversed(annual)]
    return render(request, "web/cycles.html", {
        "groups": groups, "others": others, "today": timezone.localdate(),
    })


def _descendants(cycle, children, depth=1) -> list:
    """(cycle, depth) below `cycle`, in date order: quarters with their months under them."""
    rows = []
    for child in children.get(cycle.pk, []):
        rows.append((child, depth))
        rows.extend(_descendants(child, children, depth + 1))
    return rows


@require_POST
@member_view
def switch_cycle(request):
    cycle = choose_cycle(request, request.POST.get("cycle_id"))
    if cycle is None:
        raise Http404()
    messages.success(request, _("Now showing {cycle}.").format(cycle=cycle.name))
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = "home"
    return redirect(next_url)


def _cycle_page(request, cycle, *, phases_form=None, pilot_form=None, status=200):
    today = timezone.localdate()
    may_plan = can_manage_cycles(request.user)
    pilot_units = list(cycle.pilot_units.order_by("name", "id"))
    if may_plan:
        phases_form = phases_form or PhasesForm(timeline.phase_dates(cycle))
        pilot_form = pilot_form or PilotForm(cycle)
    return render(request, "web/cycles_detail.html", {
        "cycle": cycle, "today": today, "timeline": timeline.steps(cycle, today),
        "pilot_units": pilot_units, "is_pilot": pilots.is_pilot(cycle), "may_plan": may_plan,
        "phases_form": phases_form, "pilot_form": pilot_form,
    }, status=status)


@member_view
def cycle_page(request, code):
    return _cycle_page(request, cycle_of(request, code))


@require_POST
@member_view
def cycle_phases(request, code):
    """The admin or the champion moves the cycle's phases (all seven in one form)."""
    cycle = cycle_of(request, code)
    require_permission(can_manage_cycles(request.user))
    form = PhasesForm(timeline.phase_dates(cycle), request.POST)
    if form.is_valid():
        try:
            services.plan_phases(request.user, cycle, form.dates())
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("The phases of {cycle} are saved.").format(cycle=cycle.name))
            return redirect(reverse("cycle", args=[cycle.code]) + "#phases")
    return _cycle_page(request, cycle, phases_form=form)


@require_POST
@member_view
def cycle_pilot(request, code):
    """The admin or the champion chooses the units a pilot cycle runs in."""
    cycle = cycle_of(request, code)
    require_permission(can_manage_cycles(request.user))
    form = PilotForm(cycle, request.POST)
    if form.is_valid():
        try:
            services.set_pilot_units(request.user, cycle, form.cleaned_data["pilot_units"])
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("The pilot units of {cycle} are saved.").format(cycle=cycle.name))
            return redirect(reverse("cycle", args=[cycle.code]) + "#pilot")
    return _cycle_page(request, cycle, pilot_form=form)
