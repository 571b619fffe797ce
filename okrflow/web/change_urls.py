"""Change requests of published annual key results: the request form and the decision page."""

from django.urls import path

from okrflow.web.views import okrs_changes

urlpatterns = [
    path("key-results/<int:kr_id>/change-request/", okrs_changes.change_request_form,
         name="change_request_new"),
    path("change-requests/<int:request_id>/", okrs_changes.change_request_page, name="change_request"),
]
