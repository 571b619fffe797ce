"""URLs of the suggestion box and of the mission and vision (included from okrflow/web/urls.py)."""

from django.urls import path

from okrflow.web.views import mission, suggestions

urlpatterns = [
    path("suggestions/", suggestions.suggestion_box, name="suggestions"),
    path("suggestions/<int:suggestion_id>/vote/", suggestions.suggestion_vote, name="suggestion_vote"),
    path("suggestions/adopt/", suggestions.suggestion_adopt, name="suggestion_adopt"),
    path("manage/mission/", mission.mission_form, name="mission"),
]
