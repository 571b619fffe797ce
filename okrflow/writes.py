"""The one update sequence every service's "change this object" runs (issue 8).

lock the row → the caller's access check on the locked row → `require_current` (the lost-update
guard) → snapshot → apply the changes → validate → diff → raise `version` → save only the
changed columns → one audit entry. Services keep their own rules (what may change, who may
change it, what makes a valid object) and hand them in as callables; the sequence, its order and
its two promises are kept here: a row that vanished before the lock is NotFound at every door
(issue 7), and nothing is written, not even the version or an audit entry, when nothing changed.
"""

import copy

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from okrflow.actors import require_actor
from okrflow.audit import log
from okrflow.errors import DomainError, locked, require_current


def _clean(value):
    return value.strip() if isinstance(value, str) else value


def checked_text(value, *, field: str, limit: int, required: bool = False) -> str:
    """A text field of a write, stripped: refused (DomainError on `field`, nothing stored) when it
    is not text, holds a NUL character, is missing while `required`, or longer than `limit` characters."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise DomainError("invalid", _("Enter text."), field=field)
    if "\x00" in value:
        # Django's own message (its catalogue translates it); PostgreSQL cannot store a NUL.
        raise DomainError("invalid", _("Null characters are not allowed."), field=field)
    value = value.strip()
    if required and not value:
        raise DomainError("required", _("This field is required."), field=field)
    if len(value) > limit:
        raise DomainError("too_long", _("Keep it under {limit} characters.").format(limit=limit), field=field)
    return value


def set_fields(obj, changes: dict) -> None:
    """The default way to apply `changes`: each one set on the object, text stripped."""
    for field, value in changes.items():
        setattr(obj, field, _clean(value))


def _columns(obj) -> dict:
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields if not f.primary_key}


@transaction.atomic
def apply_update(queryset, pk, changes: dict, *, fields, action: str, actor, expected_version=None,
                 authorize=None, apply=set_fields, validate=None):
    """Change the row `pk` of `queryset` (a model's manager or a queryset) and return it fresh.

    `fields` are the audited fields (attnames); `authorize(obj)` runs on the locked row before
    the version check (so a refused actor learns nothing about versions); `apply(obj, changes)`
    sets the changes (default: `set_fields`); `validate(obj, original)` raises a DomainError to
    refuse, with `original` a copy of the row as it was locked. Models without a `version` or
    an `updated_at` column are saved without them.
    """
    require_actor(actor)
    queryset = getattr(queryset, "all", lambda: queryset)()
    obj = locked(queryset, pk=pk)
    if authorize is not None:
        authorize(obj)
    require_current(obj, expected_version)
    original = copy.copy(obj)
    before, columns = log.snapshot(obj, fields), _columns(obj)
    apply(obj, dict(changes))
    if validate is not None:
        validate(obj, original)
    changed = [name for name, value in _columns(obj).items() if columns[name] != value]
    if not changed:
        return obj
    names = {f.attname for f in obj._meta.concrete_fields}
    if "version" in names:
        obj.version += 1
        changed.append("version")
    if "updated_at" in names and "updated_at" not in changed:
        obj.updated_at = timezone.now()
        changed.append("updated_at")
    obj.save(update_fields=changed)
    delta = log.diff(before, log.snapshot(obj, fields))
    if delta:
        log.record(obj, action, actor=actor, changes=delta)
    return obj
