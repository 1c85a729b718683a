"""Workbench URLs of inquiries (included into the workbench namespace)."""

from __future__ import annotations

from django.urls import path

from gongkai.workbench.views import inquiries

urlpatterns = [
    path("", inquiries.inquiry_list, name="inquiries"),
    path("settings/", inquiries.inquiry_settings, name="inquiry_settings"),
    path("<int:pk>/", inquiries.inquiry_detail, name="inquiry"),
    path("<int:pk>/answer/", inquiries.inquiry_answer, name="inquiry_answer"),
    path("<int:pk>/review/", inquiries.inquiry_review, name="inquiry_review"),
    path("<int:pk>/reassign/", inquiries.inquiry_reassign, name="inquiry_reassign"),
    path("<int:pk>/invalid/", inquiries.inquiry_invalid, name="inquiry_invalid"),
    path("<int:pk>/asker/", inquiries.inquiry_reveal, name="inquiry_reveal"),
]
