from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "gongkai.publishing"
    verbose_name = "主动公开"

    def ready(self) -> None:
        from gongkai.publishing.services import recompute_due_dates
        from gongkai.workdays.signals import calendar_changed

        calendar_changed.connect(recompute_due_dates, dispatch_uid="publishing.recompute_due_dates")
