from django.apps import AppConfig


class InspectionConfig(AppConfig):
    name = "gongkai.supervision.inspection"
    label = "inspection"
    verbose_name = "网站与政务新媒体检查"
