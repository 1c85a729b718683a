"""Workbench URLs of consultations (included into the workbench namespace)."""

from __future__ import annotations

from django.urls import URLPattern, path

from gongkai.workbench.views import consultations as views

urlpatterns: list[URLPattern] = [
    path("", views.consultation_list, name="consultations"),
    path("settings/", views.consultation_settings, name="consultation_settings"),
    path("<int:pk>/", views.consultation_detail, name="consultation"),
    path("<int:pk>/period/", views.consultation_period, name="consultation_period"),
    path("<int:pk>/comments/<int:comment_pk>/", views.comment_moderate, name="consultation_comment"),
    path("<int:pk>/adoption/", views.consultation_adoption, name="consultation_adoption"),
    path("<int:pk>/adoption/publish/", views.consultation_adoption_publish, name="consultation_adoption_publish"),
]
