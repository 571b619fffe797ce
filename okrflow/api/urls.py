"""The REST API v1 (django-ninja): routers per domain, JSON errors, OpenAPI at openapi.json."""

from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

from okrflow.api.auth import TokenAuth
from okrflow.errors import DomainError

api = NinjaAPI(
    title="okrflow API",
    version="1",
    description="Objectives, key results, check-ins and the organization behind them.",
    auth=TokenAuth(),
    urls_namespace="api",
    openapi_url="openapi.json",
    docs_url="docs",
)


@api.exception_handler(DomainError)
def domain_error(request, exc: DomainError):
    body = {"code": exc.code, "message": str(exc.message)}
    if exc.field:
        body["field"] = exc.field
    return api.create_response(request, body, status=exc.status)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"code": "not_found", "message": "Not found."}, status=404)


@api.exception_handler(AuthenticationError)
def unauthorized(request, exc):
    return api.create_response(
        request, {"code": "unauthorized", "message": "A valid API token is required."}, status=401
    )


@api.exception_handler(ValidationError)
def invalid_input(request, exc: ValidationError):
    return api.create_response(
        request, {"code": "invalid", "message": "The request is not valid.", "errors": exc.errors},
        status=422,
    )
