"""The home page: each person's starting point in the cycle (issue 9).

What the current steps ask of the reader (okrflow/cycles/timeline.py decides the steps, the pilot
rule okrflow/cycles/pilots.py whom they cover), their OKRs with scores, their team's state for
managers and the company's for the company head and admins. The reads are home_boards'."""

from django.shortcuts import render
from django.utils import timezone

from okrflow.cycles import pilots, timeline
from okrflow.okrs.models import policy_for
from okrflow.org.models import Person
from okrflow.web import fragments
from okrflow.web.current_cycle import current_cycle
from okrflow.web.views import home_boards
from okrflow.web.views.guards import member_view


@member_view
def home(request):
    person = request.user
    cycle = current_cycle(request)
    today = timezone.localdate()
    context = {
        # With the organization the page names (read by the same query, not a query of its own).
        "person": Person.objects.select_related("unit", "manager", "organization").get(pk=person.pk),
        "cycle": cycle,
        "cycle_days": cycle_days(cycle, today) if cycle else None,
    }
    if cycle is not None:
        context.update(_cycle_context(person, cycle, today))
    return render(request, "web/home.html", context)


def _cycle_context(person, cycle, today) -> dict:
    steps = timeline.steps(cycle, today)
    current = [step.phase for step in steps["steps"] if step.is_current]
    covered = pilots.covers_person(cycle, person)
    sees_company = person.is_org_admin or home_boards.is_company_head(person)
    policy = policy_for(person.organization_id)
    team = home_boards.team_board(person, cycle, today)
    company = home_boards.company_board(cycle, today) if sees_company else None
    return {
        "timeline": steps,
        "covered": covered,
        "pilot_units": list(cycle.pilot_units.order_by("name", "id")) if pilots.is_pilot(cycle) else [],
        "prompts": home_boards.prompts_for(person, cycle, current, today) if covered else [],
        "my_objectives": home_boards.my_objectives(person, cycle, policy=policy),
        # The boards are kept in the cache under a digest of what they show (okrflow/web/fragments.py).
        "team": team, "team_key": fragments.team_key(team) if team else None,
        "company": company, "company_key": fragments.company_key(company) if company else None,
        "policy": policy,
    }


def cycle_days(cycle, today) -> dict:
    """Where today stands in the cycle: days to go, and how far through it we are (percent)."""
    length = (cycle.end_date - cycle.start_date).days + 1
    if today < cycle.start_date:
        return {"state": "upcoming", "days": (cycle.start_date - today).days, "percent": 0}
    if today > cycle.end_date:
        return {"state": "ended", "days": 0, "percent": 100}
    passed = (today - cycle.start_date).days + 1
    return {"state": "active", "days": (cycle.end_date - today).days, "percent": round(100 * passed / length)}
