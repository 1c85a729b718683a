"""Public URLs of the task ledger's progress page (included into the portal namespace at /xxgk/tasks/)."""

from __future__ import annotations

from django.urls import path

from gongkai.portal import ledger

urlpatterns = [
    path("", ledger.index, name="tasks"),
    path("<int:pk>/", ledger.ledger_page, name="tasks_ledger"),
]
