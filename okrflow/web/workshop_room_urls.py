from django.urls import path

from okrflow.web.views import workshop_room

urlpatterns = [
    path("workshops/<int:pk>/room/", workshop_room.workshop_room, name="workshop_room"),
    path("workshops/<int:pk>/room/screen/", workshop_room.workshop_screen, name="workshop_screen"),
    path("workshops/<int:pk>/room/agenda/", workshop_room.workshop_room_agenda, name="workshop_room_agenda"),
    path("workshops/<int:pk>/room/state.json", workshop_room.workshop_room_state, name="workshop_room_state"),
    path("workshops/<int:pk>/room/panels/talk/", workshop_room.workshop_talk_panel,
         name="workshop_talk_panel"),
    path("workshops/<int:pk>/room/ready/", workshop_room.workshop_ready, name="workshop_ready"),
    path("workshops/<int:pk>/room/join/", workshop_room.workshop_room_join, name="workshop_room_join"),
    path("workshops/<int:pk>/room/timer/<slug:action>/", workshop_room.workshop_timer, name="workshop_timer"),
]
