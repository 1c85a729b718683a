"""Workbench URLs of the knowledge base (included into the workbench namespace)."""

from __future__ import annotations

from django.urls import path

from gongkai.workbench.views import knowledge

urlpatterns = [
    path("", knowledge.knowledge_list, name="knowledge"),
    path("new/", knowledge.knowledge_create, name="knowledge_create"),
    path("<int:pk>/", knowledge.knowledge_entry, name="knowledge_entry"),
    path("<int:pk>/links/", knowledge.knowledge_links, name="knowledge_links"),
    path("promote/<int:inquiry_pk>/", knowledge.knowledge_promote, name="knowledge_promote"),
]
