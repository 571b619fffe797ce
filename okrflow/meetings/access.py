"""Who may see and change the execution items: action plans follow their key result's
objective (okrflow/okrs/access.py); stand-ups and meetings follow the unit tree.

The system actor (okrflow.actors.SYSTEM) may do everything; a forgotten actor (None) is a TypeError.
"""

from okrflow.actors import is_system
from okrflow.errors import NotFound
from okrflow.meetings.models import ActionItem
from okrflow.okrs.access import can_edit_objective, visible_key_results, visible_objectives
from okrflow.org.access import heads_above, managers_chain


def _valid_id(value) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise NotFound() from None
    if not 0 < number < 2**63:
        raise NotFound()
    return number


def leads_person(actor, person) -> bool:
    """The person themselves, their managers up the chain, the heads of their units, and
    admins and the OKR champion."""
    if is_system(actor):
        return True
    if actor.organization_id != person.organization_id:
        return False
    if actor.pk == person.pk or actor.runs_okr_process:
        return True
    if any(manager.pk == actor.pk for manager in managers_chain(person)):
        return True
    return person.unit_id is not None and actor.pk in heads_above(person.unit)


def can_run_meeting(actor, organization, unit=None) -> bool:
    """A unit's weekly: its head or a head above, admins, the OKR champion. The management
    weekly (unit None): admins, the OKR champion and the head of the company."""
    if is_system(actor):
        return True
    if actor.organization_id != organization.pk:
        return False
    if actor.runs_okr_process:
        return True
    return actor.pk in heads_above(unit if unit is not None else organization.root_unit())


def can_see_key_result(actor, kr) -> bool:
    if is_system(actor):
        return True
    return visible_key_results(actor).filter(pk=kr.pk).exists()


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
            .filter(pk=_valid_id(item_id), key_result__in=visible_key_results(actor))
            .select_related("key_result__objective__owner_person", "key_result__objective__owner_unit",
                            "owner").first())
    if item is None:
        raise NotFound()
    return item, can_plan(actor, item.key_result)
