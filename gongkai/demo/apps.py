from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo district (``seed_demo``, ``demo_accounts``): the one app that may import every
    domain to load their demo data; nothing imports it (import contracts in ``make lint``)."""

    name = "gongkai.demo"
    verbose_name = "演示数据"
