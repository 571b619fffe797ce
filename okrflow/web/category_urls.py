"""Business categories, the rows of the objective system diagram (okrflow/web/views/categories.py)."""

from django.urls import path

from okrflow.web.views import categories

urlpatterns = [
    path("manage/categories/", categories.category_settings, name="categories"),
    path("manage/categories/order/", categories.category_order, name="category_order"),
    path("manage/categories/<int:category_id>/move/", categories.category_move, name="category_move"),
    path("manage/categories/<int:category_id>/rename/", categories.category_rename, name="category_rename"),
    path("manage/categories/<int:category_id>/delete/", categories.category_delete, name="category_delete"),
]
