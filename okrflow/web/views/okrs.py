"""OKR pages: my OKRs, a unit's and the company's, and one objective with everything around it."""

import datetime
from collections import defaultdict

from django.core.exceptions import FieldDoesNotExist
from django.db.models import F, Q
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from okrflow.audit.models import AuditEntry
from okrflow.checkins.forecast import objective_confidence_trend
from okrflow.checkins.models import CheckIn
from okrflow.okrs import selectors, states
from okrflow.okrs.access import get_key_result, visible_among, visible_objectives
from okrflow.okrs.models import KeyResult, Objective, ObjectiveLink, policy_for
from okrflow.okrs.scoring import has_aligned, kr_score
from okrflow.okrs.selectors import aligned_below
from okrflow.org import access as org_access
from okrflow.web import fragments
from okrflow.web.current_cycle import current_cycle
from okrflow.web.views import home_boards
from okrflow.web.views.guards import member_view
from okrflow.web.views.okrs_cards import (
    decorate,
    decorate_one,
    decorate_own_and_unit,
    decorate_rows,
    grade_of,
)


def _cycle_objectives(request):
    """The reader's visible objectives of the chosen cycle (none when no cycle exists)."""
    cycle = current_cycle(request)
    objectives = visible_objectives(request.user)
    return cycle, (objectives.filter(cycle=cycle) if cycle else objectives.none())


@member_view
def my_okrs(request):
    person = request.user
    cycle = current_cycle(request)
    policy = policy_for(person.organization)
    # One read of the read model for both lists (one's own and one's unit's; an objective has
    # one owner, so they split cleanly, each in the read model's order), all visible to oneself.
    read = (decorate_own_and_unit(Objective.objects.filter(cycle=cycle), person, policy=policy)
            if cycle else [])
    mine = [objective for objective in read if objective.owner_person_id == person.pk]
    unit_objectives = [objective for objective in read if objective.owner_person_id is None]
    # All of one's own objectives are visible to oneself, so "mine" holds every objective the
    # score counts: the same rule as selectors.owner_score, over the rows already read.
    my_score = selectors.owner_score_of(mine) if cycle else None
    return render(request, "web/okrs/mine.html", {
        "cycle": cycle, "mine": mine, "unit_objectives": unit_objectives, "unit": person.unit,
        "my_score": my_score, "my_grade": grade_of(my_score, policy),
    })


def _owner_page(request, unit, *, is_company):
    cycle, objectives = _cycle_objectives(request)
    policy = policy_for(request.user.organization)
    owned = decorate(objectives.filter(owner_unit=unit), request.user, policy=policy)
    # The same number for every reader of the page (okrflow.okrs.selectors.owner_score).
    score = selectors.owner_score(cycle, unit=unit) if cycle else None
    return render(request, "web/okrs/owner.html", {
        "cycle": cycle, "unit": unit, "is_company": is_company, "objectives": owned,
        "score": score, "grade": grade_of(score, policy),
        "bottom_up": _bottom_up(cycle, unit, policy) if cycle else None,
    })


def _bottom_up(cycle, unit, policy) -> dict:
    """The bottom-up share of the unit (and everything below it; the root unit: the company)
    against the policy's target (issue 9: at least 60 % proposed bottom-up or negotiated). Read
    from the row the company board's job stores (a department's share reads every objective
    below it: at 100,000 people, seconds): two queries, whatever the size of the unit."""
    share = home_boards.stored_share(cycle, unit)
    target = round(float(policy.min_bottom_up_ratio) * 100)
    if share is None:
        return {"pending": True, "target": target}
    percent = None if share["share"] is None else round(share["share"] * 100)
    return {**share, "percent": percent, "target": target,
            "below": share["share"] is not None and share["share"] < float(policy.min_bottom_up_ratio)}


@member_view
def unit_okrs(request, code):
    unit = org_access.get_unit(request.user, code)
    return _owner_page(request, unit, is_company=unit.parent_id is None)


@member_view
def company_okrs(request):
    return _owner_page(request, request.user.organization.root_unit(), is_company=True)


HISTORY_SHOWN = 6  # check-ins per key result shown inline on the objective page


@member_view
def checkin_history(request, kr_id):
    """Every check-in of a key result the reader may see, newest first: the rows that the
    objective page's "Show all" loads into its table (404 for a key result one may not see)."""
    kr, _can_edit = get_key_result(request.user, kr_id)
    checkins = _checkin_rows(CheckIn.objects.for_org(kr.organization_id).filter(key_result=kr)
                             .order_by("-date", "-id"))
    return render(request, "web/okrs/_checkin_rows.html", {"checkins": checkins, "kr": kr, "more": 0})


