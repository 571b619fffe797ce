"""Language: a logged-in person's saved choice wins over the browser's Accept-Language.
Addresses: a NUL byte in the path or query string is refused before any view.
Sessions: the idle expiry is pushed forward every few minutes, not written on every request."""

import time

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _


class PersonLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        cookie_choice = request.COOKIES.get("django_language")
        if user is not None and user.is_authenticated and user.language and not cookie_choice:
            translation.activate(user.language)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)


class RefuseNulInAddressMiddleware:
    """A NUL byte anywhere in the address (path or query string) is a 400, before any view.

    No page, id or code of okrflow holds one, and PostgreSQL refuses NUL in text, so a `%00`
    that reached a lookup (a unit's code, ?unit=) answered 500 there; SQLite simply found
    nothing. One check here covers every path converter and query parameter, today's and
    tomorrow's. Bodies are left to the forms (Django's CharField refuses NUL) and the API's
    schemas: reading them here would consume uploads before their view sets its limits.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path_info or any(
                "\x00" in key or any("\x00" in value for value in values)
                for key, values in request.GET.lists()):
            return refuse_bad_address(request)
        return self.get_response(request)


def refuse_bad_address(request):
    message = _("The address holds a character okrflow cannot read (a NUL byte). Check the link.")
    if request.path_info.startswith("/api/"):
        return JsonResponse({"code": "bad_request", "message": message, "field": None}, status=400)
    return render(request, "400.html", {"message": message}, status=400)


class IdleSessionMiddleware:
    """Sessions end after SESSION_COOKIE_AGE seconds without a request, without a database write
    on every page view: the expiry is pushed forward (the session saved) only when the last push
    is older than SESSION_TOUCH_SECONDS. A session therefore ends between SESSION_COOKIE_AGE −
    SESSION_TOUCH_SECONDS and SESSION_COOKIE_AGE after the last request: with the defaults (2 hours,
    5 minutes) the idle timeout holds to within 5 minutes, and a person browsing writes their
    session once every 5 minutes instead of on every click.
    """

    KEY = "_okrflow_touched"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and session.session_key and getattr(request, "user", None) is not None \
                and request.user.is_authenticated:
            now = int(time.time())
            if now - int(session.get(self.KEY, 0) or 0) >= settings.SESSION_TOUCH_SECONDS:
                session[self.KEY] = now  # marks the session modified: saved with a fresh expiry
        return self.get_response(request)


def note_login_as_touch(sender, request, user, **kwargs):
    """Logging in saves the session anyway: count it as the first push of the idle expiry."""
    if request is not None and hasattr(request, "session"):
        request.session[IdleSessionMiddleware.KEY] = int(time.time())
