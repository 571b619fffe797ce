"""The notification centre (okrflow/urls.py includes it at notifications/, namespace "notifications")."""

from django.urls import path

from okrflow.web.views import notifications as views

app_name = "notifications"
urlpatterns = [
    path("", views.centre, name="centre"),
    path("<int:notification_id>/read/", views.read, name="read"),
    path("read-all/", views.read_all, name="read_all"),
]
