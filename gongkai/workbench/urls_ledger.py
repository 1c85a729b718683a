"""Workbench URLs of the ledger (included into the workbench namespace)."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
