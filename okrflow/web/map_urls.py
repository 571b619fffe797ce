"""URLs of the alignment map (included from okrflow/web/urls.py)."""

from django.urls import path

from okrflow.web.views import alignment_map

urlpatterns = [
    path("map/", alignment_map.map_page, name="alignment_map"),
    path("map/tv/", alignment_map.map_tv, name="alignment_map_tv"),
    path("map/nodes/", alignment_map.map_nodes, name="alignment_map_nodes"),
    path("map/find/", alignment_map.map_find, name="alignment_map_find"),
]
