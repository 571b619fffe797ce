"""`{% objective_source objective %}`: the meeting a draft came out of (brief D2), on the objective
page — promoted from the room's results (`Column.objective`) or a department's claim broken down
with 5W2H (`Claim.draft`). One query; the meeting is linked for whoever may see it, and named
only as "a meeting" for the others."""

from django import template
from django.db.models import Exists, OuterRef, Q

from okrflow.workshops.access import visible_workshops
from okrflow.workshops.models import Claim, Column, Workshop

register = template.Library()


@register.inclusion_tag("web/okrs/d2_objective_source.html", takes_context=True)
def objective_source(context, objective):
    person = getattr(context.get("request"), "user", None)
    if objective is None or person is None or not getattr(person, "organization_id", None):
        return {"meeting": None}
    promoted = Column.objects.filter(objective_id=objective.pk).values("workshop_id")
    claimed = Claim.objects.filter(draft_id=objective.pk).values("workshop_id")
    meeting = (Workshop.objects.for_org(objective.organization_id)
               .filter(Q(pk__in=promoted) | Q(pk__in=claimed))
               .annotate(may_see=Exists(visible_workshops(person).filter(pk=OuterRef("pk"))))
               .only("pk", "title", "starts_at").order_by("starts_at", "id").first())
    return {"meeting": meeting}
