"""Workbench URLs of the new-media registry (included into the workbench namespace)."""

from __future__ import annotations

from django.urls import path

from gongkai.workbench.views import newmedia, newmedia_reviews

urlpatterns = [
    path("", newmedia.account_list, name="newmedia"),
    path("apply/", newmedia.account_apply, name="newmedia_apply"),
    path("settings/", newmedia.newmedia_settings, name="newmedia_settings"),
    path("platforms/", newmedia.platform_add, name="newmedia_platform_add"),
    path("reviews/", newmedia_reviews.review_list, name="newmedia_reviews"),
    path("reviews/export/", newmedia_reviews.review_export, name="newmedia_reviews_export"),
    path("reviews/<int:pk>/", newmedia_reviews.review_record, name="newmedia_review"),
    path("<int:pk>/", newmedia.account_detail, name="newmedia_account"),
    path("<int:pk>/step/", newmedia.account_step, name="newmedia_step"),
    path("<int:pk>/content/", newmedia.account_content, name="newmedia_content"),
    path("<int:pk>/details/", newmedia.account_details, name="newmedia_details"),
]
