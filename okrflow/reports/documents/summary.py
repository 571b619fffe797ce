"""`summary` — the company dashboard's summary on one or two pages, the PDF the weekly report mail
carries (okrflow/reports/schedules.py): the company's score and grade, each department's score
and grade, the share of key results at risk, and last week's check-in discipline.

The figures are the company dashboard's (okrflow/reports/dashboard.py `scope_figures`): scores by
the one rule, at risk by okrflow/checkins/forecast.py `is_at_risk` with the organization's
OkrPolicy thresholds. Like the dashboard they count every counted objective, private ones by
number only, and name no objective or key result: the same figures for every member, so none of
them tells a reader more than the reader may see. Last week's discipline (who checked in during
the calendar week before `today`) is read here, in one query.
"""

import contextvars
import datetime
from collections import defaultdict
from contextlib import contextmanager

from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from okrflow.checkins.models import CheckIn
from okrflow.cycles import pilots
from okrflow.okrs import scoring
from okrflow.okrs.models import LIVE_STATUSES, KeyResult, policy_for
from okrflow.org import tree
from okrflow.org.models import Person
from okrflow.reports import dashboard
from okrflow.reports.document import (
    GRADE,
    NUMBER,
    PERCENT,
    SCORE,
    TEXT,
    Column,
    Definition,
    Fields,
    Heading,
    Paragraph,
    Report,
    ReportParams,
    Table,
    register,
)
from okrflow.reports.documents.wording import grade_label, score_text

# The day the figures are as of, when not today, and the figures themselves when they were read
# already: the weekly mail's PDF is made when the mail is sent (retries included) from the figures
# its body was written from (stored on the schedule: okrflow/reports/schedules.py).
_GIVEN = contextvars.ContextVar("summary_figures", default=(None, None))


@contextmanager
def as_of(day: datetime.date, found: dict | None = None):
    token = _GIVEN.set((day, found))
    try:
        yield
    finally:
        _GIVEN.reset(token)


