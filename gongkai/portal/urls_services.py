"""Public URLs of the service directory (办事服务, included into the portal namespace at /bszn/)."""

from __future__ import annotations

from django.urls import path

from gongkai.portal import services

urlpatterns = [
    path("", services.service_list, name="services"),
    path("<int:pk>/", services.service_detail, name="service"),
]
