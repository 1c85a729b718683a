from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "gongkai.supervision.ledger"
    label = "ledger"
    verbose_name = "任务台账"
