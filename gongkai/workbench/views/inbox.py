from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from gongkai.orgs import access
from gongkai.workbench.decorators import staff_required
from gongkai.workbench.inbox import tasks_for, url_for
from gongkai.workdays.services import missing_years


@staff_required
def inbox(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    return render(
        request,
        "workbench/inbox.html",
        {
            "tasks": [(task, url_for(task.target)) for task in tasks_for(request.user, today)],
            "today": today,
            "memberships": access.memberships_summary(request.user),
            "is_office": access.is_office(request.user),
            "missing_years": missing_years(today),
        },
    )
