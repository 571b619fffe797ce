"""The Set step's actions on an objective (included from okrflow/web/urls.py)."""

from django.urls import path

from okrflow.web.views import okrs_states

urlpatterns = [
    path("objectives/<int:objective_id>/state/<slug:action>/", okrs_states.objective_transition,
         name="objective_transition"),
]
