"""Workbench URLs of the inspection (included into the workbench namespace)."""

from __future__ import annotations

from django.urls import path

from gongkai.workbench.views import inspection, inspection_admin

urlpatterns = [
    path("", inspection.inspection_list, name="inspections"),
    path("run/", inspection.inspection_run, name="inspection_run"),
    path("<int:pk>/", inspection.inspection_report, name="inspection"),
    path("findings/<int:pk>/assign/", inspection.inspection_assign, name="inspection_assign"),
    path("mine/", inspection.inspection_unit_findings, name="inspection_unit_findings"),
    path("columns/", inspection_admin.column_rules, name="inspection_columns"),
    path("columns/<int:pk>/", inspection_admin.column_rule_edit, name="inspection_column"),
    path("words/", inspection_admin.word_list, name="inspection_words"),
    path("words/<int:pk>/", inspection_admin.word_edit, name="inspection_word"),
    path("words/<int:pk>/delete/", inspection_admin.word_delete, name="inspection_word_delete"),
    path("settings/", inspection_admin.inspection_settings, name="inspection_settings"),
]
