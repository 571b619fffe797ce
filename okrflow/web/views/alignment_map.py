"""The alignment map (目标体系模式图) as a picture, and its presentation (TV) mode.

The page draws an ECharts tree (static/web/map.js) from the first screen it is sent as JSON
(json_script: no inline script under the CSP); opening a node asks /map/nodes/ for that node's
level (okrflow/reports/alignment_map.py, which decides what the reader sees). The TV page is the
same picture full screen, without the navbar, and reads its levels again every minute.
"""

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from okrflow.okrs import scoring
from okrflow.okrs.models import policy_for
from okrflow.reports import alignment_map
from okrflow.web.current_cycle import requested_cycle
from okrflow.web.views.guards import member_view
from okrflow.web.views.okrs_cards import badge

TV_REFRESH_SECONDS = 60


def _page_number(request) -> int:
    page = request.GET.get("page", "1")
    return int(page) if page.isascii() and page.isdigit() and 0 < len(page) < 6 and int(page) > 0 else 1


def _legend(policy) -> list:
    """The grade bands of the organization's policy, lowest first, as the legend shows them."""
    bounds = [0.0, float(policy.fair_from), float(policy.good_from), float(policy.excellent_from), None]
    legend = []
    for index, code in enumerate(scoring.GRADES):
        low, high = bounds[index], bounds[index + 1]
        if high is None:
            text = f"≥ {low:.2f}"
        else:
            text = f"< {high:.2f}" if index == 0 else f"{low:.2f} – {high:.2f}"
        meta = scoring.GRADE_LABELS[code]
        legend.append({"code": code, "colour": meta["colour"], "label": str(meta["label"]), "range": text})
    return legend


def _labels() -> dict:
    """The words map.js writes into the picture, in the reader's language."""
    return {
        # A unit on the map is a department (部门), as the seed's charts name it.
        "company": _("Company"), "unit": _("Department"), "person": _("Person"),
        "category": _("Business category"),
        "objective": _("Objective"), "score": _("Score"), "no_score": _("No score"),
        "objectives": _("{count} objectives"), "units": _("{count} units"), "people": _("{count} people"),
        "head": _("Head: {name}"), "open": _("Click to open the objective"),
        "expand": _("Click to expand or collapse"), "more": _("Click to show more"),
        "loading": _("Loading…"), "failed": _("Could not load this part of the map. Try again."),
        "found": _("{count} found"), "not_found": _("Nothing on the map matches."),
        "updated": _("Updated {time}"),
        "searching": _("Searching…"),
    }


def _context(request, *, tv: bool) -> dict:
    person, cycle = request.user, requested_cycle(request)
    policy = policy_for(person.organization_id)
    context = {"cycle": cycle, "legend": _legend(policy), "labels": _labels(), "tv": tv,
               "refresh_seconds": TV_REFRESH_SECONDS}
    if cycle is not None:
        level = alignment_map.first_screen(person, cycle, policy=policy)
        context.update({"level": level.as_json(), "company": level.node,
                        "company_grade": badge(level.node.grade)})
    return context


@member_view
def map_page(request):
    return render(request, "web/okrs/map.html", _context(request, tv=False))


@member_view
def map_tv(request):
    return render(request, "web/okrs/map_tv.html", _context(request, tv=True))


@member_view
def map_nodes(request):
    """One level of the map as JSON: ?node=company (the first screen, with the company's score)
    or ?node=unit:ID / person:ID (what opening it shows), ?page=N for the page an "and N more"
    node asks for. A node the reader may not open, or a cycle of another organization: 404."""
    person, cycle = request.user, requested_cycle(request)
    node = request.GET.get("node", "company")
    if cycle is None:
        return JsonResponse({"node": None, "children": []})
    policy = policy_for(person.organization_id)
    if node == "company" and _page_number(request) == 1:
        level = alignment_map.first_screen(person, cycle, policy=policy)
    else:
        level = alignment_map.children_of(person, cycle, node, _page_number(request), policy=policy)
    return JsonResponse(level.as_json(), json_dumps_params={"ensure_ascii": False})


@member_view
def map_find(request):
    """?q=… : a few units, people and visible objectives of the cycle by name, each with the
    keys of the nodes to open on the way to it (map.js opens them one after the other)."""
    person, cycle = request.user, requested_cycle(request)
    found = alignment_map.find(person, cycle, request.GET.get("q", "")) if cycle is not None else []
    return JsonResponse({"found": [match.as_json() for match in found]},
                        json_dumps_params={"ensure_ascii": False})
