"""Workbench URLs of the dashboards (included into the workbench namespace)."""

from __future__ import annotations

from django.urls import URLPattern, path

from gongkai.workbench.views import dashboards

urlpatterns: list[URLPattern] = [
    path("", dashboards.dashboard, name="dashboard"),
    path("<slug:chart>.csv", dashboards.dashboard_csv, name="dashboard_csv"),
]
