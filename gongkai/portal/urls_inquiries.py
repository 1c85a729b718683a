"""Public URLs of inquiries (included into the portal namespace)."""

from __future__ import annotations

from django.urls import path

from gongkai.portal import inquiries

urlpatterns = [
    path("", inquiries.index, name="inquiries"),
    path("receipt/<str:code>/", inquiries.receipt, name="inquiry_receipt"),
    path("track/", inquiries.track, name="inquiry_track"),
]
