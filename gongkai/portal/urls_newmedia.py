"""Public URLs of the new-media matrix page (政务新媒体矩阵) (included into the portal namespace)."""

from __future__ import annotations

from django.urls import path

from gongkai.portal import newmedia

urlpatterns = [path("", newmedia.matrix, name="newmedia")]
