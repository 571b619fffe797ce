"""The dashboards' figures (issue 11): the company's, a unit's and a person's, for one cycle.

**What counts, for whom.** A unit's and the company's figures follow the read model's rule for
a unit's score (okrflow/okrs/selectors.py, owner_score): they count ALL the counted objectives
(agreed, published, closed) owned at or below the unit, private ones included, so they are the
same numbers for every reader allowed to see the unit's dashboard (every member of the
organization: the structure is open, as on the unit's page). Private objectives add their
number, never their title: the figures hold counts, means and unit and people names only, no
objective's or key result's title. Lists of objectives (the person dashboard's) go through the
reader's visibility (selectors.objectives_for): a private objective the reader may not see is
not listed, although its score counts in its owner's mean like on every other page.

**Cost.** `scope_figures(cycle, unit, today)` reads every objective, key result and check-in
at or below the unit (the company: the root unit), so it runs in a job and is stored
(okrflow/web/dashboard_store.py), never in a request: a fixed number of queries (one per
first-level unit for the bottom-up share) and a streamed pass over the check-ins by key result.
`person_figures` reads one person's objectives and check-ins: its cost does not depend on the
size of the organization. `people_page` and `behind_page` read one page of people.

The rules reused, never retyped: the score and grade (okrflow/okrs/scoring.py), at risk
(okrflow/checkins/forecast.py::is_at_risk over forecast_key_result), the bottom-up share
(selectors.bottom_up_share), the rules check (okrflow/okrs/lint.py::lint_cycle).
"""

import datetime
from collections import Counter, defaultdict
from types import SimpleNamespace

from django.db.models import Exists, Max, OuterRef, Q

from okrflow.checkins.facts import checkin_facts
from okrflow.checkins.forecast import forecast_key_result, is_at_risk
from okrflow.checkins.models import CheckIn
from okrflow.cycles import pilots
from okrflow.okrs import scoring, selectors
from okrflow.okrs.lint import lint_cycle
from okrflow.okrs.models import LIVE_STATUSES, KeyResult, Objective, policy_for
from okrflow.org import tree
from okrflow.org.models import Person, Unit
from okrflow.reports import dashboard_rules as rules

BEHIND_DAYS = 14  # who is behind: no check-in on their live key results for two weeks (the home page's)
PAGE_SIZE = 25
BEHIND_LIMIT = 500  # who is behind, longest silent first: the stored list's length (its total is kept too)


def _scope_objectives(cycle, unit):
    """The cycle's counted objectives owned at or below `unit` (a pilot: what it covers)."""
    objectives = (Objective.objects.for_org(cycle.organization_id)
                  .filter(scoring.counted(), pilots.objectives_q(cycle), cycle=cycle))
    if unit.parent_id is not None:
        objectives = objectives.filter(tree.below("owner_unit__path", unit.path)
                                       | tree.below("owner_person__unit__path", unit.path))
    return objectives


def _child_of(unit, path: str):
    """The id of the child of `unit` that a path (an owner's unit) lies under, None for the unit itself."""
    ids = tree.path_ids(path)
    if unit.pk not in ids:
        return None
    at = ids.index(unit.pk)
    return ids[at + 1] if at + 1 < len(ids) else None


def _key_result_weeks(cycle, objective_ids, weeks, policy):
    """Per key result of the objectives (`objective_ids`: a list or a values("pk") queryset):
    its weekly scores and confidences and whether it is at risk now. One query for the key
    results, one streamed over their check-ins by key result."""
    krs = {}
    rows = (KeyResult.objects.filter(objective_id__in=objective_ids).order_by()
            .values_list("pk", "objective_id", "start_value", "target_value", "weight", "kind", "confidence",
                         "objective__status"))
    for pk, objective_id, start, target, weight, kind, confidence, status in rows.iterator(chunk_size=5000):
        krs[pk] = SimpleNamespace(pk=pk, objective_id=objective_id, start_value=start,
                                  target_value=target, weight=weight, kind=kind, confidence=confidence,
                                  live=status in LIVE_STATUSES, objective=SimpleNamespace(cycle=cycle))
    checkins = (CheckIn.objects.filter(key_result_id__in=objective_key_results(objective_ids))
                .order_by("key_result_id", "date", "id")
                .values_list("key_result_id", "date", "value", "confidence"))
    current, history = None, []

    def close(kr_id):
        kr = krs.get(kr_id)
        if kr is not None:
            _fold(kr, history, weeks, policy)

    for kr_id, day, value, confidence in checkins.iterator(chunk_size=5000):
        if kr_id != current:
            close(current)
            current, history = kr_id, []
        history.append((day, value, confidence))
    close(current)
    for kr in krs.values():
        if not hasattr(kr, "scores"):
            _fold(kr, [], weeks, policy)
    return krs


