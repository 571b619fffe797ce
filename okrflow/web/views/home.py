from django.shortcuts import render
from django.utils import timezone

from okrflow.org.models import Person, Unit
from okrflow.web.current_cycle import current_cycle
from okrflow.web.views.guards import member_view


@member_view
def home(request):
    person = request.user
    org = person.organization
    cycle = current_cycle(request)
    context = {
        "person": Person.objects.select_related("unit", "manager").get(pk=person.pk),
        "cycle": cycle,
        "cycle_days": cycle_days(cycle, timezone.localdate()) if cycle else None,
        "unit_count": Unit.objects.for_org(org).count(),
        "people_count": Person.objects.for_org(org).filter(is_active=True).count(),
    }
    return render(request, "web/home.html", context)


def cycle_days(cycle, today) -> dict:
    """Where today stands in the cycle: days to go, and how far through it we are (percent)."""
    length = (cycle.end_date - cycle.start_date).days + 1
    if today < cycle.start_date:
        return {"state": "upcoming", "days": (cycle.start_date - today).days, "percent": 0}
    if today > cycle.end_date:
        return {"state": "ended", "days": 0, "percent": 100}
    passed = (today - cycle.start_date).days + 1
    return {"state": "active", "days": (cycle.end_date - today).days, "percent": round(100 * passed / length)}
