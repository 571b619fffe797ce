"""URL map: the web UI, the REST API, the admin, health checks and i18n."""

from django.contrib import admin
from django.contrib.contenttypes.views import shortcut
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.urls import include, path, re_path
from django.utils.translation import gettext as _

from okrflow.api.urls import api
from okrflow.web.views.health import healthz


def api_path_not_found(request, rest=""):
    """API clients get the API's JSON error shape, not an HTML page, for an unknown path."""
    return JsonResponse({"code": "not_found", "message": _("Not found."), "field": None}, status=404)


def admin_view_on_site(request, content_type_id, object_id):
    """The admin's "view on site" shortcut, with a 404 for an id its model cannot hold: Django's
    catches ValueError but not the ValidationError of a UUID key (django-tasks' results)."""
    try:
        return shortcut(request, content_type_id, object_id)
    except (ValidationError, ValueError):
        raise Http404(_("Not found.")) from None


urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/v1/", api.urls),
    re_path(r"^api/(?P<rest>.*)$", api_path_not_found),
    # Ahead of admin.site.urls, so it answers the admin's own r/<ct>/<id>/ links.
    path("admin/r/<int:content_type_id>/<path:object_id>/", admin.site.admin_view(admin_view_on_site)),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("notifications/", include("okrflow.web.notification_urls")),
    path("", include("okrflow.web.urls")),
]
