"""URLs of the room's co-creation panels (brief C; included from okrflow/web/urls.py). Each panel
is read (GET) and acted on (POST with an `action`) at one address, `?screen=1` for the projector."""

from django.urls import path

from okrflow.web.views import workshop_cocreation

urlpatterns = [
    path("workshops/<int:pk>/room/cocreation/", workshop_cocreation.workshop_cocreation_panel,
         name="workshop_cocreation_panel"),
    path("workshops/<int:pk>/room/vote/", workshop_cocreation.workshop_vote_panel,
         name="workshop_vote_panel"),
    path("workshops/<int:pk>/room/groups/", workshop_cocreation.workshop_groups_panel,
         name="workshop_groups_panel"),
]
