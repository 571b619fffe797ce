"""Who may self-assess, review, read and export self-assessments (issue 9).

- Self-assess: the key result's owner, or the objective's owner (the owning person; for a unit's
  objective the unit's head). Nobody scores someone else's work for them.
- Review: the managers of the person whose work it is (up the manager chain or heading their
  unit, okrflow/org/reader.py), for a unit's objective the heads of the parent unit and above,
  and admins; never one's own self-assessment.
- Read one self-assessment: those who may write or review it, and HR (the review sheet is
  theirs). Everyone else who sees the key result is told it is not theirs to read (403).
- The review sheet of a person: HR, admins, the person and their managers; anyone else gets
  the same answer as for a missing person (404). The XLSX export: HR and admins only.
- A unit's aggregated view: the unit's head (and the heads above), admins and the champion.

The key result must be loaded with its objective's owners and its owner's unit
(SELF_ASSESSMENT_RELATIONS) so no check costs a query.
"""

from okrflow.actors import is_system
from okrflow.org.models import Role
from okrflow.org.reader import reader_of

KEY_RESULT_RELATIONS = ("objective__cycle", "objective__owner_unit", "objective__owner_unit__parent",
                        "objective__owner_person", "objective__owner_person__unit", "owner",
                        "owner__unit")


def _same_org(actor, obj) -> bool:
    return actor.organization_id == obj.organization_id


def is_hr(actor) -> bool:
    return not is_system(actor) and actor.role == Role.HR


def is_admin(actor) -> bool:
    return is_system(actor) or actor.is_org_admin


def assessed_person(kr):
    """Whose work a key result's self-assessment is: its owner, else the objective's owning
    person, else the owning unit's head (None for a unit without a head)."""
    objective = kr.objective
    if kr.owner_id:
        return kr.owner
    if objective.owner_person_id:
        return objective.owner_person
    return objective.owner_unit.head if objective.owner_unit.head_id else None


def may_summarize(actor, objective) -> bool:
    """The objective's owner: the owning person, or the owning unit's head."""
    if is_system(actor):
        return True
    if not _same_org(actor, objective):
        return False
    if objective.owner_person_id:
        return objective.owner_person_id == actor.pk
    return objective.owner_unit.head_id == actor.pk


def may_self_assess(actor, kr) -> bool:
    if is_system(actor):
        return True
    if not _same_org(actor, kr):
        return False
    return kr.owner_id == actor.pk or may_summarize(actor, kr.objective)


def may_review(actor, kr) -> bool:
    if is_system(actor):
        return True
    if not _same_org(actor, kr) or may_self_assess(actor, kr):
        return False
    if actor.is_org_admin:
        return True
    reader = reader_of(actor)
    if kr.owner_id or kr.objective.owner_person_id:
        return reader.manages_person(assessed_person(kr))
    parent = kr.objective.owner_unit.parent
    return parent is not None and reader.manages_unit(parent)


def may_read(actor, kr) -> bool:
    return may_self_assess(actor, kr) or may_review(actor, kr) or (is_hr(actor) and _same_org(actor, kr))


def may_see_sheet(actor, person) -> bool:
    if is_system(actor):
        return True
    if not _same_org(actor, person):
        return False
    if actor.pk == person.pk or actor.is_org_admin or is_hr(actor):
        return True
    return reader_of(actor).manages_person(person)


def may_export(actor) -> bool:
    return is_admin(actor) or is_hr(actor)


def may_see_unit(actor, unit) -> bool:
    """A unit's aggregated self-assessments: its head (and those above), admins, and HR, who
    export the unit's review sheets from that page."""
    if is_system(actor):
        return True
    return _same_org(actor, unit) and (actor.is_org_admin or is_hr(actor)
                                       or reader_of(actor).manages_unit(unit))
