"""The home page's reads: what the cycle's current steps ask of the reader, their team's state
(managers) and the company's (the company head and admins; computed by a job and stored,
CompanyBoard, because it reads the whole organization).

Set-wise throughout: a fixed number of queries whatever the size of the team or the
organization (tests/web/test_home_queries.py), counts and the first rows in SQL, people covered
by a pilot decided by okrflow/cycles/pilots.py's path conditions. Only objectives that count
(okrs.models.COUNTED_STATUSES: drafts and proposals never do) enter scores and check-in duties.
"""

import datetime
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.db import transaction
from django.db.models import F, Max, Q
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from okrflow.cycles import pilots
from okrflow.cycles.models import Cycle
from okrflow.cycles.phases import Phase
from okrflow.okrs import scoring, selectors
from okrflow.okrs.models import COUNTED_STATUSES, LIVE_STATUSES, KeyResult, Objective, ObjectiveStatus, Origin
from okrflow.org import tree
from okrflow.org.models import Person, Unit
from okrflow.reports.dashboard import BEHIND_DAYS  # "who is behind": no check-in for two weeks
from okrflow.reports.dashboard import behind_q as _behind_q  # the rule's one home, shared with the dashboards
from okrflow.web.models import CompanyBoard, UnitShare

BOARD_FRESH = datetime.timedelta(minutes=10)  # how old the stored company board may be
TOP = 10


