from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "gongkai.catalog"
    verbose_name = "标准目录"

    def ready(self) -> None:
        from gongkai import pagecache
        from gongkai.catalog.models import CatalogueEntry, Domain

        pagecache.watch(Domain, CatalogueEntry)  # the columns and the catalogue pages
