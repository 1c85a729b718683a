"""The office's settings: one row, held to one by the database (gongkai/officesettings.py). Rows
after the first were never read (``current()`` took the first by primary key): they go first."""

from django.db import migrations, models


def keep_the_first_row(apps, schema_editor):
    for name in ['consultationsettings', 'inquirysettings']:
        model = apps.get_model("participation", name)
        first = model.objects.order_by("pk").first()
        if first is not None:
            model.objects.exclude(pk=first.pk).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('participation', '0004_knowledge'),
    ]

    operations = [
        migrations.RunPython(keep_the_first_row, migrations.RunPython.noop),
        migrations.AddField(
            model_name='consultationsettings',
            name='one',
            field=models.BooleanField(default=True, editable=False, unique=True),
        ),
        migrations.AddField(
            model_name='inquirysettings',
            name='one',
            field=models.BooleanField(default=True, editable=False, unique=True),
        ),
        migrations.AddConstraint(
            model_name='consultationsettings',
            constraint=models.CheckConstraint(condition=models.Q(('one', True)), name='participation_consultationsettings_one_row'),
        ),
        migrations.AddConstraint(
            model_name='inquirysettings',
            constraint=models.CheckConstraint(condition=models.Q(('one', True)), name='participation_inquirysettings_one_row'),
        ),
    ]
