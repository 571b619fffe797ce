"""The team's weekly page (/units/<code>/weekly/): for whoever leads the unit.

Who has not checked in this period, each person's week (check-ins with confidence changes,
big drops highlighted with their note, blockers, overdue tasks), and the unit's at-risk key
results first with their forecasts. The numbers come from okrflow/meetings/agenda.py, which
keeps the query count bounded whatever the team's size or history.
"""

from django.shortcuts import redirect, render

from okrflow.checkins.forecast import at_risk_first
from okrflow.checkins.weekly import who_has_not_checked_in
from okrflow.meetings.agenda import WEEK, department_agenda
from okrflow.okrs.models import policy_for
from okrflow.org import access
from okrflow.web.views.guards import member_view
from okrflow.web.views.rhythm import day_from, local_today, my_unit, period_for, require_team_lead


@member_view
def team_weekly(request, code):
    unit = access.get_unit(request.user, code)
    require_team_lead(request.user, unit)
    day = day_from(request, "week")
    period = period_for(unit, day)
    agenda = department_agenda(unit, day, today=min(local_today(), period.end), viewer=request.user)
    at_risk = at_risk_first([pair for week in agenda.people for pair in week.at_risk],
                            policy_for(unit.organization))
    return render(request, "web/rhythm/team_weekly.html", {
        "unit": unit, "period": period, "agenda": agenda, "at_risk": at_risk,
        "missing": who_has_not_checked_in(unit, period),
        "overdue_count": sum(len(week.overdue) for week in agenda.people),
        "previous_week": agenda.week_start - WEEK, "next_week": agenda.week_start + WEEK,
    })


@member_view
def my_team_page(request, page):
    """The navbar's shortcuts to the person's own unit's weekly or stand-up page."""
    return redirect(page, my_unit(request.user).code)
