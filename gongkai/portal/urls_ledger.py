"""Public URLs of the task ledger's progress page (included into the portal namespace)."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
