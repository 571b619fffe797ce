"""URLs of the OKR pages (included from okrflow/web/urls.py)."""

from django.urls import path

from okrflow.web.views import okrs, okrs_checkin, okrs_edit, okrs_lint, okrs_tree

urlpatterns = [
    path("okrs/mine/", okrs.my_okrs, name="my_okrs"),
    path("okrs/company/", okrs.company_okrs, name="company_okrs"),
    path("okrs/tree/", okrs_tree.alignment_tree, name="okr_tree"),
    path("okrs/tree/<int:objective_id>/children/", okrs_tree.tree_children, name="okr_tree_children"),
    path("okrs/tree/unaligned/", okrs_tree.tree_unaligned, name="okr_tree_unaligned"),
    path("okrs/lint/", okrs_lint.lint_draft, name="okr_lint"),
    path("units/<str:code>/okrs/", okrs.unit_okrs, name="unit_okrs"),
    path("objectives/new/", okrs_edit.objective_form, name="objective_new"),
    path("objectives/<int:objective_id>/", okrs.objective_page, name="objective"),
    path("objectives/<int:objective_id>/edit/", okrs_edit.objective_form, name="objective_edit"),
    path("objectives/<int:objective_id>/key-results/new/", okrs_edit.key_result_form, name="key_result_new"),
    path("key-results/<int:kr_id>/edit/", okrs_edit.key_result_form, name="key_result_edit"),
    path("key-results/<int:kr_id>/check-in/", okrs_checkin.check_in, name="check_in"),
    path("key-results/<int:kr_id>/check-ins/", okrs.checkin_history, name="checkin_history"),
]
