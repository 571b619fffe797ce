"""URL map: the web UI, the REST API, the admin, health checks and i18n."""

from django.contrib import admin
from django.http import JsonResponse
from django.urls import include, path, re_path
from django.utils.translation import gettext as _

from okrflow.api.urls import api
from okrflow.web.views.health import healthz


def api_path_not_found(request, rest=""):
    """API clients get the API's JSON error shape, not an HTML page, for an unknown path."""
    return JsonResponse({"code": "not_found", "message": _("Not found."), "field": None}, status=404)


urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/v1/", api.urls),
    re_path(r"^api/(?P<rest>.*)$", api_path_not_found),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("notifications/", include("okrflow.notifications.urls")),
    path("", include("okrflow.web.urls")),
]
