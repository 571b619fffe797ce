"""Who may read and who may write a retrospective.

Write: the unit's head (and the heads above it), the OKR champion and admins; the management's
retrospective: admins, the champion and the company head (the head of the root unit).
Read: the writers, the people of the unit (and below it) and their managers; the management's
retrospective: the writers and everyone who heads a unit (the management team).
Anything else — another organization, a unit the reader has nothing to do with — is NotFound,
the same answer as for a missing retrospective.
"""

from okrflow.actors import is_system
from okrflow.errors import NotFound
from okrflow.org import tree
from okrflow.org.access import company_head_id
from okrflow.org.models import Person
from okrflow.org.reader import reader_of


def can_edit(actor, cycle, unit=None) -> bool:
    """`unit` None: the management's retrospective."""
    if is_system(actor):
        return True
    if actor.organization_id != cycle.organization_id:
        return False
    reader = reader_of(actor)
    if reader.everything:
        return True
    if unit is None:
        return company_head_id(cycle.organization) == actor.pk
    return reader.manages_unit(unit)


def can_read(actor, cycle, unit=None) -> bool:
    if can_edit(actor, cycle, unit):
        return True
    if is_system(actor) or actor.organization_id != cycle.organization_id:
        return False
    reader = reader_of(actor)
    if unit is None:
        return bool(reader.headed_paths)
    if actor.unit_id is not None and tree.is_below(actor.unit.path, unit.path):
        return True
    # A manager of someone in the unit: one EXISTS over the paths, no walk.
    return (Person.objects.filter(organization_id=cycle.organization_id, is_active=True)
            .filter(tree.below("unit__path", unit.path))
            .filter(reader.managed_people_q("")).exists())


def require_read(actor, cycle, unit=None) -> bool:
    """NotFound unless `actor` may read the retrospective; returns whether they may edit it."""
    if not can_read(actor, cycle, unit):
        raise NotFound()
    return can_edit(actor, cycle, unit)
