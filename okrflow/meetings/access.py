"""Who may see and change the execution items: action plans follow their key result's
objective (okrflow/okrs/access.py); stand-ups and meetings follow the unit tree.

The system actor (okrflow.actors.SYSTEM) may do everything; a forgotten actor (None) is a TypeError.
"""

from okrflow.actors import is_system
from okrflow.errors import NotFound
from okrflow.meetings.models import ActionItem
from okrflow.okrs.access import can_edit_objective, valid_id, visibility_q, visible_objectives
from okrflow.org.reader import reader_of

_valid_id = valid_id  # one id rule for every getter (okrflow/okrs/access.py)


def leads_person(actor, person) -> bool:
    """The person themselves, their managers up the chain, the heads of their units, and
    admins and the OKR champion."""
    if is_system(actor):
        return True
    if actor.organization_id != person.organization_id:
        return False
    if actor.pk == person.pk or actor.runs_okr_process:
        return True
    return reader_of(actor).manages_person(person)  # the paths: no walk up the chain


def can_run_meeting(actor, organization, unit=None) -> bool:
    """A unit's weekly: its head or a head above, admins, the OKR champion. The management
    weekly (unit None): admins, the OKR champion and the head of the company."""
    if is_system(actor):
        return True
    if actor.organization_id != organization.pk:
        return False
    if actor.runs_okr_process:
        return True
    return reader_of(actor).manages_unit(unit if unit is not None else organization.root_unit())


def can_see_key_result(actor, kr) -> bool:
    if is_system(actor):
        return True
    return kr.organization_id == actor.organization_id and visible_objectives(actor).filter(
        pk=kr.objective_id).exists()


def can_see_objective(actor, objective) -> bool:
    if is_system(actor):
        return True
    return visible_objectives(actor).filter(pk=objective.pk).exists()


def can_plan(actor, kr) -> bool:
    """Adding and changing a key result's action items: whoever may edit its objective."""
    return can_edit_objective(actor, kr.objective)


def can_update_status(actor, item) -> bool:
    """The item's owner may move its status; editors of the objective may change everything."""
    return (not is_system(actor) and item.owner_id == actor.pk) or can_plan(actor, item.key_result)


def get_action_item(actor, item_id):
    """(item, can_edit) for an action item whose key result `actor` may see; else NotFound."""
    item = (ActionItem.objects.for_org(actor.organization)
            .filter(visibility_q(reader_of(actor), "key_result__objective__"), pk=_valid_id(item_id))
            .select_related("key_result__objective__owner_person", "key_result__objective__owner_unit",
                            "owner").first())
    if item is None:
        raise NotFound()
    return item, can_plan(actor, item.key_result)
