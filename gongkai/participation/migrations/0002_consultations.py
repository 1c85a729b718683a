import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    """Consultations (征求意见): their tables."""

    dependencies = [
        ("participation", "0001_initial"),
        ("publishing", "0003_revision_deadline"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]
    operations = [
        migrations.CreateModel(
            name="ConsultationSettings",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "min_period_days",
                    models.PositiveSmallIntegerField(
                        default=30,
                        help_text="征求意见期限一般不少于30日；记录历史征求意见时不受此限制。",
                        verbose_name="征求意见最短期限（日）",
                    ),
                ),
                (
                    "report_due_working_days",
                    models.PositiveSmallIntegerField(
                        default=10,
                        help_text="征求意见截止后超过该工作日数仍未发布采纳情况的，在待办中提醒。",
                        verbose_name="采纳情况提醒（截止后工作日）",
                    ),
                ),
                (
                    "sensitive_words",
                    models.TextField(
                        blank=True,
                        help_text="每行一个；含有敏感词的意见先待审核，审核放行后才公开。",
                        verbose_name="敏感词",
                    ),
                ),
                ("updated_at", models.DateTimeField(auto_now=True)),
            ],
            options={
                "verbose_name": "征求意见设置",
                "verbose_name_plural": "征求意见设置",
            },
        ),
        migrations.CreateModel(
            name="AdoptionReport",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("summary", models.TextField(verbose_name="总体情况")),
                ("submitted_at", models.DateTimeField()),
                (
                    "item",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="adoption_report",
                        to="publishing.item",
                    ),
                ),
                (
                    "submitted_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL
                    ),
                ),
            ],
            options={
                "verbose_name": "采纳情况",
                "verbose_name_plural": "采纳情况",
            },
        ),
        migrations.CreateModel(
            name="Comment",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("number", models.PositiveIntegerField(verbose_name="编号")),
                ("name", models.CharField(max_length=50, verbose_name="姓名")),
                ("phone", models.CharField(blank=True, max_length=30, verbose_name="联系电话")),
                ("body", models.TextField(verbose_name="意见内容")),
                (
                    "status",
                    models.CharField(
                        choices=[("visible", "已公开"), ("held", "待审核"), ("hidden", "已屏蔽")],
                        default="visible",
                        max_length=10,
                        verbose_name="状态",
                    ),
                ),
                ("held_for", models.CharField(blank=True, max_length=200, verbose_name="待审核原因")),
                ("hidden_reason", models.CharField(blank=True, max_length=300, verbose_name="屏蔽原因")),
                ("moderated_at", models.DateTimeField(blank=True, null=True)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "moderated_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["consultation", "number"],
            },
        ),
        migrations.CreateModel(
            name="AdoptionDecision",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "decision",
                    models.CharField(
                        choices=[("adopted", "采纳"), ("partly_adopted", "部分采纳"), ("not_adopted", "未采纳")],
                        max_length=20,
                        verbose_name="采纳情况",
                    ),
                ),
                ("reason", models.TextField(verbose_name="理由")),
                ("position", models.PositiveIntegerField(default=0)),
                (
                    "report",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="decisions",
                        to="participation.adoptionreport",
                    ),
                ),
                ("comments", models.ManyToManyField(related_name="decisions", to="participation.comment")),
            ],
            options={
                "ordering": ["report", "position", "id"],
            },
        ),
        migrations.CreateModel(
            name="Consultation",
            fields=[
                (
                    "item",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="consultation",
                        serialize=False,
                        to="publishing.item",
                    ),
                ),
                ("opens_on", models.DateField(verbose_name="开始日期")),
                ("closes_on", models.DateField(verbose_name="截止日期")),
                (
                    "historical",
                    models.BooleanField(
                        default=False,
                        help_text="补录已经结束的征求意见，不受最短期限限制，不再接收意见。",
                        verbose_name="历史记录",
                    ),
                ),
                ("next_comment_number", models.PositiveIntegerField(default=1)),
                (
                    "final_policy",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="publishing.item",
                        verbose_name="最终政策文件",
                    ),
                ),
            ],
            options={
                "verbose_name": "征求意见",
                "verbose_name_plural": "征求意见",
                "ordering": ["-opens_on", "-item_id"],
            },
        ),
        migrations.AddField(
            model_name="comment",
            name="consultation",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="comments", to="participation.consultation"
            ),
        ),
        migrations.AddField(
            model_name="adoptionreport",
            name="consultation",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.CASCADE, related_name="adoption", to="participation.consultation"
            ),
        ),
        migrations.AddConstraint(
            model_name="consultation",
            constraint=models.CheckConstraint(
                condition=models.Q(("closes_on__gte", models.F("opens_on"))), name="consultation_dates"
            ),
        ),
        migrations.AddConstraint(
            model_name="comment",
            constraint=models.UniqueConstraint(fields=("consultation", "number"), name="comment_number_unique"),
        ),
    ]
