"""Workbench URLs of the service directory (办事服务; included into the workbench namespace)."""

from __future__ import annotations

from django.urls import path

from gongkai.workbench.views import services

urlpatterns = [
    path("", services.service_list, name="services"),
    path("new/", services.service_create, name="service_create"),
    path("check-links/", services.service_check_links, name="service_check_links"),
    path("<int:pk>/", services.service_edit, name="service_edit"),
    path("<int:pk>/deactivate/", services.service_deactivate, name="service_deactivate"),
]