def week_start(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def page_if_served(path: str) -> str | None:
    """`path` if a page of the project serves it (pages of other features may not exist yet)."""
    try:
        resolve(path)
    except Resolver404:
        return None
    return path


@dataclass
class Prompt:
    """One thing the current step asks of the reader."""

    phase: str
    title: str
    text: str
    link: str | None = None
    link_label: str = ""
    count: int | None = None
    items: list = field(default_factory=list)  # (title, url) of objectives waiting for the reader


def _live_krs(person, cycle):
    return KeyResult.objects.filter(owner=person, objective__cycle=cycle,
                                    objective__status__in=LIVE_STATUSES)


def _set_prompts(person, cycle) -> list[Prompt]:
    drafts = Objective.objects.filter(cycle=cycle, owner_person=person, status=ObjectiveStatus.DRAFT).count()
    waiting_q = (Objective.objects.filter(cycle=cycle, status=ObjectiveStatus.PROPOSED)
                 .filter(Q(owner_person__manager=person) | Q(owner_unit__parent__head=person))
                 .filter(manager_agreed_at__isnull=True).order_by("id"))
    waiting = [(o.title, reverse("objective", args=[o.pk])) for o in waiting_q.only("pk", "title")[:5]]
    text = _("Write your objectives for {cycle} and submit them to your manager.").format(cycle=cycle.name)
    prompts = [Prompt(Phase.SET, _("Draft your OKRs"), text, reverse("my_okrs"), _("My OKRs"), drafts)]
    if waiting:
        total = waiting_q.count() if len(waiting) == 5 else len(waiting)
        prompts.append(Prompt(Phase.SET, _("Agree your reports' proposals"),
                              _("These proposals wait for you: accept them, or send them back "
                                "with a comment."),
                              count=total, items=waiting))
    return prompts


def _next_cycle(cycle) -> Cycle | None:
    return (Cycle.objects.filter(organization_id=cycle.organization_id, kind=cycle.kind,
                                 start_date__gt=cycle.end_date).order_by("start_date", "id").first())


def _retro_page(person, cycle) -> str:
    """The retrospective of the reader's department (the unit below the company that they are in),
    or the management retrospective for someone at the company level."""
    unit = person.unit if person.unit_id else None
    department = None
    if unit is not None and unit.parent_id is not None:
        ids = tree.path_ids(unit.path)
        department = Unit.objects.filter(pk=ids[1]).only("code").first() if len(ids) > 1 else None
    if department is None:
        return reverse("retro_management", args=[cycle.code])
    return reverse("retro_unit", args=[cycle.code, department.code])


def prompts_for(person, cycle, phase_names, today) -> list[Prompt]:
    """What each of the current steps asks of `person` (the caller checked the pilot's coverage)."""
    code, prompts = cycle.code, []
    for phase in phase_names:
        if phase == Phase.SET:
            prompts += _set_prompts(person, cycle)
        elif phase == Phase.PUBLISH:
            prompts.append(Prompt(phase, _("Read the published OKRs"),
                                  _("The cycle's OKRs are out: read the company's, your department's and "
                                    "your own in the OKR book."),
                                  page_if_served(f"/cycles/{code}/book/"), _("Open the OKR book")))
        elif phase == Phase.EXECUTE:
            due = _live_krs(person, cycle).filter(
                Q(last_checkin_date__isnull=True) | Q(last_checkin_date__lt=week_start(today))).count()
            prompts.append(Prompt(phase, _("Check in this week"),
                                  _("Key results of yours not checked in this week: value, confidence and "
                                    "what changed."), reverse("weekly_checkin"), _("Check in"), due))
        elif phase == Phase.SELF_ASSESS:
            due = _live_krs(person, cycle).filter(self_assessment__isnull=True).count()
            prompts.append(Prompt(phase, _("Self-assess your key results"),
                                  _("Score each key result from 0 to 1 and say what was achieved, what "
                                    "was not, and why. It is for learning, not for appraisal."),
                                  page_if_served(f"/cycles/{code}/self-assessment/"), _("Self-assess"), due))
        elif phase == Phase.REFLECT:
            prompts.append(Prompt(phase, _("Join the retrospective"),
                                  _("What went well, what did not, why, and what you will do differently."),
                                  _retro_page(person, cycle), _("Open the retrospectives")))
        elif phase == Phase.UPDATE:
            following = _next_cycle(cycle)
            drafts = (Objective.objects.filter(cycle=following, owner_person=person).count()
                      if following else None)
            text = (_("Draft your OKRs for {cycle}: continue what is unfinished, start from the "
                      "retrospective's improvements.").format(cycle=following.name) if following else
                    _("Draft your OKRs for the next cycle once it is set up."))
            prompts.append(Prompt(phase, _("Draft next cycle's OKRs"), text,
                                  page_if_served(f"/cycles/{code}/next/") or reverse("my_okrs"),
                                  _("Start the next cycle"), drafts))
        elif phase == Phase.CELEBRATE:
            link = page_if_served(f"/cycles/{code}/celebrations/") or page_if_served("/celebrations/")
            prompts.append(Prompt(phase, _("Celebrate"),
                                  _("Celebrate what the team achieved this cycle, and thank the people "
                                    "who made it happen."), link, _("Open the celebrations")))
    return prompts


def my_objectives(person, cycle, *, policy=None):
    """The reader's own objectives of the cycle, scored (two queries)."""
    from okrflow.web.views.okrs_cards import decorate_own

    return decorate_own(Objective.objects.filter(cycle=cycle), person, policy=policy)


def team_board(person, cycle, today) -> dict | None:
    """The reader's direct reports in the cycle: their objectives' count and average score (their
    own and those of the units they head: the company head's reports head the departments), and
    who has not checked in this week. None for someone without reports. Four queries, whatever
    the size of the team or the organization, each by indexed keys: the reports (200 at most),
    the units they head, those units' and the reports' counted objectives with their scores (which
    also give the counts), and the reports' key results of the cycle (their last check-in, and
    whether they are behind: _behind_q's rule over the rows)."""
    reports = (Person.objects.filter(manager=person, is_active=True).filter(pilots.people_q(cycle))
               .order_by("name", "id").only("pk", "name"))
    rows = list(reports[:200])
    if not rows:
        return None
    # Each report's score: the plain mean of their own and their units' objectives' scores.
    ids = [row.pk for row in rows]
    # The units they head first (bounded by the reports), then one condition on the objectives'
    # two indexed owner columns: an OR across the unit join made SQLite scan the cycle.
    headed = list(Unit.objects.filter(organization_id=cycle.organization_id, head_id__in=ids)
                  .filter(pilots.units_q(cycle)).values_list("pk", flat=True))
    counted = Objective.objects.filter(cycle=cycle, status__in=COUNTED_STATUSES)
    theirs = counted.filter(organization_id=cycle.organization_id).filter(
        Q(owner_person_id__in=ids) | Q(owner_unit_id__in=headed))
    by_report = {}
    for objective in selectors.with_scores(theirs).annotate(head_id=F("owner_unit__head_id")).only(
            "pk", "owner_person_id"):
        by_report.setdefault(objective.owner_person_id or objective.head_id, []).append(
            selectors.score_of(objective))
    checked_in = _checked_in(cycle, ids, week_start(today))
    for row in rows:
        row.objective_count = len(by_report.get(row.pk, []))
        row.score = scoring.owner_score(by_report.get(row.pk, []))
        row.last_checkin, row.behind = checked_in.get(row.pk, (None, False))
    scored = [row.score for row in rows if row.score is not None]
    return {"rows": rows, "objectives": sum(row.objective_count for row in rows),
            "score": scoring.owner_score(scored), "not_checked_in": [row for row in rows if row.behind]}


def _checked_in(cycle, people_ids, since: datetime.date) -> dict:
    """{person id: (their key results' last check-in in the cycle or None, behind)} where behind
    is _behind_q's rule: they own live key results of the cycle, none checked in since `since`.
    One query over their key results (the correlated subqueries of _behind_q cost a team board
    more to compile than to run)."""
    last, live, fresh = {}, set(), set()
    rows = (KeyResult.objects.filter(owner_id__in=people_ids, objective__cycle=cycle).order_by()
            .values_list("owner_id", "last_checkin_date", "objective__status"))
    for owner_id, day, status in rows:
        if day is not None and (owner_id not in last or day > last[owner_id]):
            last[owner_id] = day
        if status in LIVE_STATUSES:
            live.add(owner_id)
            if day is not None and day >= since:
                fresh.add(owner_id)
    return {pk: (last.get(pk), pk in live and pk not in fresh) for pk in people_ids}


def compute_company_board(cycle, today) -> dict:
    """The company's score and who is behind: the units with the lowest scores and the people
    with no check-in for two weeks (the first ten of each, with their totals), as plain data.
    Reads the whole organization: run by the job, never by a request (CompanyBoard)."""
    counted = Objective.objects.filter(cycle=cycle, status__in=COUNTED_STATUSES)
    root = cycle.organization.root_unit()
    company = scoring.owner_scores(cycle, counted.filter(owner_unit=root)).get(("unit", root.pk))
    unit_scores = scoring.owner_scores(cycle, counted.filter(owner_unit__parent__isnull=False)
                                       .filter(pilots.units_q(cycle, "owner_unit__")))
    ranked = sorted(((score, key[1]) for key, score in unit_scores.items() if score is not None))[:TOP]
    names = Unit.objects.in_bulk([unit_id for _score, unit_id in ranked])
    lowest = [{"code": names[unit_id].code, "name": names[unit_id].name, "score": score}
              for score, unit_id in ranked if unit_id in names]
    since = today - datetime.timedelta(days=BEHIND_DAYS)
    behind = {"people": [], "total": 0, "since": since.isoformat()}
    if today - cycle.start_date >= datetime.timedelta(days=BEHIND_DAYS):
        people = (Person.objects.filter(organization_id=cycle.organization_id, is_active=True)
                  .filter(pilots.people_q(cycle)).filter(_behind_q(cycle, since)))
        behind["total"] = people.count()
        behind["people"] = [
            {"pk": p.pk, "name": p.name, "unit": p.unit.name if p.unit_id else "",
             "last_checkin": p.last_checkin.isoformat() if p.last_checkin else None}
            for p in people.select_related("unit").annotate(
                last_checkin=Max("key_results__last_checkin_date",
                                 filter=Q(key_results__objective__cycle=cycle)))
            .order_by("last_checkin", "name", "id")[:TOP]]
    organization = cycle.organization_id
    return {"score": company, "lowest_units": lowest, "behind": behind,
            "units": Unit.objects.filter(organization_id=organization).count(),
            "people": Person.objects.filter(organization_id=organization, is_active=True).count()}


def refresh_company_board(cycle_id: int, *, now=None) -> str:
    """Compute and store the company board of a cycle (the job's body)."""
    cycle = Cycle.objects.select_related("organization").filter(pk=cycle_id).first()
    if cycle is None:
        return "cycle gone"
    now = now or timezone.now()
    data = compute_company_board(cycle, timezone.localdate(now))
    shares = compute_unit_shares(cycle)
    with transaction.atomic():
        UnitShare.objects.filter(cycle=cycle).delete()
        UnitShare.objects.bulk_create(
            [UnitShare(organization_id=cycle.organization_id, cycle=cycle, unit_id=unit_id, counted=counted,
                       bottom_up=bottom_up) for unit_id, (counted, bottom_up) in shares.items()],
            batch_size=2000)
        CompanyBoard.objects.update_or_create(cycle=cycle, defaults={
            "organization_id": cycle.organization_id, "data": data, "computed_at": now})
    return "computed"


def compute_unit_shares(cycle) -> dict:
    """{unit id: (counted, bottom-up)} for every unit with objectives at or below it: one pass
    over the cycle's objectives that count, each added to the units of its owner's path (the
    same numbers as okrs.selectors.bottom_up_share, unit by unit; tests keep them equal)."""
    totals: dict = {}
    rows = (Objective.objects.for_org(cycle.organization_id).filter(scoring.counted(), cycle=cycle)
            .order_by().values_list("origin", "owner_unit__path", "owner_person__unit__path"))
    for origin, unit_path, person_unit_path in rows.iterator(chunk_size=5000):
        up = origin in (Origin.BOTTOM_UP, Origin.NEGOTIATED)
        for unit_id in tree.path_ids(unit_path or person_unit_path or ""):
            counted, bottom_up = totals.get(unit_id, (0, 0))
            totals[unit_id] = (counted + 1, bottom_up + up)
    return totals


def stored_share(cycle, unit, *, now=None) -> dict | None:
    """The stored bottom-up share of a unit (the root unit: the company) as the OKR pages show it:
    {"counted", "bottom_up", "share"}, or None while the job has not computed it yet. Asks for a
    refresh when the cycle's board is missing or stale (the same job as the company board)."""
    if _fresh_board(cycle, now, only=("pk", "computed_at", "requested_at")) is None:
        return None
    row = UnitShare.objects.filter(cycle=cycle, unit=unit).first()
    counted, bottom_up = (row.counted, row.bottom_up) if row else (0, 0)
    return {"counted": counted, "bottom_up": bottom_up, "share": bottom_up / counted if counted else None}


def _fresh_board(cycle, now=None, *, only=()) -> CompanyBoard | None:
    """The cycle's stored board once computed (None before the job's first run), asking for a
    refresh when it is missing or older than BOARD_FRESH: one query, two when it asks."""
    now = now or timezone.now()
    boards = CompanyBoard.objects.filter(cycle=cycle)
    boards = boards.only(*only) if only else boards
    board = boards.first()
    if board is None or board.computed_at is None or now - board.computed_at > BOARD_FRESH:
        _ask_for_refresh(cycle, board, now)
        board = boards.first()  # an inline backend (the tests') has filled it
    return board if board is not None and board.computed_at is not None else None


def _ask_for_refresh(cycle, board, now) -> None:
    """Queue one refresh, not one per page view: the first view to claim `requested_at` queues."""
    from okrflow.web.tasks import refresh_company_board_task

    stale = now - BOARD_FRESH
    if board is None:
        board, created = CompanyBoard.objects.get_or_create(
            cycle=cycle, defaults={"organization_id": cycle.organization_id, "requested_at": now})
        claimed = created
    else:
        claimed = bool(CompanyBoard.objects.filter(pk=board.pk).filter(
            Q(requested_at__isnull=True) | Q(requested_at__lt=stale)).update(requested_at=now))
    if claimed:
        refresh_company_board_task.enqueue(cycle.pk)


def _someone(row: dict) -> SimpleNamespace:
    last = row["last_checkin"]
    return SimpleNamespace(pk=row["pk"], name=row["name"],
                           unit=SimpleNamespace(name=row["unit"]) if row["unit"] else None,
                           last_checkin=datetime.date.fromisoformat(last) if last else None)


def company_board(cycle, today, *, now=None) -> dict:
    """The company board as the home page shows it: the stored one (two queries at most, whatever
    the size of the organization), and a refresh asked for when it is missing or stale."""
    board = _fresh_board(cycle, now)
    if board is None:
        return {"pending": True}
    data = board.data
    behind = data.get("behind", {})
    return {
        "score": data.get("score"),
        "lowest_units": [(SimpleNamespace(code=u["code"], name=u["name"]), u["score"])
                         for u in data.get("lowest_units", [])],
        "behind": {"total": behind.get("total", 0),
                   "people": [_someone(p) for p in behind.get("people", [])]},
        "units": data.get("units"), "people": data.get("people"),
        "computed_at": board.computed_at,
    }


def is_company_head(person) -> bool:
    return Unit.objects.filter(organization_id=person.organization_id, parent__isnull=True,
                               head_id=person.pk).exists()
