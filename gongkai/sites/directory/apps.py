from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "gongkai.sites.directory"
    label = "directory"
    verbose_name = _("办事服务")

    def ready(self) -> None:
        from gongkai import pagecache
        from gongkai.sites.directory.models import Service

        # A service changed: the public pages that show it (list, page, search) are built again.
        pagecache.watch(Service)
