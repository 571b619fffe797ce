"""`{% objective_source objective %}`: the meeting a draft came out of (brief D2), on the objective
page — promoted from the room's results (`Column.objective`) or a department's claim broken down
with 5W2H (`Claim.draft`). One plain query for an objective from no meeting, a second for one
from a meeting; the meeting is linked for whoever may see it, and named
only as "a meeting" for the others."""

from django import template
from django.db.models import Exists, OuterRef

from okrflow.workshops.access import visible_workshops
from okrflow.workshops.models import Claim, Column, Workshop

register = template.Library()


@register.inclusion_tag("web/okrs/d2_objective_source.html", takes_context=True)
def objective_source(context, objective):
    person = getattr(context.get("request"), "user", None)
    if objective is None or person is None or not getattr(person, "organization_id", None):
        return {"meeting": None}
    # Most objectives came from no meeting: one plain query answers that; the meeting and whether
    # the reader may see it are read only for those that did.
    promoted = (Column.objects.filter(objective_id=objective.pk).order_by()
                .values_list("workshop_id", flat=True))
    claimed = Claim.objects.filter(draft_id=objective.pk).order_by().values_list("workshop_id", flat=True)
    ids = list(promoted.union(claimed))
    if not ids:
        return {"meeting": None}
    meeting = (Workshop.objects.for_org(objective.organization_id).filter(pk__in=ids)
               .annotate(may_see=Exists(visible_workshops(person).filter(pk=OuterRef("pk"))))
               .only("pk", "title", "starts_at").order_by("starts_at", "id").first())
    return {"meeting": meeting}