def objective_key_results(objective_ids):
    return KeyResult.objects.filter(objective_id__in=objective_ids).order_by().values("pk")


def _fold(kr, history, weeks, policy) -> None:
    values = [(day, value) for day, value, _confidence in history]
    kr.scores = rules.weekly_kr_scores(kr.start_value, kr.target_value, values, weeks)
    kr.confidences = rules.as_of_weeks([(day, c) for day, _value, c in history], weeks)
    kr.at_risk = kr.live and is_at_risk(forecast_key_result(kr, values), kr.confidence, policy)


def _discipline(cycle, unit, today):
    """{child id or None: (people with live key results, of them checked in lately)}: one
    streamed query over the active people at or below the unit."""
    since = today - datetime.timedelta(days=BEHIND_DAYS)
    live = KeyResult.objects.filter(owner_id=OuterRef("pk"), objective__cycle=cycle,
                                    objective__status__in=LIVE_STATUSES)
    people = (Person.objects.for_org(cycle.organization_id).filter(is_active=True, unit__isnull=False)
              .filter(tree.below("unit__path", unit.path), pilots.people_q(cycle))
              .filter(Exists(live)).annotate(fresh=Exists(live.filter(last_checkin_date__gte=since)))
              .order_by().values_list("unit__path", "fresh"))
    totals = defaultdict(lambda: [0, 0])
    for path, fresh in people.iterator(chunk_size=5000):
        for key in (_child_of(unit, path), "all"):
            totals[key][0] += 1
            totals[key][1] += bool(fresh)
    return totals


def findings_by_unit(cycle) -> dict:
    """{unit id: {severity: n}}: the rules check's findings (lint_cycle, the same as `okrflow
    lint` and the API) about the cycle's counted objectives, their key results and their owners,
    each counted for every unit on its owner's path (a unit's count is what lies at or below it);
    the cycle's own findings count for the company. The rules check reads the whole cycle, so
    this runs once for every unit's figures (the job keeps it for a while: dashboard_store)."""
    org = cycle.organization_id
    counted = Objective.objects.for_org(org).filter(scoring.counted(), cycle=cycle).order_by()
    rows = counted.values_list("ref", "owner_unit__path", "owner_person__unit__path")
    by_ref = {ref: unit_path or person_path or ""
              for ref, unit_path, person_path in rows.iterator(chunk_size=5000)}
    by_ref.update({kr_ref: by_ref.get(objective_ref) for kr_ref, objective_ref in
                   KeyResult.objects.filter(objective__in=counted.values("pk")).order_by()
                   .values_list("ref", "objective__ref").iterator(chunk_size=5000)})
    findings = lint_cycle(cycle, checkin_facts(cycle))
    codes = {f.ref.split(":", 1)[1] for f in findings if f.ref.startswith("unit:")}
    emails = {f.ref.split(":", 1)[1] for f in findings if f.ref.startswith("person:")}
    by_ref.update({f"unit:{code}": path for code, path in
                   Unit.objects.for_org(org).filter(code__in=codes).values_list("code", "path")})
    by_ref.update({f"person:{email}": path for email, path in
                   Person.objects.for_org(org).filter(email__in=emails).values_list("email", "unit__path")})
    root = cycle.organization.root_unit()
    by_ref["company"] = by_ref[cycle.code] = root.path
    counts = defaultdict(Counter)
    for finding in findings:
        for unit_id in tree.path_ids(by_ref.get(finding.ref) or ""):
            counts[unit_id][finding.severity] += 1
    return {unit_id: dict(found) for unit_id, found in counts.items()}


