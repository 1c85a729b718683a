"""The office's settings: one row, held to one by the database (gongkai/officesettings.py). Rows
after the first were never read (``current()`` took the first by primary key): they go first."""

from django.db import migrations, models


def keep_the_first_row(apps, schema_editor):
    for name in ['newmediasettings']:
        model = apps.get_model("newmedia", name)
        first = model.objects.order_by("pk").first()
        if first is not None:
            model.objects.exclude(pk=first.pk).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('newmedia', '0002_platforms'),
    ]

    operations = [
        migrations.RunPython(keep_the_first_row, migrations.RunPython.noop),
        migrations.AddField(
            model_name='newmediasettings',
            name='one',
            field=models.BooleanField(default=True, editable=False, unique=True),
        ),
        migrations.AddConstraint(
            model_name='newmediasettings',
            constraint=models.CheckConstraint(condition=models.Q(('one', True)), name='newmedia_newmediasettings_one_row'),
        ),
    ]
