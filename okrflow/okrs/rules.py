"""Validation rules for objectives and key results, shared by the services (no writes here)."""

import datetime
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext_lazy as _

from okrflow.errors import DomainError
from okrflow.okrs.models import KeyResultKind, Objective, ObjectiveStatus, Origin, Visibility


def as_decimal(value, field: str) -> Decimal:
    """A number from a Decimal, int, float or numeric text; anything else is refused."""
    if isinstance(value, bool) or value is None:
        raise DomainError("not_a_number", _("Enter a number."), field=field)
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        raise DomainError("not_a_number", _("Enter a number."), field=field) from None
    if not number.is_finite():
        raise DomainError("not_a_number", _("Enter a number."), field=field)
    return number


def as_confidence(value, field: str = "confidence") -> int | None:
    if value is None or value == "":
        return None
    number = as_decimal(value, field)
    if number != number.to_integral_value() or not 0 <= number <= 100:
        raise DomainError("bad_confidence", _("Confidence is a whole number from 0 to 100."), field=field)
    return int(number)


def as_date(value, field: str) -> datetime.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        raise DomainError("bad_date", _("Enter a date as YYYY-MM-DD."), field=field) from None


def check_choice(value, choices, field: str) -> None:
    if value not in choices.values:
        raise DomainError("bad_choice", _("“{value}” is not one of the choices.").format(value=value),
                          field=field)


def check_objective_choices(objective: Objective) -> None:
    check_choice(objective.origin, Origin, "origin")
    check_choice(objective.visibility, Visibility, "visibility")
    check_choice(objective.status, ObjectiveStatus, "status")


def check_kind(kind) -> None:
    check_choice(kind, KeyResultKind, "kind")


def check_same_org(objective_or_kr, related, field: str) -> None:
    if related is not None and related.organization_id != objective_or_kr.organization_id:
        raise DomainError("not_found", _("Not found."), field=field)


def _cycle_and_ancestors(cycle) -> set:
    ids, seen = set(), cycle
    while seen is not None and seen.pk not in ids:
        ids.add(seen.pk)
        seen = seen.parent
    return ids


def check_parent(objective: Objective) -> None:
    """The parent is in the same organization, in the same cycle or one containing it, and
    following parents upwards never comes back to this objective (an alignment loop)."""
    parent_objective = objective.parent_objective
    if objective.parent_key_result_id:
        check_same_org(objective, objective.parent_key_result, "parent_key_result")
        parent_objective = objective.parent_key_result.objective
    if parent_objective is None:
        return
    field = "parent_key_result" if objective.parent_key_result_id else "parent_objective"
    check_same_org(objective, parent_objective, field)
    if parent_objective.cycle_id not in _cycle_and_ancestors(objective.cycle):
        raise DomainError(
            "parent_cycle",
            _("An objective can support only OKRs of its own cycle or of a cycle that contains it."),
            field=field)
    current, seen = parent_objective, set()
    while current is not None and current.pk not in seen:
        if objective.pk and current.pk == objective.pk:
            raise DomainError("alignment_loop",
                              _("An objective cannot support itself, directly or through others."),
                              field=field)
        seen.add(current.pk)
        current = current.parent_key_result.objective if current.parent_key_result_id else \
            current.parent_objective


def check_weight(weight: Decimal) -> None:
    if weight <= 0:
        raise DomainError("bad_weight", _("The weight must be greater than zero."), field="weight")
