"""Workbench URLs of the ledger (included into the workbench namespace at /workbench/tasks/)."""

from __future__ import annotations

from django.urls import path

from gongkai.workbench.views import ledger, ledger_admin, ledger_edit

urlpatterns = [
    path("", ledger.task_list, name="tasks"),
    path("<int:pk>/", ledger.task_detail, name="task"),
    path("<int:pk>/edit/", ledger_edit.task_edit, name="task_edit"),
    path("<int:pk>/progress/", ledger.task_progress, name="task_progress"),
    path("<int:pk>/notice/", ledger.task_notice, name="task_notice"),
    path("notices/<int:pk>/reply/", ledger.notice_reply, name="task_notice_reply"),
    path("attachments/<int:pk>/", ledger.progress_attachment, name="task_attachment"),
    path("import/", ledger_admin.task_import, name="tasks_import"),
    path("export/", ledger_admin.task_export, name="tasks_export"),
    path("ledgers/", ledger_admin.ledger_list, name="task_ledgers"),
    path("ledgers/<int:pk>/", ledger_admin.ledger_settings, name="task_ledger"),
    path("ledgers/<int:pk>/new/", ledger_edit.task_new, name="task_new"),
    path("lookback/", ledger_admin.task_lookback, name="tasks_lookback"),
]
