"""Which cycle the pages show: the person's choice (kept in the session), else today's quarter.

The org's cycles are loaded once per request and cached on it, so the navbar switcher and the
page itself share one query.
"""

from django.utils import timezone

from okrflow.cycles.models import Cycle
from okrflow.cycles.rules import default_cycle
from okrflow.errors import NotFound

SESSION_KEY = "cycle_id"


def cycle_of(request, code) -> Cycle:
    """The cycle `code` of the reader's organization (with its organization, parent and closer:
    the cycle pages show them), else NotFound: another organization's code is a 404."""
    cycle = (Cycle.objects.for_org(request.user.organization_id)
             .select_related("organization", "parent", "closed_by").filter(code=code).first())
    if cycle is None:
        raise NotFound()
    return cycle


def org_cycles(request) -> list[Cycle]:
    if not hasattr(request, "_okrflow_cycles"):
        request._okrflow_cycles = list(Cycle.objects.for_org(request.user.organization_id))
    return request._okrflow_cycles


def current_cycle(request) -> Cycle | None:
    cycles = org_cycles(request)
    chosen = request.session.get(SESSION_KEY)
    # Only the org's own cycles can be chosen: an id from elsewhere is simply ignored.
    for cycle in cycles:
        if cycle.pk == chosen:
            return cycle
    return default_cycle(cycles, timezone.localdate())


def requested_cycle(request) -> Cycle | None:
    """`?cycle=CODE` (another organization's code or a missing one: NotFound), else the chosen cycle."""
    code = request.GET.get("cycle", "")
    return cycle_of(request, code) if code else current_cycle(request)


def choose_cycle(request, cycle_id) -> Cycle | None:
    """Remember the cycle if it belongs to the person's organization; returns it or None."""
    cycle = next((c for c in org_cycles(request) if str(c.pk) == str(cycle_id)), None)
    if cycle is not None:
        request.session[SESSION_KEY] = cycle.pk
    return cycle
