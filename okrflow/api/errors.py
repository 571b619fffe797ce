"""The one JSON error shape of the API and the error responses each operation declares.

Every error body is {"code", "message", "field"}: `code` for machines, `message` in the
request's language, `field` naming the input at fault (or null). Declaring the responses per
operation keeps the OpenAPI document true to what clients really receive.
"""

from typing import Any

from ninja import Schema


class ErrorOut(Schema):
    code: str
    message: str
    field: str | None = None
    errors: list[dict[str, Any]] | None = None


def error_body(code: str, message, field: str | None = None, errors=None) -> dict:
    body = {"code": code, "message": str(message), "field": field}
    if errors is not None:
        body["errors"] = errors
    return body


# Refusals that conflict with the object's state (okrflow/cycles/phases.py: a published or closed
# objective's locked fields; a transition its state does not have; okrflow/okrs/changes.py: a
# change request while another waits, a decision on one already decided) are 409, not a bad
# request: the same body may succeed once the state is different.
CONFLICT_CODES = frozenset({"locked", "bad_transition", "request_pending", "already_decided"})


def status_of(error) -> int:
    """The HTTP status of a DomainError: its class's, or 409 for a conflict with the state."""
    return 409 if error.code in CONFLICT_CODES else error.status


# What can go wrong, by kind of operation (401 without a valid token, 422 for a malformed request,
# 409 when a racing request broke a database constraint in between; any 500 has the same shape).
# 400: an address no request can mean (a NUL byte, refused before any view: web/middleware.py).
READ_ERRORS = {400: ErrorOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE_ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
GUARDED_WRITE_ERRORS = {**WRITE_ERRORS, 412: ErrorOut}
