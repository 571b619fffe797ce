"""Reflect and update (issue 9): retrospectives, the next-cycle wizard, closing a cycle."""

from django.urls import path

from okrflow.web.views import retros

urlpatterns = [
    path("cycles/<str:code>/retros/management/", retros.management_retro, name="retro_management"),
    path("cycles/<str:code>/retros/units/<str:unit_code>/", retros.unit_retro, name="retro_unit"),
    path("cycles/<str:code>/next/", retros.next_cycle_wizard, name="cycle_next"),
    path("cycles/<str:code>/close/", retros.close_cycle_page, name="cycle_close"),
]
