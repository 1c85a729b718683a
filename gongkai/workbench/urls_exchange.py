"""交换伙伴 (issue 19, point 4): the exchange partners' pages, office only, under /workbench/exchange/."""

from __future__ import annotations

from django.urls import URLPattern, path

from gongkai.workbench.views import exchange

urlpatterns: list[URLPattern] = [
    path("", exchange.partner_list, name="exchange_partners"),
    path("add/", exchange.partner_add, name="exchange_partner_add"),
    path("<int:pk>/", exchange.partner_detail, name="exchange_partner"),
    path("<int:pk>/credentials/", exchange.partner_credentials, name="exchange_partner_credentials"),
    path("<int:pk>/flows/", exchange.partner_flows, name="exchange_partner_flows"),
    path("<int:pk>/sync/", exchange.partner_sync, name="exchange_partner_sync"),
    path("<int:pk>/failures/<int:failure_id>/retry/", exchange.failure_retry, name="exchange_failure_retry"),
]
