"""The REST API v1 (django-ninja): routers per domain, JSON errors, OpenAPI at openapi.json."""

import logging

from django.db import IntegrityError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from okrflow.api.auth import TokenAuth
from okrflow.api.errors import error_body, status_of
from okrflow.api.parsing import TextSafeParser
from okrflow.api.routers import (
    assessments,
    checkins,
    cycles,
    lint,
    okr_states,
    okrs,
    org,
    publishing,
    reports,
)
from okrflow.api.routers.changes import router as change_requests
from okrflow.api.routers.workshop_cocreation import router as workshop_cocreation
from okrflow.api.routers.workshops import router as workshops
from okrflow.errors import DomainError

logger = logging.getLogger("okrflow.api")

api = NinjaAPI(
    title="okrflow API",
    version="1",
    description="Objectives, key results, check-ins and the organization behind them.",
    auth=TokenAuth(),
    urls_namespace="api",
    openapi_url="openapi.json",
    docs_url="docs",
    parser=TextSafeParser(),
)
api.add_router("", org.router)
api.add_router("", cycles.router)
api.add_router("", okrs.router)
api.add_router("", okr_states.router)
api.add_router("", checkins.router)
api.add_router("", change_requests)
api.add_router("", lint.router)
api.add_router("", assessments.router)
api.add_router("", publishing.router)
api.add_router("", reports.router)
api.add_router("", workshop_cocreation)
api.add_router("", workshops)


@api.exception_handler(DomainError)
def domain_error(request, exc: DomainError):
    return api.create_response(request, error_body(exc.code, exc.message, exc.field), status=status_of(exc))


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, error_body("not_found", _("Not found.")), status=404)


@api.exception_handler(AuthenticationError)
def unauthorized(request, exc):
    response = api.create_response(
        request, error_body("unauthorized", _("A valid API token is required.")), status=401
    )
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(HttpError)
def unreadable(request, exc: HttpError):
    """Ninja's own refusals (chiefly a body that is not JSON) in our error shape. A refusal of
    our parser (okrflow.api.parsing) arrives wrapped by ninja: its own message is the clearer."""
    if isinstance(exc.__cause__, DomainError):
        return domain_error(request, exc.__cause__)
    return api.create_response(
        request, error_body("bad_request", _("The request could not be read.")), status=exc.status_code
    )


@api.exception_handler(ValidationError)
def invalid_input(request, exc: ValidationError):
    """A request that does not fit the schema: name the first field at fault, list all."""
    first = exc.errors[0] if exc.errors else {}
    loc = [str(part) for part in first.get("loc", ())]
    # ["body", "payload", "confidence"] names the field "confidence"; ["query", "limit"] "limit".
    path = loc[2:] if loc[:1] == ["body"] and len(loc) > 2 else loc[1:]
    field = ".".join(path) or None
    errors = [{"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", ""))} for e in exc.errors]
    return api.create_response(
        request, error_body("invalid", _("The request is not valid."), field, errors), status=422
    )


@api.exception_handler(IntegrityError)
def conflict(request, exc: IntegrityError):
    """A constraint the services check before writing was broken in between by a racing
    request (two creates picking the same free reference, a row deleted under a reference):
    the write was rolled back; trying again gets the rules' own answer."""
    logger.warning("Write refused by a database constraint (a racing request?): %s", exc)
    return api.create_response(
        request,
        error_body("conflict", _("This change collided with another one made at the same moment. "
                                 "Nothing was stored; try again.")),
        status=409,
    )


@api.exception_handler(Exception)
def server_error(request, exc: Exception):
    """The last line of defence: a bug must not answer an HTML page to an API client. The
    traceback is logged once, here; the client gets the error shape without details."""
    logger.exception("Unhandled error in %s %s", request.method, request.path)
    return api.create_response(
        request, error_body("server_error", _("Something went wrong on the server. Nothing was stored.")),
        status=500,
    )
