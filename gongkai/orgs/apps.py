from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "gongkai.orgs"
    verbose_name = "单位与人员"

    def ready(self) -> None:
        from gongkai import pagecache
        from gongkai.orgs.models import SiteProfile, Unit

        # The site's name and contacts head every page; units name columns and feeds.
        pagecache.watch(SiteProfile, Unit)
