from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "gongkai.search"
    verbose_name = "检索"

    def ready(self) -> None:
        from gongkai.publishing import signals
        from gongkai.search.hooks import item_changed

        # What the public sees changed: the index follows after commit.
        signals.published.connect(item_changed, dispatch_uid="search.published")
        signals.withdrawn.connect(item_changed, dispatch_uid="search.withdrawn")
