from django.apps import AppConfig


class NewmediaConfig(AppConfig):
    name = "gongkai.supervision.newmedia"
    label = "newmedia"
    verbose_name = "政务新媒体"

    def ready(self) -> None:
        from gongkai import inbox
        from gongkai.supervision.newmedia.reminders import inbox_tasks

        inbox.register("newmedia", inbox_tasks)  # stale accounts, filings

        from gongkai import pagecache
        from gongkai.supervision.newmedia.models import Account, AnnualReview, NewMediaSettings, Platform

        pagecache.watch(Platform, Account, AnnualReview, NewMediaSettings)  # the public matrix page
