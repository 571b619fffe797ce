"""The dashboards' pages (okrflow/web/views/dashboards.py)."""

from django.urls import path

from okrflow.web.views import dashboards

urlpatterns = [
    path("dashboard/", dashboards.company_dashboard, name="dashboard"),
    path("dashboard/tv/", dashboards.tv_dashboard, name="dashboard_tv"),
    path("dashboard/unit/<str:code>/", dashboards.unit_dashboard, name="dashboard_unit"),
    path("dashboard/person/<str:key>/", dashboards.person_dashboard, name="dashboard_person"),
]
