"""The cycles page and the navbar's cycle switcher."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from okrflow.cycles.models import CycleKind
from okrflow.web.current_cycle import choose_cycle, org_cycles
from okrflow.web.views.guards import member_view


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
