"""Who may celebrate what, and who sees which kudos.

Celebrations: a team or department celebration is created by the head of its unit (or of a unit
above it), a management celebration by admins and the OKR champion, who may create every kind.
Every member of the organization reads the celebrations page; the celebrated objectives each
reader sees are the ones they may see (okrflow/okrs/access.py).

Kudos follow their objective: whoever may see the objective sees its kudos, on the objective
page and on the recipient's page alike.
"""

from okrflow.actors import is_system
from okrflow.celebrations.models import CelebrationLevel, Kudos
from okrflow.okrs.access import visibility_q
from okrflow.org.access import can_manage_cycles
from okrflow.org.reader import reader_of


def may_celebrate(actor, level, unit=None) -> bool:
    """Whether `actor` may create a celebration of `level` for `unit` (None: the company)."""
    if is_system(actor) or can_manage_cycles(actor):
        return True
    if level == CelebrationLevel.MANAGEMENT or unit is None:
        return False
    return unit.organization_id == actor.organization_id and reader_of(actor).manages_unit(unit)


def may_celebrate_anything(actor) -> bool:
    """Whether the actor may create some celebration (the page shows the form)."""
    return can_manage_cycles(actor) or bool(reader_of(actor).headed_paths)


def may_change_celebration(actor, celebration) -> bool:
    """The creator, and whoever may create such a celebration, change or delete it."""
    if celebration.organization_id != getattr(actor, "organization_id", celebration.organization_id):
        return False
    creator = celebration.created_by_id
    created_it = creator is not None and creator == getattr(actor, "pk", None)
    return created_it or may_celebrate(actor, celebration.level, celebration.unit)


def visible_kudos(person):
    """The kudos `person` may see: those on objectives they may see, as one SQL condition."""
    return (Kudos.objects.for_org(person.organization_id)
            .filter(visibility_q(reader_of(person), "objective__"))
            .select_related("giver", "recipient", "objective", "key_result"))
