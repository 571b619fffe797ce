"""Agendas generated from live data for the weekly meetings (DOMAIN.md §5 step 3).

Department weekly: each person's week — their check-ins with the confidence change (drops of
the policy's `confidence_drop` or more first: "80% → 20%: what changed?"), the blockers they
named, their overdue tasks and their at-risk key results. Management weekly: the company's
objectives, their key results with forecasts (at risk first) and what must happen this week.

A bounded number of queries whatever the team's size or history (see the query-count test).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q

from okrflow.checkins.forecast import at_risk_first, forecast_key_result, is_at_risk
from okrflow.checkins.models import CheckIn
from okrflow.checkins.weekly import Drop
from okrflow.meetings.models import OPEN_STATUSES, ActionItem, WeeklyUpdateEntry
from okrflow.okrs.access import visible_key_results
from okrflow.okrs.models import LIVE_STATUSES, KeyResult, policy_for
from okrflow.org.models import Person

WEEK = datetime.timedelta(days=7)


@dataclass(frozen=True)
class CheckinLine:
    """One check-in of the week with the confidence given before it."""

    kr: KeyResult
    date: datetime.date
    value: object
    confidence: int | None
    before: int | None
    note: str
    blockers: str = ""

    @property
    def drop(self) -> int:
        """Points lost since the previous confidence (0 when it rose or is unknown)."""
        if self.before is None or self.confidence is None:
            return 0
        return max(0, self.before - self.confidence)

    def question(self) -> str:
        """The highlight for a big drop: "KR: 80% → 20%: what changed?"."""
        return Drop(self.kr, self.before, self.confidence).question()


@dataclass
class PersonWeek:
    person: Person
    checkins: list = field(default_factory=list)
    key_results: list = field(default_factory=list)  # (kr, forecast), at risk first
    at_risk: list = field(default_factory=list)  # (kr, forecast)
    overdue: list = field(default_factory=list)  # ActionItem

    @property
    def biggest_drop(self) -> int:
        return max((line.drop for line in self.checkins), default=0)


@dataclass
class DepartmentAgenda:
    unit: object
    week_start: datetime.date
    drop_threshold: int
    people: list = field(default_factory=list)  # PersonWeek, big confidence drops first
    missing: list = field(default_factory=list)  # people with key results and no check-in this week


def _week(week_of) -> tuple[datetime.date, datetime.date]:
    monday = week_of - datetime.timedelta(days=week_of.weekday())
    return monday, monday + WEEK


def _key_results(organization, monday, end, viewer, **filters) -> list:
    krs = KeyResult.objects.for_org(organization).filter(
        objective__status__in=LIVE_STATUSES, objective__cycle__start_date__lt=end,
        objective__cycle__end_date__gte=monday, **filters)
    if viewer is not None:
        krs = krs.filter(pk__in=visible_key_results(viewer).values("pk"))
    return list(krs.select_related("objective__cycle", "owner").order_by("objective_id", "position", "id"))


def _histories(krs, end) -> dict:
    """{kr id: [(id, date, value, confidence, note)]} up to the week's end, one query."""
    rows = (CheckIn.objects.filter(key_result__in=krs, date__lt=end).order_by("key_result_id", "date", "id")
            .values_list("key_result_id", "id", "date", "value", "confidence", "note"))
    found = defaultdict(list)
    for kr_id, *rest in rows:
        found[kr_id].append(tuple(rest))
    return found


def _week_lines(kr, history, monday, blockers) -> list[CheckinLine]:
    lines, before = [], None
    for checkin_id, day, value, confidence, note in history:
        if day >= monday:
            lines.append(CheckinLine(kr, day, value, confidence, before, note, blockers.get(checkin_id, "")))
        if confidence is not None:
            before = confidence
    return lines


def _forecast(kr, history):
    return forecast_key_result(kr, [(day, value) for _id, day, value, _c, _n in history])


