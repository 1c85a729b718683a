from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "gongkai.publishing"
    verbose_name = "主动公开"

    def ready(self) -> None:
        from gongkai.publishing.services import recompute_due_dates
        from gongkai.workdays.signals import calendar_changed

        calendar_changed.connect(recompute_due_dates, dispatch_uid="publishing.recompute_due_dates")
        _watch_public_pages()


def _watch_public_pages() -> None:
    """Every page that lists or shows items changes with the lifecycle (gongkai/pagecache.py):
    the signals carry publication, revision and withdrawal — RULINGS.md 10, a take-down reaches
    the caches through the withdrawal signal — and the rows themselves anything else done to a
    public item. A draft that was never published changes no public page."""
    from gongkai import pagecache
    from gongkai.publishing import signals
    from gongkai.publishing.models import Attachment, Item, ItemRevision, SiteAlert

    for name in ("published", "revised", "withdrawn", "text_read"):
        getattr(signals, name).connect(pagecache.changed, dispatch_uid=f"pagecache.{name}")
    pagecache.watch(Item, when=lambda item: item.published_revision_id is not None)
    pagecache.watch(Attachment, when=lambda file: file.public or file.taken_down_at is not None)
    pagecache.watch(ItemRevision, SiteAlert)
