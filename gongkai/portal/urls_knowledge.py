"""Public URLs of the knowledge base (included into the portal namespace)."""

from __future__ import annotations

from django.urls import path

from gongkai.portal import knowledge

urlpatterns = [
    path("", knowledge.knowledge_list, name="knowledge"),
    path("<int:pk>/", knowledge.knowledge_detail, name="knowledge_detail"),
]
