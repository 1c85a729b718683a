from django.conf import settings
from django.db import migrations, models
import django.db.models.deletion


class Migration(migrations.Migration):
    """Inquiries (政务咨询): their tables."""

    dependencies = [
        ("participation", "0002_consultations"),
        ('orgs', '0002_unit_review_organ'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='InquirySettings',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('answer_period_days', models.PositiveSmallIntegerField(default=5, help_text='自收到咨询之日起计算，收到当日不计入。默认5个工作日。', verbose_name='答复期限（工作日）')),
                ('due_soon_days', models.PositiveSmallIntegerField(default=2, verbose_name='临近到期提醒（日）')),
                ('updated_at', models.DateTimeField(auto_now=True)),
            ],
            options={
                'verbose_name': '政务咨询设置',
                'verbose_name_plural': '政务咨询设置',
            },
        ),
        migrations.CreateModel(
            name='Inquiry',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('tracking_code', models.CharField(max_length=24, unique=True, verbose_name='查询码')),
                ('subject', models.CharField(max_length=100, verbose_name='标题')),
                ('body', models.TextField(max_length=2000, verbose_name='咨询内容')),
                ('public', models.BooleanField(default=False, verbose_name='同意公开')),
                ('received_at', models.DateTimeField(verbose_name='收到时间')),
                ('received_on', models.DateField(verbose_name='收到日期')),
                ('due_on', models.DateField(blank=True, null=True, verbose_name='答复期限')),
                ('due_problem', models.CharField(blank=True, max_length=200)),
                ('state', models.CharField(choices=[('received', '待答复'), ('awaiting_review', '答复待审核'), ('answered', '已答复'), ('invalid', '无效留言')], default='received', max_length=20)),
                ('answer_html', models.TextField(blank=True, verbose_name='答复内容')),
                ('answered_at', models.DateTimeField(blank=True, null=True)),
                ('answered_on', models.DateField(blank=True, null=True, verbose_name='答复日期')),
                ('return_note', models.CharField(blank=True, max_length=500, verbose_name='退回意见')),
                ('invalid_reason', models.CharField(blank=True, choices=[('spam', '广告或垃圾信息'), ('duplicate', '重复留言'), ('abusive', '含有辱骂、攻击等不文明内容'), ('unclear', '内容不明确，无法答复'), ('not_inquiry', '不属于政务咨询（信访、举报等请按相应渠道办理）')], max_length=20)),
                ('invalid_note', models.CharField(blank=True, max_length=500, verbose_name='说明')),
                ('invalid_on', models.DateField(blank=True, null=True)),
                ('answered_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('submitted_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='inquiries', to='orgs.unit')),
            ],
            options={
                'ordering': ['-received_at', '-id'],
            },
        ),
        migrations.CreateModel(
            name='InquiryAsker',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=50, verbose_name='姓名')),
                ('phone', models.CharField(max_length=30, verbose_name='联系电话')),
                ('inquiry', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='asker', to='participation.inquiry')),
            ],
        ),
        migrations.CreateModel(
            name='InquiryReassignment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('reason', models.CharField(max_length=500, verbose_name='转办理由')),
                ('at', models.DateTimeField()),
                ('by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('from_unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='orgs.unit')),
                ('inquiry', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reassignments', to='participation.inquiry')),
                ('to_unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='orgs.unit')),
            ],
            options={
                'ordering': ['at', 'id'],
            },
        ),
        migrations.CreateModel(
            name='InquiryUnitSettings',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('review_required', models.BooleanField(default=False, verbose_name='答复需经审核')),
                ('unit', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='inquiry_settings', to='orgs.unit')),
            ],
            options={
                'verbose_name': '单位政务咨询设置',
                'verbose_name_plural': '单位政务咨询设置',
            },
        ),
        migrations.AddIndex(
            model_name='inquiry',
            index=models.Index(fields=['unit', 'state', 'due_on'], name='inquiry_unit_state_due'),
        ),
        migrations.AddIndex(
            model_name='inquiry',
            index=models.Index(fields=['state', 'public', 'answered_at'], name='inquiry_public_answered'),
        ),
        migrations.AddConstraint(
            model_name='inquiry',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('state', 'answered'), _negated=True), ('answered_on__isnull', False), _connector='OR'), name='inquiry_answered_has_date'),
        ),
        migrations.AddConstraint(
            model_name='inquiry',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('state', 'invalid'), _negated=True), models.Q(('invalid_reason', ''), _negated=True), _connector='OR'), name='inquiry_invalid_has_reason'),
        ),
    ]
