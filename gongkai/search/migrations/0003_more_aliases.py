"""Load the lines added to data/aliases.tsv since 0002 (the loader skips existing aliases)."""

from importlib import import_module

from django.db import migrations

load = import_module("gongkai.search.migrations.0002_aliases").load


class Migration(migrations.Migration):
    dependencies = [("search", "0002_aliases")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
