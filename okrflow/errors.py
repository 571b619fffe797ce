"""Domain errors raised by services and turned into messages by web, API and CLI alike."""

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """A rule was broken: the write is refused and nothing is stored.

    `code` is stable for machines (API clients, tests); `message` is translatable for people;
    `field` names the input at fault when there is one.
    """

    status = 400

    def __init__(self, code: str, message, *, field: str | None = None):
        super().__init__(str(message))
        self.code = code
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return str(self.message)


class AccessDenied(DomainError):
    """The actor may see the object but not change it."""

    status = 403

    def __init__(self, message=None):
        super().__init__("forbidden", message or _("You do not have permission to do this."))


class NotFound(DomainError):
    """Missing, in another organization, or not visible to the actor: all look the same."""

    status = 404

    def __init__(self, message=None):
        super().__init__("not_found", message or _("Not found."))


class StaleWrite(DomainError):
    """Someone else changed the object since the actor read it (lost-update guard)."""

    status = 412

    def __init__(self, message=None):
        super().__init__(
            "stale",
            message
            or _("This item was changed by someone else since you opened it. Reload and try again."),
        )


def require_current(obj, expected_version) -> None:
    """The lost-update guard of every versioned write: refuse when the writer read an older
    version. No expected version means the writer did not ask for the guard; one that is not a
    number cannot be the current one."""
    if expected_version is None:
        return
    try:
        current = int(expected_version) == obj.version
    except (TypeError, ValueError):
        current = False
    if not current:
        raise StaleWrite()


def locked(queryset, **lookup):
    """The one row of `queryset` matching `lookup`, locked for the rest of the transaction
    (`select_for_update`); NotFound when it is gone, e.g. deleted by a racing request between
    the caller's read and this write. Every service that locks before it writes reads through
    here, so a vanished object is a 404 at every door, never a crash."""
    try:
        return queryset.select_for_update(of=("self",)).get(**lookup)
    except queryset.model.DoesNotExist:
        raise NotFound() from None


def from_validation_error(error) -> DomainError:
    """Turn Django's ValidationError (from full_clean) into one DomainError.

    The first field at fault becomes `field`; all messages are joined for the reader.
    """
    if hasattr(error, "error_dict"):
        field, errors = next(iter(error.error_dict.items()))
        messages = [m for errs in error.error_dict.values() for e in errs for m in e.messages]
        field = None if field == "__all__" else field
    else:
        field, messages = None, error.messages
    code = getattr(error, "code", None) or "invalid"
    return DomainError(code, " ".join(dict.fromkeys(str(m) for m in messages)), field=field)
