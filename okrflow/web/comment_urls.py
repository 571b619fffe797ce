"""Comment threads on objectives, key results, check-ins and tasks (htmx partials)."""

from django.urls import path

from okrflow.web.views import comments

urlpatterns = [
    path("comments/<str:kind>/<int:target_id>/", comments.comment_thread, name="comment_thread"),
    path("comments/<int:comment_id>/delete/", comments.comment_delete, name="comment_delete"),
]
