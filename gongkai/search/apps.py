from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "gongkai.search"
    verbose_name = "检索"

    def ready(self) -> None:
        from gongkai.publishing import signals
        from gongkai.search.hooks import item_changed, text_read

        # What the public sees changed: the index follows after commit.
        signals.published.connect(item_changed, dispatch_uid="search.published")
        signals.withdrawn.connect(item_changed, dispatch_uid="search.withdrawn")  # also one file taken down
        # A file's text read (after upload, or by the archive sweep long after publication).
        signals.text_read.connect(text_read, dispatch_uid="search.text_read")
