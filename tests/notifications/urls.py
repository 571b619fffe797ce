"""The project's URLs plus the notification centre (until the lead includes it in okrflow/urls.py)."""

from django.urls import include, path

from okrflow.urls import urlpatterns as project

urlpatterns = [path("notifications/", include("okrflow.web.notification_urls")), *project]
