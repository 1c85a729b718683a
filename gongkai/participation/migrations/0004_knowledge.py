import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    """The policy Q&A knowledge base (一号答): its tables."""

    dependencies = [
        ("catalog", "0001_initial"),
        ("participation", "0003_inquiries"),
        ("policies", "0001_initial"),
        ("publishing", "0004_item_kind_answer"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="KnowledgeEntry",
            fields=[
                (
                    "item",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="knowledge",
                        serialize=False,
                        to="publishing.item",
                        verbose_name="统一答复口径",
                    ),
                ),
                ("aliases", models.TextField(blank=True, max_length=2000, verbose_name="其他问法")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "catalogue_entries",
                    models.ManyToManyField(
                        blank=True,
                        related_name="knowledge_entries",
                        to="catalog.catalogueentry",
                        verbose_name="关联目录事项",
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL
                    ),
                ),
                (
                    "policies",
                    models.ManyToManyField(
                        blank=True,
                        related_name="knowledge_entries",
                        to="policies.policydocument",
                        verbose_name="关联政策文件",
                    ),
                ),
                (
                    "source_inquiry",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="knowledge_entries",
                        to="participation.inquiry",
                        verbose_name="来源咨询",
                    ),
                ),
            ],
            options={
                "verbose_name": "知识库条目",
                "verbose_name_plural": "知识库条目",
            },
        ),
        migrations.CreateModel(
            name="EntryViewCount",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("day", models.DateField()),
                ("count", models.PositiveIntegerField(default=0)),
                (
                    "entry",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="views",
                        to="participation.knowledgeentry",
                    ),
                ),
            ],
        ),
        migrations.CreateModel(
            name="SearchCount",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("day", models.DateField()),
                ("query", models.CharField(max_length=50)),
                ("count", models.PositiveIntegerField(default=0)),
            ],
            options={
                "indexes": [models.Index(fields=["day"], name="search_count_day")],
                "constraints": [models.UniqueConstraint(fields=("day", "query"), name="search_count_unique")],
            },
        ),
        migrations.AddConstraint(
            model_name="knowledgeentry",
            constraint=models.UniqueConstraint(
                condition=models.Q(("source_inquiry__isnull", False)),
                fields=("source_inquiry",),
                name="knowledge_source_inquiry_unique",
            ),
        ),
        migrations.AddIndex(
            model_name="entryviewcount",
            index=models.Index(fields=["day"], name="entry_view_count_day"),
        ),
        migrations.AddConstraint(
            model_name="entryviewcount",
            constraint=models.UniqueConstraint(fields=("entry", "day"), name="entry_view_count_unique"),
        ),
    ]
