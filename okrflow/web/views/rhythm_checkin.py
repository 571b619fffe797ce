"""The weekly check-in: every key result of the person in one form, one submit, all or nothing.

Each row shows last period's reading beside the inputs, the key result's score and grade (from
the read model, okrflow/okrs/selectors.py) and its forecast, at risk by the one rule of
okrflow/checkins/forecast.py. A refusal from submit_weekly (e.g. a big confidence drop without a note) is
shown on the row it concerns, and every typed value stays in the form.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from okrflow.checkins.forecast import Forecast, forecasts_for, is_at_risk
from okrflow.checkins.weekly import WeeklyEntry, WeeklyRow, weekly_rows
from okrflow.errors import AccessDenied, DomainError, NotFound
from okrflow.meetings.weekly_updates import submit_weekly
from okrflow.okrs import scoring, selectors
from okrflow.okrs.models import KeyResult, policy_for
from okrflow.web.rhythm_forms import WeeklyRowForm
from okrflow.web.views.guards import member_view
from okrflow.web.views.okrs_cards import Grade, grade_of
from okrflow.web.views.rhythm import local_today, period_for


@dataclass
class CheckinRow:
    row: WeeklyRow
    form: WeeklyRowForm
    score: float
    grade: Grade | None
    forecast: Forecast
    at_risk: bool

    @property
    def kr(self):
        return self.row.kr


def _initial(row: WeeklyRow) -> dict:
    """This period's reading if there is one, else the key result's latest state."""
    kr = row.kr
    value = row.current.value if row.current else kr.current_value
    return {"value": format(value.normalize(), "f"),
            "confidence": row.current.confidence if row.current else kr.confidence}


def _rows(person, period, data=None) -> list[CheckinRow]:
    policy = policy_for(person.organization)
    rows = weekly_rows(person, period)
    forecasts = forecasts_for([row.kr for row in rows])
    scores = dict(selectors.scored_key_results(KeyResult.objects.filter(pk__in=[row.kr.pk for row in rows]))
                  .values_list("pk", "score_value"))
    built = []
    for row in rows:
        kr = row.kr
        score = scoring.tidy(scores[kr.pk])
        form = WeeklyRowForm(data, prefix=f"kr{kr.pk}", initial=_initial(row))
        forecast = forecasts[kr.pk]
        built.append(CheckinRow(row, form, score, grade_of(score, policy), forecast,
                                is_at_risk(forecast, kr.confidence, policy)))
    return built


def _entries(rows: list[CheckinRow]) -> list[WeeklyEntry]:
    return [WeeklyEntry(r.kr, r.form.cleaned_data["value"], r.form.cleaned_data["confidence"],
                        r.form.cleaned_data["note"], r.form.cleaned_data["blockers"])
            for r in rows if not r.form.skipped]


def _show_domain_error(rows, error: DomainError) -> str | None:
    """Put the error on the row it names ("note-<kr id>"); else return it for the page top."""
    prefix, _sep, kr_id = (error.field or "").partition("-")
    for row in rows:
        if str(row.kr.pk) == kr_id and prefix in row.form.fields:
            row.form.add_error(prefix, str(error.message))
            row.form.style_fields()
            return None
    return str(error.message)


@member_view
def weekly_checkin(request):
    person = request.user
    period = period_for(person.unit, local_today())
    rows = _rows(person, period, request.POST if request.method == "POST" else None)
    page_error = None
    if request.method == "POST":
        if all(row.form.is_valid() for row in rows):
            try:
                submit_weekly(person, _entries(rows))
            except (AccessDenied, NotFound):
                raise  # the guard answers 403 / 404
            except DomainError as error:
                page_error = _show_domain_error(rows, error)
            else:
                messages.success(request, _("Your weekly check-in is saved. Thank you!"))
                return redirect("weekly_checkin")
        else:
            page_error = _("Some values need another look; nothing was saved.")
    return render(request, "web/rhythm/checkin.html", {
        "rows": rows, "period": period, "page_error": page_error,
        "checked_in": any(row.row.current for row in rows),
    })
