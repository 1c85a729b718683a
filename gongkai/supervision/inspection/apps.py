from django.apps import AppConfig


class InspectionConfig(AppConfig):
    name = "gongkai.supervision.inspection"
    label = "inspection"
    verbose_name = "网站与政务新媒体检查"

    def ready(self) -> None:
        from gongkai import inbox
        from gongkai.supervision.inspection.reminders import inbox_tasks

        inbox.register("inspection", inbox_tasks)  # findings, a due inspection
