"""Public URLs of consultations (included into the portal namespace)."""

from __future__ import annotations

from django.urls import URLPattern, path

from gongkai.portal import consultations

urlpatterns: list[URLPattern] = [
    path("", consultations.consultation_list, name="consultations"),
    path("<int:pk>/", consultations.consultation_detail, name="consultation"),
]