def last_week(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """Monday and Sunday of the calendar week before `today`'s."""
    monday = today - datetime.timedelta(days=today.weekday() + 7)
    return monday, monday + datetime.timedelta(days=6)


def discipline_last_week(cycle, root, today) -> dict:
    """{department id | "all": (people with live key results, of them checked in last week)}:
    the active people (in a pilot, those it covers) who own live key results of the cycle, and
    those who recorded a check-in on one of them during last week. One streamed query."""
    monday, sunday = last_week(today)
    live = KeyResult.objects.filter(owner_id=OuterRef("pk"), objective__cycle=cycle,
                                    objective__status__in=LIVE_STATUSES)
    checked = CheckIn.objects.filter(author_id=OuterRef("pk"), key_result__objective__cycle=cycle,
                                     date__gte=monday, date__lte=sunday)
    people = (Person.objects.for_org(cycle.organization_id).filter(is_active=True, unit__isnull=False)
              .filter(pilots.people_q(cycle), Exists(live)).annotate(done=Exists(checked))
              .order_by().values_list("unit__path", "done"))
    totals = defaultdict(lambda: [0, 0])
    for path, done in people.iterator(chunk_size=5000):
        ids = tree.path_ids(path)
        department = ids[1] if len(ids) > 1 and ids[0] == root.pk else None
        for key in (department, "all"):
            totals[key][0] += 1
            totals[key][1] += bool(done)
    return {key: tuple(value) for key, value in totals.items()}


def _percent(part: int, whole: int):
    return round(100 * part / whole) if whole else None


def figures(cycle, today: datetime.date | None = None) -> dict:
    """The summary's figures for the cycle (the company dashboard's, plus last week's discipline):
    plain JSON data (dates as ISO text), the same for every reader; the mail's body and the PDF
    are written from it."""
    today = today or timezone.localdate()
    root = cycle.organization.root_unit()
    found = dashboard.scope_figures(cycle, root, today)
    discipline = discipline_last_week(cycle, root, today)
    people, done = discipline.get("all", (0, 0))
    monday, sunday = last_week(today)
    policy = policy_for(cycle.organization_id)
    departments = []
    for child in found["children"]:
        owners, checked = discipline.get(child["id"], (0, 0))
        # A department's score and grade are its own (its objectives': its page's and card's),
        # not the mean of everything below it (the dashboard's table shows that one).
        departments.append({"name": child["name"], "code": child["code"], "score": child["own_score"],
                            "grade": scoring.grade(child["own_score"], policy),
                            "key_results": child["key_results"], "at_risk": child["at_risk"],
                            "at_risk_share": _percent(child["at_risk"], child["key_results"]),
                            "people": owners, "checked_in": checked,
                            "checkin_share": _percent(checked, owners)})
    return {"score": found["score"], "grade": found["grade"], "key_results": found["key_results"],
            "at_risk": found["at_risk"], "at_risk_share": _percent(found["at_risk"], found["key_results"]),
            "people": people, "checked_in": done, "checkin_share": _percent(done, people),
            "week": [monday.isoformat(), sunday.isoformat()], "today": today.isoformat(),
            "cycle_id": cycle.pk, "departments": departments}


def key_figures(found: dict) -> list[tuple[str, str]]:
    """The key figures as (label, value) in the active language: the mail's body, the PDF's."""
    def share(value):
        return "—" if value is None else f"{value}%"
    monday, sunday = found["week"]
    return [
        (_("Company score"), f"{score_text(found['score'])} ({grade_label(found['grade']) or '—'})"),
        (_("Key results at risk"), _("{count} of {total} ({share})").format(
            count=found["at_risk"], total=found["key_results"], share=share(found["at_risk_share"]))),
        (_("Checked in last week ({start} – {end})").format(start=monday, end=sunday),
         _("{count} of {total} people ({share})").format(count=found["checked_in"], total=found["people"],
                                                         share=share(found["checkin_share"]))),
    ]


def _columns() -> list[Column]:
    return [Column("name", _("Department"), TEXT, width=16), Column("score", _("Score"), SCORE, width=6),
            Column("grade", _("Grade"), GRADE, width=6),
            Column("key_results", _("Key results"), NUMBER, width=6),
            Column("at_risk", _("At risk"), NUMBER, width=6),
            Column("at_risk_share", _("Share at risk"), PERCENT, width=7),
            Column("checkin_share", _("Checked in last week"), PERCENT, width=8)]


def _rows(found):
    for row in found["departments"]:
        yield {**row, "grade": grade_label(row["grade"])}


def build(reader, params: ReportParams) -> Report:
    cycle = params.cycle
    day, found = _GIVEN.get()
    if found is None or found.get("cycle_id") != cycle.pk:
        found = figures(cycle, day)
    monday, _sunday = found["week"]
    return Report(
        name="summary", title=_("Weekly company report"),
        subtitle=f"{cycle.organization.name} · {cycle.name}",
        fields=[(_("Cycle"), cycle.name), (_("As of"), found["today"]),
                (_("Company score"), score_text(found["score"])),
                (_("Grade"), grade_label(found["grade"]))],
        blocks=[Heading(_("Key figures"), level=2, anchor="figures"),
                Fields(key_figures(found)[1:]),   # the company score is in the header
                Heading(_("Departments"), level=2, anchor="departments"),
                Table(_columns(), _rows(found)),
                Paragraph(_("A key result is at risk when its owner's confidence is below the policy's "
                            "threshold or its forecast ends in the lowest grade band. Scores count every "
                            "agreed objective; no objective is named here."))],
        filename=f"company-report-{cycle.code}-{monday}")


DEFINITION = register(Definition(name="summary", title=gettext_lazy("Weekly company report"), scopes=(),
                                 build=build, heavy=lambda params: True))
