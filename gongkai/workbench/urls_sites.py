"""Sites and columns (站点与栏目, issue 19), under /workbench/sites/."""

from __future__ import annotations

from django.urls import URLPattern, path

from gongkai.workbench.views import sites, sites_columns, sites_picks

urlpatterns: list[URLPattern] = [
    path("", sites.site_list, name="sites"),
    path("new/", sites.site_create, name="site_create"),
    path("<int:pk>/", sites.site_identity, name="site_identity"),
    path("<int:pk>/setup/", sites.site_setup, name="site_setup"),
    path("<int:pk>/columns/", sites_columns.site_columns, name="site_columns"),
    path("<int:pk>/columns/new/", sites_columns.column_create, name="column_create"),
    path("columns/<int:pk>/", sites_columns.column_edit, name="column_edit"),
    path("columns/<int:pk>/move/", sites_columns.column_move, name="column_move"),
    path("columns/<int:pk>/retire/", sites_columns.column_retire, name="column_retire"),
    path("columns/<int:pk>/restore/", sites_columns.column_restore, name="column_restore"),
    path("columns/<int:pk>/picks/", sites_picks.column_picks, name="column_picks"),
    path("columns/<int:pk>/picks/<int:item_id>/", sites_picks.column_pick_change, name="column_pick_change"),
]
