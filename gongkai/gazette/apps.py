from typing import Any

from django.apps import AppConfig


def _issue_text(item: Any) -> str:
    """A gazette issue's published PDF text, for its search record ("" for other items)."""
    from gongkai.gazette.access import public_text

    issue = getattr(item, "gazette", None)  # the reverse one-to-one: absent for other items
    return public_text(issue) if issue is not None else ""


class GazetteConfig(AppConfig):
    name = "gongkai.gazette"
    verbose_name = "政府公报"

    def ready(self) -> None:
        from gongkai.search.documents import add_text_source

        add_text_source("gazette", _issue_text)

        from gongkai import pagecache
        from gongkai.gazette.models import GazetteEntry, GazetteIssue

        pagecache.watch(GazetteIssue, GazetteEntry)
