from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "gongkai.reports"
    verbose_name = "年度报告与统计"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from gongkai.publishing.models import ItemRevision
        from gongkai.reports.signals import revision_published

        post_save.connect(revision_published, sender=ItemRevision, dispatch_uid="reports.revision_published")

        from gongkai import pagecache
        from gongkai.reports.models import AnnualReport, Figure, ReportSettings

        pagecache.watch(AnnualReport, Figure, ReportSettings)
