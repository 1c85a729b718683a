from django.apps import AppConfig


class NewmediaConfig(AppConfig):
    name = "gongkai.supervision.newmedia"
    label = "newmedia"
    verbose_name = "政务新媒体"
