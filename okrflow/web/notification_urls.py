"""Include with: path("notifications/", include("okrflow.notifications.urls"))."""

from django.urls import path

from okrflow.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.centre, name="centre"),
    path("<int:notification_id>/read/", views.read, name="read"),
    path("read-all/", views.read_all, name="read_all"),
]
