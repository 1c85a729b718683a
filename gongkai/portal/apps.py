from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "gongkai.portal"
    verbose_name = "门户网站"

    def ready(self) -> None:
        """Tell the core how the portal spells the public pages the domains name, and how to read
        a path of this site back (gongkai/publiclinks.py)."""
        from django.urls import Resolver404, resolve, reverse

        from gongkai import publiclinks

        def page(name: str) -> publiclinks.Resolver:
            return lambda *args: reverse(f"portal:{name}", args=list(args))

        for kind, name in PUBLIC_PAGES.items():
            publiclinks.register(kind, page(name))

        from gongkai.sites.models import Column

        def column(*args: object) -> str:
            """A site's column (a Column: its page on its site, /lm/<slug>/) or, as before, the
            statutory column of a catalogue domain (its code)."""
            if args and isinstance(args[0], Column):
                return reverse("portal:site_column", args=[args[0].slug])
            return reverse("portal:column_domain", args=list(args))

        publiclinks.register("column", column)

        def read(path: str) -> publiclinks.Page | None:
            try:
                match = resolve(path)
            except Resolver404:
                return None
            private = bool(STAFF_NAMESPACES & set(match.namespaces))
            return publiclinks.Page(KINDS_BY_NAME.get(match.view_name, ""), dict(match.kwargs), private)

        publiclinks.register_reader(read)

        from gongkai import pagecache
        from gongkai.portal.context import a11y_mode
        from gongkai.portal.foi_tracking import COOKIE as FOI_CHECK_COOKIE

        # The large-font and high-contrast pages are cached apart from the standard ones; an
        # applicant who passed the tracking check sees the live site (as at the front, deploy/).
        pagecache.vary(a11y_mode)
        pagecache.personal(FOI_CHECK_COOKIE)


# The kinds of gongkai/publiclinks.py and the portal's URL names that answer them.
PUBLIC_PAGES = {
    "item": "item",
    "attachment": "attachment",
    "answer": "knowledge_detail",
    "statutory": "statutory",
    "column": "column_domain",
    "inquiries": "inquiries",
    "code": "policy_code",
    # A site's column (issue 19) by its slug, on the column's site's host.
    "site_column": "site_column",
    # The service directory (办事服务, issue 19): the list and one service's guide.
    "services": "services",
    "service": "service",
}
# Read back from a path: every URL name whose page shows one object of a kind.
KINDS_BY_NAME = {
    **{f"portal:{name}": kind for kind, name in PUBLIC_PAGES.items()},
    "portal:feed_domain_rss": "column",
    "portal:feed_domain_atom": "column",
    "portal:column_unit": "unit",
    "portal:feed_unit_rss": "unit",
    "portal:feed_unit_atom": "unit",
    "portal:column_topic": "topic",
    "portal:gazette_issue": "gazette",
    "portal:catalogue": "catalogue",
}
STAFF_NAMESPACES = {"workbench", "admin"}
