"""Writes to cycles: access check, date rules, one transaction, audit entry."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from okrflow.actors import is_system
from okrflow.audit import log
from okrflow.cycles.models import Cycle
from okrflow.cycles.rules import check_cycle
from okrflow.errors import DomainError
from okrflow.org.access import can_manage_cycles, require, same_org
from okrflow.org.services import validated
from okrflow.writes import apply_update

CYCLE_FIELDS = ["code", "name", "kind", "start_date", "end_date", "parent_id"]


def _check_children_fit(cycle: Cycle) -> None:
    for child in cycle.children.all():
        if child.start_date < cycle.start_date or child.end_date > cycle.end_date:
            raise DomainError(
                "child_outside",
                _("Cycle {code} would no longer fit inside this cycle.").format(code=child.code),
                field="end_date",
            )


@transaction.atomic
def create_cycle(actor, organization, *, code, name, kind, start_date, end_date, parent=None):
    require(can_manage_cycles(actor) and (is_system(actor) or actor.organization_id == organization.pk))
    if parent is not None and parent.organization_id != organization.pk:
        raise DomainError("not_found", _("Parent cycle not found."), field="parent")
    check_cycle(kind=kind, start_date=start_date, end_date=end_date, parent=parent)
    cycle = Cycle(organization=organization, code=(code or "").strip(), name=(name or "").strip(),
                  kind=kind, start_date=start_date, end_date=end_date, parent=parent)
    validated(cycle).save()
    log.record(cycle, "cycle.create", actor=actor,
               changes={k: [None, v] for k, v in log.snapshot(cycle, CYCLE_FIELDS).items()})
    return cycle


def _validate_cycle(cycle: Cycle, _original=None) -> None:
    if cycle.parent is not None and cycle.parent.organization_id != cycle.organization_id:
        raise DomainError("not_found", _("Parent cycle not found."), field="parent")
    if cycle.parent_id == cycle.pk:
        raise DomainError("cycle_loop", _("A cycle cannot contain itself."), field="parent")
    check_cycle(kind=cycle.kind, start_date=cycle.start_date, end_date=cycle.end_date,
                parent=cycle.parent)
    _check_children_fit(cycle)
    validated(cycle)


def update_cycle(actor, cycle: Cycle, **changes) -> Cycle:
    require(can_manage_cycles(actor) and same_org(actor, cycle))
    return apply_update(Cycle.objects, cycle.pk, changes, fields=CYCLE_FIELDS, action="cycle.update",
                        actor=actor, validate=_validate_cycle)
