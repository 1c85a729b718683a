from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    """三级数据互联 (issue 19, point 4): a domain. It listens to the publishing lifecycle (the
    change log), registers the office's lag warning with the core's inbox, and nothing below it
    imports it."""

    name = "gongkai.exchange"
    label = "exchange"
    verbose_name = _("数据交换")

    def ready(self) -> None:
        from gongkai import inbox
        from gongkai.exchange import changelog, public, warnings
        from gongkai.publishing import readonly, signals

        signals.published.connect(changelog.on_published, dispatch_uid="exchange.published")
        signals.withdrawn.connect(changelog.on_withdrawn, dispatch_uid="exchange.withdrawn")
        signals.text_read.connect(changelog.on_text_read, dispatch_uid="exchange.text_read")
        inbox.register("exchange", warnings.lagging_partners)
        readonly.register("exchange", public.read_only_reason)  # received items: changed at the origin only
