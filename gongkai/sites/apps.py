from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext_lazy as _


class SitesConfig(AppConfig):
    name = "gongkai.sites"
    label = "sites"
    verbose_name = _("站点与栏目")

    def ready(self) -> None:
        from gongkai import pagecache
        from gongkai.orgs.models import SiteProfile
        from gongkai.publishing import signals
        from gongkai.sites import current, placements
        from gongkai.sites.models import Column, ColumnPick, Site

        # A site's hosts, identity or default changed here: this process reads the sites again now
        # (others within current.TTL seconds).
        for model in (Site, SiteProfile):
            post_save.connect(current.forget, sender=model, dispatch_uid=f"sites-forget-{model.__name__}")
            post_delete.connect(current.forget, sender=model, dispatch_uid=f"sites-forget-del-{model.__name__}")
        m2m_changed.connect(current.forget, sender=Site.units.through, dispatch_uid="sites-forget-units")
        pagecache.watch(Site, Column, ColumnPick)

        def on_published(sender: Any, item: Any, **kwargs: Any) -> None:
            placements.place_item(item)

        def on_withdrawn(sender: Any, item: Any, attachment: Any = None, **kwargs: Any) -> None:
            if attachment is None:  # one file taken down: the item stays where it is
                placements.unplace_item(item)

        signals.published.connect(on_published, dispatch_uid="sites-place", weak=False)
        signals.withdrawn.connect(on_withdrawn, dispatch_uid="sites-unplace", weak=False)
