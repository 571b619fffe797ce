"""URLs of publishing: the publish confirmation and the OKR book (included from okrflow/web/urls.py)."""

from django.urls import path

from okrflow.web.views import publishing

urlpatterns = [
    path("cycles/<str:code>/publish/", publishing.publish, name="cycle_publish"),
    path("cycles/<str:code>/book/", publishing.cycle_book, name="cycle_book"),
]