def scope_figures(cycle, unit, today: datetime.date, *, findings: dict | None = None) -> dict:
    """Everything the company's (`unit` = the root) or a unit's dashboard shows, as plain JSON
    data (see the module: counts and means, unit names, never a title). Run by the job;
    `findings` is findings_by_unit(cycle) when the caller has it."""
    policy = policy_for(cycle.organization_id)
    weeks = rules.cycle_weeks(cycle, today)
    width = len(weeks)
    children = list(Unit.objects.for_org(cycle.organization_id).filter(parent=unit)
                    .filter(pilots.units_q(cycle)).order_by("name", "code").only("pk", "code", "name"))
    scope = _scope_objectives(cycle, unit).order_by()
    objective_rows = list(scope.values_list("pk", "ref", "owner_unit_id", "owner_unit__path",
                                            "owner_person__unit__path"))
    krs = _key_result_weeks(cycle, scope.values("pk"), weeks, policy)
    by_objective = defaultdict(list)
    for kr in krs.values():
        by_objective[kr.objective_id].append(kr)
    now_scores = scoring.objective_scores(Objective.objects.filter(pk__in=scope.values("pk")))

    groups = defaultdict(lambda: {"weekly": [], "now": [], "conf": [], "krs": 0, "at_risk": 0})
    own = {"weekly": [], "now": []}
    children_own = {child.pk: [] for child in children}   # each department's own objectives' scores
    for pk, _ref, owner_unit_id, unit_path, person_path in objective_rows:
        weekly = rules.weekly_objective_scores([(float(kr.weight), kr.scores) for kr in by_objective[pk]])
        if not weekly:
            continue  # no key results: no score (the one rule)
        for key in (_child_of(unit, unit_path or person_path or ""), "all"):
            group = groups[key]
            group["weekly"].append(weekly)
            group["now"].append(now_scores.get(pk))
            group["conf"] += [kr.confidences for kr in by_objective[pk]]
            group["krs"] += sum(kr.live for kr in by_objective[pk])
            group["at_risk"] += sum(kr.at_risk for kr in by_objective[pk])
        if owner_unit_id == unit.pk:
            own["weekly"].append(weekly)
            own["now"].append(now_scores.get(pk))
        elif owner_unit_id in children_own:
            children_own[owner_unit_id].append(now_scores.get(pk))

    everything = groups["all"]
    score = scoring.owner_score(own["now"])
    discipline = _discipline(cycle, unit, today)
    findings = findings if findings is not None else findings_by_unit(cycle)
    rows = []
    for child in children:
        group = groups.get(child.pk, {"weekly": [], "now": [], "conf": [], "krs": 0, "at_risk": 0})
        people, fresh = discipline.get(child.pk, (0, 0))
        share = selectors.bottom_up_share(cycle, child)
        rows.append({
            "id": child.pk, "code": child.code, "name": child.name,
            "score": scoring.owner_score(group["now"]), "objectives": len(group["now"]),
            # The department's own score (its own objectives: selectors.owner_score, its page's).
            "own_score": scoring.owner_score(children_own[child.pk]),
            "weekly_score": rules.column_scores(group["weekly"], width),
            "weekly_confidence": rules.column_means(group["conf"], width),
            "key_results": group["krs"], "at_risk": group["at_risk"],
            "people": people, "checked_in": fresh, "checkin_rate": rules.rate(fresh, people),
            "counted": share["counted"], "bottom_up": share["bottom_up"], "bottom_up_share": share["share"],
            "findings": findings.get(child.pk, {}),
        })
    people, fresh = discipline.get("all", (0, 0))
    share = selectors.bottom_up_share(cycle, unit)
    behind = behind_people(cycle, unit, today)
    return {
        "weeks": [monday.isoformat() for monday in weeks],
        "score": score, "grade": scoring.grade(score, policy),
        "own_trend": rules.column_scores(own["weekly"], width),
        "all_score": scoring.owner_score(everything["now"]),
        "all_trend": rules.column_scores(everything["weekly"], width),
        "confidence_trend": rules.column_means(everything["conf"], width),
        "objectives": len(everything["now"]),
        "histogram": rules.histogram(everything["now"]),
        "grades": rules.grade_counts(everything["now"], policy),
        "key_results": everything["krs"], "at_risk": everything["at_risk"],
        "at_risk_share": rules.rate(everything["at_risk"], everything["krs"]),
        "people": people, "checked_in": fresh, "checkin_rate": rules.rate(fresh, people),
        "counted": share["counted"], "bottom_up": share["bottom_up"], "bottom_up_share": share["share"],
        "bottom_up_goal": float(policy.min_bottom_up_ratio),
        "findings": findings.get(unit.pk, {}),
        "children": rows,
        "behind": {"total": behind.count(), "people": [
            {"pk": p.pk, "name": p.name, "unit": p.unit.name if p.unit_id else "",
             "last_checkin": p.last_checkin.isoformat() if p.last_checkin else None}
            for p in behind[:BEHIND_LIMIT]]},
    }


# --- read by the request: one page of people --------------------------------------------------

