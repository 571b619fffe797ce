"""URL map: the web UI, the REST API, the admin, health checks and i18n."""

from django.contrib import admin
from django.urls import include, path

from okrflow.api.urls import api
from okrflow.web.views.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("okrflow.web.urls")),
]
