from django.urls import path

from okrflow.web.views import workshop_live

urlpatterns = [
    path("workshops/<int:pk>/live/", workshop_live.workshop_live, name="workshop_live"),
    path("workshops/<int:pk>/live/poll/", workshop_live.workshop_live_poll, name="workshop_live_poll"),
]
