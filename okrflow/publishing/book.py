"""The OKR book of a cycle: every OKR of the cycle its reader may see, grouped company →
departments → units → people, with the mission and vision at the top.

Paginated by department: the first page holds the company (its annual and this cycle's OKRs) and
the table of contents; `?unit=CODE` holds one department (or any unit) with everything below it.
So no page reads the whole organization, and each reads a fixed number of queries (objectives
through the reader's visibility in one, their key results in one more: okrs/selectors).
"""

from dataclasses import dataclass, field

from django.db.models import Q

from okrflow.errors import NotFound
from okrflow.okrs import scoring
from okrflow.okrs.models import COUNTED_STATUSES, Objective, policy_for
from okrflow.okrs.selectors import company_score, objectives_for
from okrflow.org.models import Unit
from okrflow.org.tree import below


def _read(person, cycle, condition) -> list:
    return objectives_for(person, Objective.objects.filter(
        condition, cycle=cycle, status__in=COUNTED_STATUSES).order_by("position", "ref", "pk"),
        policy=policy_for(cycle.organization_id))


def departments(cycle) -> list[Unit]:
    """The first-level units: the book's chapters, in the tree's order."""
    return list(Unit.objects.for_org(cycle.organization_id).filter(parent__parent__isnull=True,
                                                                   parent__isnull=False))


def front_page(person, cycle) -> dict:
    """Mission, vision, the company's score and grade code, and its OKRs (this cycle's and its
    annual cycle's)."""
    root = cycle.organization.root_unit()
    if root is None:
        return {"annual": [], "company": [], "score": None, "grade": None, "chapters": []}
    objectives = _read(person, cycle.parent, Q(owner_unit=root)) if cycle.parent_id else []
    score = company_score(cycle)
    return {"annual": objectives, "company": _read(person, cycle, Q(owner_unit=root)),
            "score": score, "grade": scoring.grade(score, policy_for(cycle.organization_id)),
            "chapters": departments(cycle)}


@dataclass
class Group:
    """One unit of a chapter: its own OKRs and its people's."""

    unit: Unit
    objectives: list = field(default_factory=list)
    people: dict = field(default_factory=dict)  # person id → (person, [objectives])

    @property
    def people_rows(self) -> list:
        return sorted(self.people.values(), key=lambda row: (row[0].name, row[0].pk))


def chapter(person, cycle, unit_code: str) -> dict:
    """One unit and everything below it: its groups in tree order (NotFound for an unknown unit)."""
    unit = Unit.objects.for_org(cycle.organization_id).filter(code=unit_code).first()
    if unit is None or not unit.path:
        raise NotFound()
    objectives = _read(person, cycle, below("owner_unit__path", unit.path)
                       | below("owner_person__unit__path", unit.path))
    groups: dict[int, Group] = {}
    for objective in objectives:
        owner_unit = objective.owner_unit or objective.owner_person.unit
        if owner_unit is None:
            continue
        group = groups.setdefault(owner_unit.pk, Group(owner_unit))
        if objective.owner_person_id:
            row = group.people.setdefault(objective.owner_person_id, (objective.owner_person, []))
            row[1].append(objective)
        else:
            group.objectives.append(objective)
    ordered = sorted(groups.values(), key=lambda g: (g.unit.path != unit.path, g.unit.path))
    return {"unit": unit, "groups": ordered, "count": len(objectives)}
