"""The OKR book of a cycle: every OKR of the cycle its reader may see, grouped company →
departments → units → people, with the mission and vision at the top.

Paginated by department: the first page holds the company (its annual and this cycle's OKRs) and
the table of contents; `?unit=CODE` holds one department (or any unit) with everything below it.
So no page reads the whole organization, and each reads a fixed number of queries (objectives
through the reader's visibility in one, their key results in one more: okrs/selectors).

The web book's chapters and the printed book (okrflow/reports/documents/book.py) read the same
sections, as a stream (`sections`): a unit's subtree in the tree's order, its owners (the units
and the people who own objectives in the cycle) read once as ids, and their objectives read CHUNK
owners at a time through the reader's visibility, so a 10,000-person company's book holds one
chunk in memory and costs a fixed number of queries per chunk.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db.models import Q

from okrflow.errors import NotFound
from okrflow.okrs import scoring
from okrflow.okrs.models import COUNTED_STATUSES, Objective, policy_for
from okrflow.okrs.selectors import company_score, objectives_for
from okrflow.org.models import Person, Unit
from okrflow.org.tree import below, path_ids

CHUNK = 300   # owners (units and people) whose objectives are read at once by `sections`


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


def chapter(person, cycle, unit_code: str) -> dict:
    """One unit and everything below it: its sections in the tree's order (NotFound for an
    unknown unit), read like the printed book's chapters (`sections`)."""
    unit = Unit.objects.for_org(cycle.organization_id).filter(code=unit_code).first()
    if unit is None or not unit.path:
        raise NotFound()
    groups = list(sections(person, cycle, subtree(cycle, unit)))
    count = sum(len(g.objectives) + sum(len(objectives) for _p, objectives in g.people) for g in groups)
    return {"unit": unit, "groups": groups, "count": count}


# --- the printed book: a stream of sections -------------------------------------------------

def in_tree_order(units) -> list:
    """Units of one subtree (all loaded, with their paths) in the tree's order: each unit before
    the units below it, siblings by (position, code, id) as Unit's ordering has them."""
    rank = {unit.pk: (unit.position, unit.code, unit.pk) for unit in units}
    return sorted(units, key=lambda unit: [rank.get(pk, (0, "", pk)) for pk in path_ids(unit.path)])


def subtree(cycle, unit) -> list:
    """The unit and every unit below it, in the tree's order (one query)."""
    units = Unit.objects.for_org(cycle.organization_id).filter(below("path", unit.path))
    return in_tree_order(list(units.only("pk", "code", "name", "position", "path", "parent_id")))


@dataclass
class Section:
    """One unit of the book, as the reader may see it: its own objectives and its people's."""

    unit: Unit
    objectives: list = field(default_factory=list)
    people: list = field(default_factory=list)   # [(person, [objectives])], by name

    @property
    def people_rows(self) -> list:   # the web book's template reads this name
        return self.people


def _owners(cycle, units, *, deep: bool) -> list:
    """("unit", unit) and ("person", person id) in the book's order: each unit, then its people
    who own an objective of the cycle, by name. One query for the people (ids only)."""
    owning = Objective.objects.filter(cycle=cycle, status__in=COUNTED_STATUSES,
                                      owner_person__isnull=False).values("owner_person_id")
    people = Person.objects.for_org(cycle.organization_id).filter(pk__in=owning)
    people = people.filter(below("unit__path", units[0].path)) if deep else people.filter(unit=units[0])
    by_unit: dict = {}
    for pk, unit_id in people.order_by("name", "pk").values_list("pk", "unit_id"):
        by_unit.setdefault(unit_id, []).append(pk)
    owners = []
    for unit in units:
        owners.append(("unit", unit))
        owners.extend(("person", pk) for pk in by_unit.get(unit.pk, []))
    return owners


def sections(person, cycle, units, *, deep: bool = True, chunk: int = CHUNK,
             own_objectives: bool = True, progress=None) -> Iterator[Section]:
    """The sections of `units` (a subtree in the tree's order, its top first: `subtree`) with
    what `person` may see: units and people without a visible objective are left out. With
    deep=False only the top unit's people are read (the company's, whose units are chapters of
    their own); with own_objectives=False the units' own objectives are not (the company's are
    on the front page). Objectives are read `chunk` owners at a time (okrs/selectors: a fixed
    number of queries per chunk, whatever the number of objectives). `progress(done, total)`, if
    given, hears after each chunk how many owners have been read."""
    if not units:
        return
    owners = _owners(cycle, units, deep=deep)
    policy = policy_for(cycle.organization_id)
    current = None
    for start in range(0, len(owners), chunk):
        part = owners[start:start + chunk]
        unit_ids = [owner.pk for kind, owner in part if kind == "unit" and own_objectives]
        person_ids = [owner for kind, owner in part if kind == "person"]
        found = objectives_for(person, Objective.objects.filter(
            Q(owner_unit_id__in=unit_ids) | Q(owner_person_id__in=person_ids),
            cycle=cycle, status__in=COUNTED_STATUSES).order_by("position", "ref", "pk"), policy=policy)
        by_owner: dict = {}
        for objective in found:
            key = ("person", objective.owner_person_id) if objective.owner_person_id else (
                "unit", objective.owner_unit_id)
            by_owner.setdefault(key, []).append(objective)
        for kind, owner in part:
            if kind == "unit":
                if current is not None and (current.objectives or current.people):
                    yield current
                current = Section(owner, objectives=by_owner.get(("unit", owner.pk), []))
            elif ("person", owner) in by_owner:
                objectives = by_owner[("person", owner)]
                current.people.append((objectives[0].owner_person, objectives))
        if progress is not None:
            progress(start + len(part), len(owners))
    if current is not None and (current.objectives or current.people):
        yield current
