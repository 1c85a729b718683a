from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "gongkai.reminders"
    verbose_name = "提醒邮件"
