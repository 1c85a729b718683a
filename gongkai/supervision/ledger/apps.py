from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "gongkai.supervision.ledger"
    label = "ledger"
    verbose_name = "任务台账"

    def ready(self) -> None:
        from gongkai import inbox
        from gongkai.supervision.ledger.reminders import inbox_tasks

        inbox.register("ledger", inbox_tasks)  # tasks due and 督办 notices

        from gongkai import pagecache
        from gongkai.supervision.ledger.models import Ledger, Progress, ProgressAttachment, Task, TaskUnit

        pagecache.watch(Ledger, Task, TaskUnit, Progress, ProgressAttachment)  # the public progress page