@member_view
def objective_page(request, objective_id):
    person = request.user
    policy = policy_for(person.organization)
    # The read model answers NotFound (404) for what the reader may not see.
    objective = decorate_one(objective_id, person, policy=policy)
    checkins = list(_checkins(objective))
    newest_first = {}
    for checkin in reversed(checkins):
        newest_first.setdefault(checkin["key_result_id"], []).append(checkin)
    for kr in objective.krs:
        history = newest_first.get(kr.pk, [])
        # The newest few inline; the rest on demand (checkin_history), so the page of an annual
        # objective with a year of weekly check-ins renders no more rows than a quarter's.
        kr.history, kr.history_total = history[:HISTORY_SHOWN], len(history)
        kr.history_more = kr.history_total if kr.history_total > HISTORY_SHOWN else 0
    below = aligned_below(objective)
    children = (decorate_rows(Objective.objects.filter(below), person, policy=policy)
                if has_aligned(below) else [])
    parent, links, contributors = _around(objective, person)
    history = _history(objective)
    return render(request, "web/okrs/objective.html", {
        "objective": objective, "policy": policy,
        # The key-result table and the check-in history, cached under a digest of what they show.
        "body_key": fragments.body_key(objective), "history_key": fragments.history_key(objective),
        "children_key": fragments.children_key(children),
        "parent": parent, "links": links, "contributors": contributors,
        "children": children,
        "chart_data": _chart_data(objective, checkins),
        "objective_confidence": _objective_confidence(checkins),
        "history": history,
        # The Set step's entries from the history read when it holds them all (else the panel's own read).
        "consensus": states.consensus_among(objective, history) if len(history) < HISTORY_ENTRIES else None,
    })


def _around(objective, person):
    """What the objective supports, links to and is linked from, as far as the reader may see:
    (parent: (objective, key result or None) or None, links: [(objective, key result or None)],
    contributors: [objective]). Three queries at most, each by primary or foreign keys (an OR
    across the key-result join, or "in every visible objective", made SQLite scan), of narrow
    rows: only titles and links are shown, no owners."""
    # By its key, unordered (first() would order it, and compiling the ORDER BY costs more).
    parent_kr = (next(iter(KeyResult.objects.filter(pk=objective.parent_key_result_id).order_by()
                           .only("pk", "title", "objective_id")[:1]), None)
                 if objective.parent_key_result_id else None)
    kr_ids = [kr.pk for kr in objective.krs]
    links = list(ObjectiveLink.objects.filter(
        Q(objective_id=objective.pk) | Q(to_objective_id=objective.pk) | Q(to_key_result_id__in=kr_ids))
        .select_related("to_key_result").order_by("objective_id", "id")
        .only("objective_id", "to_objective_id", "to_key_result__title", "to_key_result__objective_id"))
    wanted = {(link.to_objective_id or link.to_key_result.objective_id) if link.objective_id == objective.pk
              else link.objective_id for link in links}
    wanted |= {parent_kr.objective_id} if parent_kr else set()
    wanted |= {objective.parent_objective_id} if objective.parent_objective_id else set()
    wanted.discard(objective.pk)
    seen = visible_among(person, wanted) if wanted else {}
    parent = None
    if parent_kr is not None and parent_kr.objective_id in seen:
        parent = (seen[parent_kr.objective_id], parent_kr)
    elif objective.parent_objective_id in seen:
        parent = (seen[objective.parent_objective_id], None)
    shown, contributors = [], []
    for link in links:
        if link.objective_id == objective.pk:
            target_id = link.to_objective_id or link.to_key_result.objective_id
            if target_id in seen:
                shown.append((seen[target_id], link.to_key_result))
        elif link.objective_id in seen and seen[link.objective_id] not in contributors:
            contributors.append(seen[link.objective_id])
    return parent, shown, contributors


# What a check-in row shows (web/okrs/_checkin_rows.html), the chart and the confidence line read:
# plain rows, not model instances (an objective of a year of weekly check-ins reads hundreds).
CHECKIN_ROW = ("pk", "key_result_id", "date", "value", "confidence", "note")


def _checkin_rows(checkins):
    return checkins.values(*CHECKIN_ROW, author_name=F("author__name"))


