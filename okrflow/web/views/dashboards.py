"""The dashboards (issue 11): the company's, a unit's, a person's, and the company's TV mode.

Thin views: the figures come from okrflow/reports/dashboard.py — the company's and a unit's as
stored by their job (okrflow/web/dashboard_store.py, shown with the time they were computed), a
person's read live (bounded by the person). Every member of the organization may open every
unit's and person's dashboard (the structure is open, as on the unit and person pages); another
organization's unit or person is a 404. The figures hold no objective's title; the person's
objectives are those the reader may see (selectors.objectives_for).

Charts: ECharts, fed by JSON in json_script tags and drawn by static/web/dashboards.js (the CSP
allows no inline script). Each chart has one kind of number on an axis: scores 0–1, confidence
0–100, rates in percent.
"""

import datetime
from types import SimpleNamespace

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _

from okrflow.checkins import rules as checkin_rules
from okrflow.errors import NotFound
from okrflow.okrs import scoring
from okrflow.okrs.access import valid_id
from okrflow.okrs.models import policy_for
from okrflow.org import access
from okrflow.org.models import Person
from okrflow.org.reader import reader_of
from okrflow.reports import dashboard
from okrflow.web.current_cycle import current_cycle
from okrflow.web.dashboard_store import stored_figures
from okrflow.web.org_tree import unit_ancestors
from okrflow.web.views.guards import member_view
from okrflow.web.views.okrs_cards import badge

TV_REFRESH_SECONDS = 60




def _chart_labels(*, is_company: bool = True, goal: float = 0.6) -> dict:
    """The words the charts show (translated here: the script has no catalogue)."""
    return {
        "own": _("Company objectives") if is_company else _("The unit's own objectives"),
        "all": _("All objectives"),
        "score": _("Score"), "confidence": _("Confidence"), "objectives": _("Objectives"),
        "week": _("Week of"), "meanScore": _("Mean score"), "meanConfidence": _("Mean confidence"),
        "checkinRate": _("Checked in, last two weeks"), "bottomUp": _("Bottom-up share"),
        "goal": _("%(percent)s%% goal") % {"percent": round(goal * 100)}, "noData": _("No data yet"),
        "grades": {grade: str(info["label"]) for grade, info in scoring.GRADE_LABELS.items()},
    }


def _bands(organization_id) -> list[float]:
    """The policy's grade edges (fair from, good from) drawn behind the score axes."""
    policy = policy_for(organization_id)
    return [float(policy.fair_from), float(policy.good_from)]


def _chart_data(data: dict, organization_id, *, is_company: bool = True) -> dict:
    """What the scope's charts draw, from the stored figures."""
    children = data.get("children", [])
    return {
        "weeks": data.get("weeks", []),
        "ownTrend": data.get("own_trend", []), "allTrend": data.get("all_trend", []),
        "confidenceTrend": data.get("confidence_trend", []),
        "units": [child["name"] for child in children],
        "heatScore": [child["weekly_score"] for child in children],
        "heatConfidence": [child["weekly_confidence"] for child in children],
        "histogram": data.get("histogram", []),
        "grades": data.get("grades", {}),
        "checkinRate": [child["checkin_rate"] for child in children],
        "bottomUp": [child["bottom_up_share"] for child in children],
        # The policy's least bottom-up share (OkrPolicy.min_bottom_up_ratio), in percent.
        "bottomUpGoal": round(data.get("bottom_up_goal", 0.6) * 100),
        "labels": _chart_labels(is_company=is_company, goal=data.get("bottom_up_goal", 0.6)),
        "bands": _bands(organization_id),
    }


def _page(request, rows, name: str):
    return Paginator(rows, dashboard.PAGE_SIZE).get_page(request.GET.get(f"{name}_page"))