def department_agenda(unit, week_of, *, today=None, viewer=None) -> DepartmentAgenda:
    """The department weekly's agenda for `unit` in the week containing `week_of` (as of
    `today`, default the week's last day, for overdue tasks). With `viewer`, only the key
    results they may see are shown."""
    monday, end = _week(week_of)
    today = today or end - datetime.timedelta(days=1)
    policy = policy_for(unit.organization)
    people = list(Person.objects.for_org(unit.organization).filter(unit=unit, is_active=True)
                  .order_by("name", "id"))
    krs = _key_results(unit.organization, monday, end, viewer, owner__in=people)
    history = _histories(krs, end)
    blockers = dict(WeeklyUpdateEntry.objects.filter(checkin__key_result__in=krs, checkin__date__gte=monday,
                                                     checkin__date__lt=end)
                    .exclude(blockers="").values_list("checkin_id", "blockers"))
    weeks = {person.pk: PersonWeek(person) for person in people}
    for kr in krs:
        week = weeks[kr.owner_id]
        week.checkins += _week_lines(kr, history[kr.pk], monday, blockers)
        week.key_results.append((kr, _forecast(kr, history[kr.pk])))
    overdue = (ActionItem.objects.for_org(unit.organization)
               .filter(Q(owner__in=people) | Q(key_result__in=krs), status__in=OPEN_STATUSES,
                       due_date__lt=today)
               .select_related("key_result").order_by("due_date", "id"))
    for item in overdue:
        owner_id = item.owner_id if item.owner_id in weeks else item.key_result.owner_id
        if owner_id in weeks:
            weeks[owner_id].overdue.append(item)
    agenda = DepartmentAgenda(unit=unit, week_start=monday, drop_threshold=policy.confidence_drop)
    for week in weeks.values():
        week.key_results = at_risk_first(week.key_results, policy)
        week.at_risk = [(kr, f) for kr, f in week.key_results if is_at_risk(f, kr.confidence, policy)]
    owners = {kr.owner_id for kr in krs}
    agenda.missing = [w.person for w in weeks.values() if w.person.pk in owners and not w.checkins]
    agenda.people = sorted(
        weeks.values(),
        key=lambda w: (w.biggest_drop < policy.confidence_drop, -w.biggest_drop, w.person.name, w.person.pk))
    return agenda


@dataclass
class ManagementAgenda:
    week_start: datetime.date
    objectives: list = field(default_factory=list)  # (objective, [(kr, forecast)] at risk first)
    at_risk: list = field(default_factory=list)  # (kr, forecast) across the company
    this_week: list = field(default_factory=list)  # open tasks of company KRs due by the week's end


def management_agenda(organization, week_of, *, viewer=None) -> ManagementAgenda:
    """The management weekly's agenda: the company's OKRs (those its root unit owns) in cycles
    overlapping the week, and what must happen this week to move them."""
    monday, end = _week(week_of)
    policy = policy_for(organization)
    krs = _key_results(organization, monday, end, viewer, objective__owner_unit__isnull=False,
                       objective__owner_unit__parent__isnull=True)
    history = _histories(krs, end)
    by_objective = defaultdict(list)
    for kr in krs:
        by_objective[kr.objective].append((kr, _forecast(kr, history[kr.pk])))
    agenda = ManagementAgenda(week_start=monday)
    agenda.objectives = [(objective, at_risk_first(rows, policy)) for objective, rows in by_objective.items()]
    agenda.at_risk = at_risk_first(
        [(kr, f) for rows in by_objective.values() for kr, f in rows if is_at_risk(f, kr.confidence, policy)],
        policy)
    agenda.this_week = list(
        ActionItem.objects.for_org(organization)
        .filter(key_result__in=krs, status__in=OPEN_STATUSES, due_date__lt=end)
        .select_related("key_result", "owner").order_by("due_date", "id"))
    return agenda
