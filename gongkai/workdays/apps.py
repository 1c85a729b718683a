from django.apps import AppConfig


class WorkdaysConfig(AppConfig):
    name = "gongkai.workdays"
    verbose_name = "工作日历"

    def ready(self) -> None:
        from gongkai import pagecache
        from gongkai.workdays.models import CalendarYear, DayOverride

        pagecache.watch(CalendarYear, DayOverride)  # public pages state periods in working days
