"""Load the short-name dictionary (data/aliases.tsv); the office extends it afterwards."""

from django.db import migrations

from gongkai.search.aliases import load as load_aliases


def load(apps, schema_editor):
    load_aliases(apps.get_model("search", "SearchAlias"))


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
