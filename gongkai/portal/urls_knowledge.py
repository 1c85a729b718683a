"""Public URLs of the knowledge base (included into the portal namespace)."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
