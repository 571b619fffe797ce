"""URLs of the celebrate step: celebrations, reward tiers, kudos (included from okrflow/web/urls.py)."""

from django.urls import path

from okrflow.web.views import celebrations

urlpatterns = [
    path("celebrations/", celebrations.celebration_list, name="celebrations"),
    path("celebrations/<int:celebration_id>/delete/", celebrations.celebration_delete,
         name="celebration_delete"),
    path("celebrations/<int:celebration_id>/tier/", celebrations.celebration_tier, name="celebration_tier"),
    path("manage/rewards/", celebrations.reward_tiers, name="reward_tiers"),
    path("kudos/objective/<int:objective_id>/", celebrations.objective_kudos, name="objective_kudos"),
    path("kudos/person/<int:person_id>/", celebrations.person_kudos, name="person_kudos"),
]