def behind_q(cycle, since: datetime.date) -> Q:
    """People owning live key results of the cycle none of which was checked in since `since`."""
    live = KeyResult.objects.filter(owner_id=OuterRef("pk"), objective__cycle=cycle,
                                    objective__status__in=LIVE_STATUSES)
    return Q(Exists(live)) & ~Q(Exists(live.filter(last_checkin_date__gte=since)))


def _unit_people(cycle, unit):
    return (Person.objects.for_org(cycle.organization_id).filter(is_active=True)
            .filter(tree.below("unit__path", unit.path), pilots.people_q(cycle)))


def behind_people(cycle, unit, today):
    """The people at or below `unit` who are behind (behind_q over BEHIND_DAYS), longest silent
    first, as a queryset to page: each with `last_checkin` on the cycle's key results."""
    since = today - datetime.timedelta(days=BEHIND_DAYS)
    return (_unit_people(cycle, unit).filter(behind_q(cycle, since)).select_related("unit")
            .annotate(last_checkin=Max("key_results__last_checkin_date",
                                       filter=Q(key_results__objective__cycle=cycle)))
            .order_by("last_checkin", "name", "id").only("pk", "name", "email", "unit__name"))


def unit_people(cycle, unit):
    """The people at or below `unit`, by name, as a queryset to page (scored by `score_people`)."""
    return _unit_people(cycle, unit).select_related("unit").order_by("name", "id").only(
        "pk", "name", "email", "unit__name")


def score_people(cycle, people, today) -> list:
    """One page of people with `.score`, `.grade`, `.objective_count` (the owner rule over all their
    counted objectives), `.last_checkin` and `.streak`: three queries whatever the page."""
    people = list(people)
    ids = [p.pk for p in people]
    policy = policy_for(cycle.organization_id)
    objectives = (Objective.objects.for_org(cycle.organization_id)
                  .filter(scoring.counted(), cycle=cycle, owner_person_id__in=ids))
    scores = defaultdict(list)
    for objective in selectors.with_scores(objectives).only("pk", "owner_person_id"):
        scores[objective.owner_person_id].append(selectors.score_of(objective))
    days = defaultdict(set)
    since = rules.week_start(today) - rules.WEEK * 26
    for author_id, day in (CheckIn.objects.filter(author_id__in=ids, date__gte=since,
                                                  key_result__objective__cycle=cycle)
                           .order_by().values_list("author_id", "date").distinct()):
        days[author_id].add(day)
    for person in people:
        person.objective_count = len(scores[person.pk])
        person.score = scoring.owner_score(scores[person.pk])
        person.grade = scoring.grade(person.score, policy)
        person.last_checkin = max(days[person.pk], default=None)
        person.streak = rules.checkin_streak(days[person.pk], today)
    return people


# --- one person ---------------------------------------------------------------------------------

def person_figures(reader, person, cycle, today: datetime.date) -> dict:
    """A person's dashboard: their objectives the reader may see (with key results and scores,
    the read model), their score and confidence per week (all their counted objectives: the
    owner rule, numbers only) and their check-in streak. Queries bounded by the person."""
    policy = policy_for(cycle.organization_id)
    weeks = rules.cycle_weeks(cycle, today)
    mine = Objective.objects.filter(cycle=cycle, owner_person=person)
    visible = sorted(selectors.objectives_for(reader, mine, policy=policy), key=lambda o: (o.position, o.pk))
    counted = list(mine.filter(scoring.counted()).order_by().values_list("pk", flat=True))
    krs = _key_result_weeks(cycle, counted, weeks, policy)
    by_objective = defaultdict(list)
    for kr in krs.values():
        by_objective[kr.objective_id].append(kr)
    weekly = [w for w in (rules.weekly_objective_scores([(float(kr.weight), kr.scores) for kr in group])
                          for group in by_objective.values()) if w]
    days = (CheckIn.objects.filter(author=person, key_result__objective__cycle=cycle)
            .order_by().values_list("date", flat=True).distinct())
    days = list(days)
    score = selectors.owner_score(cycle, person=person)
    return {
        "objectives": visible,
        "weeks": [monday.isoformat() for monday in weeks],
        "score": score, "grade": scoring.grade(score, policy),
        "score_trend": rules.column_scores(weekly, len(weeks)),
        "confidence_trend": rules.column_means([kr.confidences for kr in krs.values()], len(weeks)),
        "streak": rules.checkin_streak(days, today),
        "checkins": len(days),
        "key_results": sum(kr.live for kr in krs.values()),
        "at_risk": sum(kr.at_risk for kr in krs.values()),
    }
