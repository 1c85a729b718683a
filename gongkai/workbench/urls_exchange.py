"""URLs (issue 19): filled in by the sites/services/exchange work."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