def _checkins(objective):
    # By the key results' ids: the check-in table's key-result index drives the read (a join on
    # the objective let SQLite scan the organization's check-ins).
    return _checkin_rows(CheckIn.objects.for_org(objective.organization_id)
                         .filter(key_result_id__in=[kr.pk for kr in objective.krs])
                         .order_by("key_result_id", "date", "id"))


def _objective_confidence(checkins) -> list:
    """[week start, mean confidence of the key results] per week, for the chart's objective line."""
    histories = defaultdict(list)
    for checkin in checkins:  # in the order recorded
        histories[checkin["key_result_id"]].append((checkin["date"], checkin["confidence"]))
    days = [checkin["date"] for checkin in checkins]
    if not days:
        return []
    week, weeks = min(days) - datetime.timedelta(days=min(days).weekday()), []
    while week <= max(days):
        weeks.append(week)
        week += datetime.timedelta(days=7)
    trend = objective_confidence_trend(histories.values(), weeks)
    return [[monday.isoformat(), mean] for monday, mean in trend if mean is not None]


def _chart_data(objective, checkins) -> list:
    """Per key result the series the chart draws: [date, progress, confidence, value] per
    check-in. Progress is the key result's score at that reading in percent (the one rule:
    0–100 like the confidence), so key results of different units share one axis (3000 万元
    and 4 家 on a value axis left the small one flat on zero); the value is for the tooltip."""
    krs = {kr.pk: kr for kr in objective.krs}
    series = {kr.pk: {"id": kr.pk, "label": f"KR{n}", "title": kr.title, "unit": kr.unit,
                      "target": float(kr.target_value), "points": []}
              for n, kr in enumerate(objective.krs, start=1)}
    for checkin in checkins:
        kr = krs[checkin["key_result_id"]]
        progress = round(kr_score(kr.start_value, kr.target_value, checkin["value"]) * 100, 1)
        series[kr.pk]["points"].append(
            [checkin["date"].isoformat(), progress, checkin["confidence"], float(checkin["value"])])
    return [s for s in series.values() if s["points"]]


ACTION_LABELS = {
    "objective.create": _("created the objective"),
    "objective.update": _("changed the objective"),
    "objective.link": _("added a “contributes to” link"),
    "objective.unlink": _("removed a “contributes to” link"),
    "key_result.create": _("added a key result"),
    "key_result.update": _("changed a key result"),
    "key_result.delete": _("deleted a key result"),
    "key_result.checkin": _("checked in"),
    "key_result.change_approved": _("changed a key result by an approved change request"),
    "key_result.checkin_delete": _("deleted a check-in"),
    # The Set step (okrflow/okrs/states.py).
    "objective.propose": _("submitted the objective to the manager"),
    "objective.accept": _("accepted the objective"),
    "objective.confirm": _("confirmed the objective as company head"),
    "objective.send_back": _("sent the objective back to draft"),
}


HISTORY_ENTRIES = 30  # audit entries shown in the objective page's history
# What the history and the agreement panel show of an entry (web/okrs/_history.html, _consensus.html).
HISTORY_FIELDS = ("pk", "at", "actor", "action", "object_type", "object_id", "object_repr", "changes",
                  "actor__name")


def _history(objective, limit=HISTORY_ENTRIES):
    """The objective's audit entries and its key results', newest first, readable. Check-ins
    have their own history on the page, so they are left out here."""
    # log.history(objective) or its key results' (each branch by the audit index, which the planner
    # takes for both sides of the OR), with only what the page shows of an entry and its actor.
    org, kr_ids = objective.organization_id, [str(kr.pk) for kr in objective.krs]
    entries = (AuditEntry.objects.filter(
        Q(organization_id=org, object_type="okrs.objective", object_id=str(objective.pk))
        | Q(organization_id=org, object_type="okrs.keyresult", object_id__in=kr_ids))
        .exclude(action="key_result.checkin").select_related("actor").only(*HISTORY_FIELDS))
    entries = list(entries[:limit])
    for entry in entries:
        entry.action_label = ACTION_LABELS.get(entry.action) or _("made a change")  # never a raw code
        model = Objective if entry.object_type == "okrs.objective" else KeyResult
        entry.changed_fields = [_field_label(model, name) for name in entry.changes
                                if entry.action.endswith("update")]
    return entries


def _field_label(model, name: str) -> str:
    try:
        return str(model._meta.get_field(name.removesuffix("_id")).verbose_name)
    except FieldDoesNotExist:
        return name
