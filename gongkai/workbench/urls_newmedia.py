"""Workbench URLs of the newmedia (included into the workbench namespace)."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
