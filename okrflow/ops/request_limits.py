"""Request bodies are capped before anything reads them.

Django reads a form body in the CSRF check, spooling files beyond FILE_UPLOAD_MAX_MEMORY_SIZE to
disk, before any view could refuse it; DATA_UPLOAD_MAX_MEMORY_SIZE bounds only the non-file
fields. This middleware sits ahead of the CSRF check and refuses, by the declared length, a body
over the cap: OKRFLOW_MAX_BODY_BYTES everywhere, OKRFLOW_MAX_IMPORT_BODY_BYTES on the import page.

A body without a Content-Length (chunked transfer encoding) is refused outright with 411: Django
reads such a body as empty, so it could only ever be silently dropped. The reverse proxy should
cap bodies too (README, Production), so that an oversized upload never reaches a worker.
"""

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from okrflow.api.errors import error_body

MIB = 1024 * 1024


def body_limit(request) -> int:
    """The largest body, in bytes, this request may carry."""
    if request.path_info == reverse("transfer"):
        return settings.OKRFLOW_MAX_IMPORT_BODY_BYTES
    return settings.OKRFLOW_MAX_BODY_BYTES


def _declared_length(request) -> int | None:
    try:
        return int(request.META.get("CONTENT_LENGTH") or "")
    except ValueError:
        return None


def _refuse(request, status: int, code: str, message: str):
    if request.path_info.startswith("/api/"):
        return JsonResponse(error_body(code, message), status=status)
    # No request context: the session and the user are not loaded yet, and need not be.
    page = render_to_string("ops/request_refused.html",
                            {"code": status, "message": message, "LANGUAGE_CODE": get_language()})
    return HttpResponse(page, status=status)


class RequestBodyLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        length = _declared_length(request)
        if length is None and request.META.get("HTTP_TRANSFER_ENCODING"):
            return _refuse(request, 411, "length_required",
                           _("Send the request with a Content-Length header."))
        limit = body_limit(request)
        if length is not None and length > limit:
            return _refuse(request, 413, "request_too_large",
                           _("The request is too large: at most {size} MB.").format(
                               size=limit // MIB))
        return self.get_response(request)