def _behind(data: dict) -> list:
    """Who is behind, as the job stored them (the first BEHIND_LIMIT, longest silent first)."""
    return [SimpleNamespace(pk=row["pk"], name=row["name"], unit_name=row["unit"],
                            last_checkin=datetime.date.fromisoformat(row["last_checkin"])
                            if row["last_checkin"] else None)
            for row in data.get("behind", {}).get("people", [])]


def _scope_page(request, unit, *, is_company: bool):
    cycle = current_cycle(request)
    context = {"unit": unit, "is_company": is_company, "cycle": cycle}
    if cycle is None:
        return render(request, "web/dashboards/scope.html", context)
    today = checkin_rules.today()
    if request.headers.get("HX-Request") and request.GET.get("list") == "people":
        page = _page(request, dashboard.unit_people(cycle, unit), "people")
        page.object_list = dashboard.score_people(cycle, page.object_list, today)
        return render(request, "web/dashboards/_people.html", {**context, "people": page})
    figures = stored_figures(cycle, unit)
    data = figures.data if figures else {}
    # Who is behind, by name, for those who manage the unit (its heads above, admins, the
    # champion); every other reader sees how many.
    names = reader_of(request.user).manages_unit(unit)
    context.update({"figures": figures, "data": data, "behind_names": names,
                    "behind": _page(request, _behind(data) if names else [], "behind"),
                    "behind_total": data.get("behind", {}).get("total", 0)})
    if request.headers.get("HX-Request") and request.GET.get("list") == "behind":
        return render(request, "web/dashboards/_behind.html", context)
    context.update({
        "grade": badge(data.get("grade")), "ancestors": unit_ancestors(unit),
        "chart_data": (_chart_data(data, request.user.organization_id, is_company=is_company)
                       if figures else None),
    })
    if not is_company:
        page = _page(request, dashboard.unit_people(cycle, unit), "people")
        page.object_list = dashboard.score_people(cycle, page.object_list, today)
        context["people"] = page
    return render(request, "web/dashboards/scope.html", context)


@member_view
def company_dashboard(request):
    return _scope_page(request, request.user.organization.root_unit(), is_company=True)


@member_view
def unit_dashboard(request, code):
    unit = access.get_unit(request.user, code)
    return _scope_page(request, unit, is_company=unit.parent_id is None)


def _person(request, key: str) -> Person:
    """A person of the reader's organization by id or email, else NotFound."""
    if "@" in key:
        found = Person.objects.for_org(request.user.organization_id).filter(email__iexact=key).first()
        if found is None:
            raise NotFound()
        return found
    return access.get_person(request.user, valid_id(key))


@member_view
def person_dashboard(request, key):
    person = _person(request, key)
    cycle = current_cycle(request)
    context = {"person": person, "cycle": cycle}
    if cycle is not None:
        today = checkin_rules.today()
        figures = dashboard.person_figures(request.user, person, cycle, today)
        for objective in figures["objectives"]:
            objective.grade_badge = badge(objective.grade)
        context.update({
            "figures": figures, "grade": badge(figures["grade"]),
            "chart_data": {"weeks": figures["weeks"], "scoreTrend": figures["score_trend"],
                           "confidenceTrend": figures["confidence_trend"], "labels": _chart_labels(),
                           "bands": _bands(request.user.organization_id)},
        })
    return render(request, "web/dashboards/person.html", context)


@member_view
def tv_dashboard(request):
    """The company dashboard for the office screen: full screen, large type, dark, reloaded
    every TV_REFRESH_SECONDS (meta refresh) and cycling between its panels (dashboards.js)."""
    unit = request.user.organization.root_unit()
    cycle = current_cycle(request)
    figures = stored_figures(cycle, unit) if cycle is not None else None
    data = figures.data if figures else {}
    return render(request, "web/dashboards/tv.html", {
        "unit": unit, "cycle": cycle, "figures": figures, "data": data,
        "grade": badge(data.get("grade")),
        "chart_data": _chart_data(data, request.user.organization_id) if figures else None,
        "refresh": TV_REFRESH_SECONDS,
    })
