from django.apps import AppConfig


class FoiConfig(AppConfig):
    name = "gongkai.foi"
    verbose_name = "依申请公开"

    def ready(self) -> None:
        from gongkai.foi.signals import recompute_due_dates
        from gongkai.workdays.signals import calendar_changed

        calendar_changed.connect(recompute_due_dates, dispatch_uid="foi.recompute_due_dates")

        from gongkai import pagecache
        from gongkai.foi.models import Settings

        # The guide shows the office's settings. Not the applications themselves: one arrives with
        # every public POST, and the home page's yearly figures may lag by PAGE_CACHE_SECONDS.
        pagecache.watch(Settings)
