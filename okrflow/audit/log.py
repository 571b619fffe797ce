"""How services write the audit history."""

import datetime
import decimal

from django.db import models

from okrflow.actors import is_system
from okrflow.audit.models import AuditEntry


def _json_safe(value):
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (datetime.date, datetime.datetime, decimal.Decimal)):
        return str(value)
    return value


def snapshot(obj, fields) -> dict:
    """The current values of `fields` (attnames for foreign keys), to diff against later."""
    return {name: _json_safe(getattr(obj, name)) for name in fields}


def diff(before: dict, after: dict) -> dict:
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


def record(obj, action: str, *, actor, changes=None, organization=None) -> AuditEntry:
    """Write one audit entry for `obj` (call inside the service's transaction).

    `actor` is the acting person or okrflow.actors.SYSTEM (stored as no person, `by_system`);
    a forgotten actor (None) is a TypeError."""
    org = organization or getattr(obj, "organization", None)
    by_system = is_system(actor)
    return AuditEntry.objects.create(
        organization=org,
        actor=None if by_system else actor,
        by_system=by_system,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        changes={k: [_json_safe(a), _json_safe(b)] for k, (a, b) in (changes or {}).items()},
    )


def history(obj):
    return AuditEntry.objects.for_org(obj.organization).filter(
        object_type=obj._meta.label_lower, object_id=str(obj.pk)
    )
