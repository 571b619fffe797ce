"""How views turn domain outcomes into HTTP: NotFound is a 404, AccessDenied a 403 page."""

import functools

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404

from okrflow.errors import AccessDenied, NotFound


def member_view(view):
    """A page for logged-in people; other tenants' objects and forbidden actions never leak."""

    @login_required
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except NotFound as error:
            raise Http404(str(error)) from None
        except AccessDenied as error:
            raise PermissionDenied(str(error)) from None

    return wrapper


def require_permission(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied()
