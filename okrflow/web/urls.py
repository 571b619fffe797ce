from django.contrib.auth import views as auth_views
from django.urls import include, path

from okrflow.web.forms import LoginForm
from okrflow.web.views import account, cadence, cycles, home, language, manage, org, transfer

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(template_name="web/login.html", authentication_form=LoginForm,
                                                 redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("language/", language.switch_language, name="switch_language"),
    path("account/password/", account.change_password, name="password_change"),
    path("", home.home, name="home"),
    path("org/", org.org_tree, name="org"),
    path("units/<str:code>/", org.unit_page, name="unit"),
    path("people/<int:person_id>/", org.person_page, name="person"),
    path("cycles/", cycles.cycle_list, name="cycles"),
    path("cycles/switch/", cycles.switch_cycle, name="switch_cycle"),
    path("cycles/<str:code>/", cycles.cycle_page, name="cycle"),
    path("cycles/<str:code>/phases/", cycles.cycle_phases, name="cycle_phases"),
    path("cycles/<str:code>/pilot/", cycles.cycle_pilot, name="cycle_pilot"),
    path("manage/units/new/", manage.unit_form, name="unit_new"),
    path("manage/units/<str:code>/edit/", manage.unit_form, name="unit_edit"),
    path("manage/people/new/", manage.person_form, name="person_new"),
    path("manage/people/<int:person_id>/edit/", manage.person_form, name="person_edit"),
    path("manage/cycles/new/", manage.cycle_form, name="cycle_new"),
    path("manage/cycles/<str:code>/edit/", manage.cycle_form, name="cycle_edit"),
    path("manage/import-export/", transfer.transfer, name="transfer"),
    path("manage/rhythm/", cadence.cadence_settings, name="cadence"),
    path("manage/rhythm/<str:code>/", cadence.cadence_settings, name="cadence_unit"),
    path("manage/export.xlsx", transfer.export_workbook, name="export_workbook"),
    path("", include("okrflow.web.okr_urls")),
    path("", include("okrflow.web.okr_state_urls")),
    path("", include("okrflow.web.rhythm_urls")),
    path("", include("okrflow.web.comment_urls")),
    path("", include("okrflow.web.change_urls")),
    path("", include("okrflow.web.celebration_urls")),
    path("", include("okrflow.web.suggestion_urls")),
    path("", include("okrflow.web.publishing_urls")),
    path("", include("okrflow.web.retro_urls")),
    path("", include("okrflow.web.assessment_urls")),
    path("", include("okrflow.web.workshop_outcome_urls")),
    path("", include("okrflow.web.workshop_live_urls")),
]
