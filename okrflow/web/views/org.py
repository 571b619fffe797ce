"""Organization pages: a unit, a person, the whole tree."""

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import render

from okrflow.assessments import access as assessment_access
from okrflow.org import access
from okrflow.org.models import Person, Unit
from okrflow.web.current_cycle import current_cycle
from okrflow.web.org_tree import build_unit_tree, unit_ancestors
from okrflow.web.views.guards import member_view

MEMBERS_PER_PAGE = 100


@member_view
def unit_page(request, code):
    unit = access.get_unit(request.user, code)
    members = (Person.objects.for_org(unit.organization_id).filter(unit=unit, is_active=True)
               .select_related("manager"))
    children = (Unit.objects.for_org(unit.organization_id).filter(parent=unit).select_related("head")
                .annotate(member_count=Count("members", filter=Q(members__is_active=True))))
    head = Person.objects.for_org(unit.organization_id).filter(pk=unit.head_id).first()
    page = Paginator(members, MEMBERS_PER_PAGE).get_page(request.GET.get("page"))
    # htmx asks for the next page of members only: the same view, just the fragment.
    template = "web/includes/unit_members.html" if request.headers.get("HX-Request") else "web/unit.html"
    cycle = current_cycle(request)
    sees_assessments = cycle is not None and assessment_access.may_see_unit(request.user, unit)
    return render(request, template, {
        "unit": unit, "head": head, "ancestors": unit_ancestors(unit),
        "members": page, "member_count": page.paginator.count, "children": children,
        # The unit's self-assessment page (and HR's export button there), for who may see it.
        "self_assessment_cycle": cycle if sees_assessments else None,
    })


@member_view
def person_page(request, person_id):
    person = access.get_person(request.user, person_id)
    org_people = Person.objects.for_org(person.organization_id)
    return render(request, "web/person.html", {
        "person": person,
        "unit": person.unit,
        "manager": person.manager,
        "reports": org_people.filter(manager=person, is_active=True).select_related("unit"),
        "headed_units": Unit.objects.for_org(person.organization_id).filter(head=person),
    })


@member_view
def org_tree(request):
    roots = build_unit_tree(request.user.organization_id)
    unit_count = sum(1 for root in roots for _ in root.walk())
    return render(request, "web/org_tree.html", {"roots": roots, "unit_count": unit_count})
