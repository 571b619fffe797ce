"""Who may see, change and check in on which OKRs (issue 3), for web, API, export and mail alike.

Seeing: every public objective of one's own organization (transparency, CEO to intern). A private
objective is seen by its owner (the owning person; for a unit's objective the people of that unit),
by the owner's managers up the chain, by the heads of the owning unit and of the units above it,
by the owners of its key results, and by admins and the OKR champion.

Changing: people change their own OKRs; managers those of their reports (anyone below them in the
manager chain) and of their units (the units they head and every unit below, and the people in
them); admins and the OKR champion change everything.

`actor=None` is the operator at the console (importer, demo): everything is allowed.
"""

from django.db.models import Exists, OuterRef, Q

from okrflow.errors import NotFound
from okrflow.okrs.models import KeyResult, Objective, Visibility
from okrflow.org.access import heads_above, managers_chain
from okrflow.org.models import Person, Unit


def _below(parent_of: dict, roots: set) -> set:
    """All ids reachable downwards from `roots` in a {child: parent} map (roots included)."""
    children = {}
    for child, parent in parent_of.items():
        children.setdefault(parent, []).append(child)
    found, todo = set(roots), list(roots)
    while todo:
        for child in children.get(todo.pop(), ()):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def managed_scope(person) -> tuple[set, set]:
    """(unit ids, person ids) whose OKRs `person` manages: units they head and all units below,
    and everyone below them in the manager chain or in those units. Two queries; the people
    are read only for someone who heads a unit or has reports."""
    units = Unit.objects.for_org(person.organization).values_list("id", "parent_id", "head_id")
    headed = {uid for uid, _parent, head_id in units if head_id == person.pk}
    unit_ids = _below({uid: parent for uid, parent, _head in units}, headed) if headed else set()
    if not headed and not Person.objects.for_org(person.organization).filter(manager=person).exists():
        return unit_ids, set()
    people = Person.objects.for_org(person.organization).values_list("id", "manager_id", "unit_id")
    managers = {pid: manager_id for pid, manager_id, _unit in people}
    person_ids = _below(managers, {person.pk}) - {person.pk}
    person_ids |= {pid for pid, _manager, unit_id in people if unit_id in unit_ids and pid != person.pk}
    return unit_ids, person_ids


def visible_objectives(person, scope=None):
    """A queryset of the objectives of `person`'s organization that `person` may see.

    `scope` is managed_scope(person) when the caller has it already."""
    objectives = Objective.objects.for_org(person.organization)
    if person.runs_okr_process:
        return objectives
    unit_ids, person_ids = scope or managed_scope(person)
    owns_a_kr = Exists(KeyResult.objects.filter(objective=OuterRef("pk"), owner=person))
    return objectives.filter(
        Q(visibility=Visibility.PUBLIC)
        | Q(owner_person=person)
        | Q(owner_person_id__in=person_ids)
        | Q(owner_unit_id__in=unit_ids)
        | Q(owner_unit_id=person.unit_id, owner_unit__isnull=False)
        | owns_a_kr
    )


def _manages_person(person, owner) -> bool:
    if any(manager.pk == person.pk for manager in managers_chain(owner)):
        return True
    return person.pk in heads_above(owner.unit) if owner.unit_id else False


def visible_key_results(person):
    """A queryset of the key results whose objective `person` may see."""
    return KeyResult.objects.for_org(person.organization).filter(objective__in=visible_objectives(person))


def can_edit_objective(person, objective, scope=None) -> bool:
    """Own OKRs; a manager's reports' and units' OKRs; admins and the OKR champion all.

    With `scope` (managed_scope(person)) no further query is needed."""
    if person is None:
        return True
    if person.organization_id != objective.organization_id:
        return False
    if person.runs_okr_process or objective.owner_person_id == person.pk:
        return True
    if scope is not None:
        unit_ids, person_ids = scope
        return objective.owner_person_id in person_ids or objective.owner_unit_id in unit_ids
    if objective.owner_person_id:
        owner = objective.owner_person
        return owner.pk == person.pk or _manages_person(person, owner)
    return person.pk in heads_above(objective.owner_unit)


def can_check_in(person, kr) -> bool:
    """The KR's owner, the objective's owner, their managers and unit heads, admins, champion."""
    if person is None:
        return True
    if person.organization_id != kr.organization_id:
        return False
    if kr.owner_id and (kr.owner_id == person.pk or _manages_person(person, kr.owner)):
        return True
    return can_edit_objective(person, kr.objective)


def _valid_id(value) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise NotFound() from None
    if not 0 < number < 2**63:  # outside any database's id range: surely not ours
        raise NotFound()
    return number


def get_objective(person, objective_id) -> tuple[Objective, bool]:
    """The objective if `person` may see it, and whether they may change it; else NotFound."""
    scope = None if person.runs_okr_process else managed_scope(person)
    objective = (visible_objectives(person, scope).select_related("owner_unit", "owner_person", "cycle")
                 .filter(pk=_valid_id(objective_id)).first())
    if objective is None:
        raise NotFound()
    return objective, can_edit_objective(person, objective, scope)


def get_key_result(person, kr_id) -> tuple[KeyResult, bool]:
    """The key result if `person` may see its objective, and whether they may change it."""
    scope = None if person.runs_okr_process else managed_scope(person)
    kr = (KeyResult.objects.for_org(person.organization)
          .filter(pk=_valid_id(kr_id), objective__in=visible_objectives(person, scope))
          .select_related("objective", "objective__owner_unit", "objective__owner_person", "owner")
          .first())
    if kr is None:
        raise NotFound()
    return kr, can_edit_objective(person, kr.objective, scope)


class Rights:
    """What the reader may do, answered for many objectives from one managed-scope lookup.

    Mirrors can_edit_objective / can_check_in above (a test keeps them equal):
    those walk the manager chain per object, which a page of 200 key results cannot afford.
    """

    def __init__(self, person):
        self.person = person
        self.everything = person.runs_okr_process
        self.unit_ids, self.person_ids = set(), set()
        if not self.everything:
            self.unit_ids, self.person_ids = managed_scope(person)

    def _covers_person(self, person_id) -> bool:
        return person_id == self.person.pk or person_id in self.person_ids

    def can_edit(self, objective) -> bool:
        if self.everything:
            return True
        if objective.owner_person_id:
            return self._covers_person(objective.owner_person_id)
        return objective.owner_unit_id in self.unit_ids

    def can_check_in(self, kr, objective) -> bool:
        if kr.owner_id and self._covers_person(kr.owner_id):
            return True
        return self.can_edit(objective)
