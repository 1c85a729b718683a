"""Workbench URLs of the assessment (included into the workbench namespace)."""

from __future__ import annotations

from django.urls import URLPattern, path

from gongkai.workbench.views import assessment as views

urlpatterns: list[URLPattern] = [
    path("", views.assessment, name="assessment"),
    path("new/", views.assessment_create, name="assessment_create"),
    path("<int:year>/units/<int:unit>/", views.assessment_unit, name="assessment_unit"),
    path("<int:year>/units/<int:unit>/score/", views.assessment_score, name="assessment_score"),
    path("<int:year>/scheme/", views.assessment_scheme, name="assessment_scheme"),
    path("<int:year>/scheme/indicators/", views.assessment_indicator_add, name="assessment_indicator_add"),
    path(
        "<int:year>/scheme/indicators/<int:pk>/remove/",
        views.assessment_indicator_remove,
        name="assessment_indicator_remove",
    ),
    path("<int:year>/state/", views.assessment_state, name="assessment_state"),
    path("<int:year>/export.xlsx", views.assessment_export, name="assessment_export"),
]
