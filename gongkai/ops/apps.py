from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "gongkai.ops"
    verbose_name = "运行维护"

    def ready(self) -> None:
        from gongkai.ops import checks  # noqa: F401  (registers the system checks)
