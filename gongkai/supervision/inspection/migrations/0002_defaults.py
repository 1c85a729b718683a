"""Load the default column rules, dictionary entries and settings (the office edits them)."""

from django.db import migrations


def load(apps, schema_editor):
    from gongkai.supervision.inspection import defaults

    defaults.seed(
        apps.get_model("inspection", "ColumnRule"),
        apps.get_model("inspection", "WordEntry"),
        apps.get_model("inspection", "InspectionSettings"),
    )


class Migration(migrations.Migration):
    dependencies = [("inspection", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
