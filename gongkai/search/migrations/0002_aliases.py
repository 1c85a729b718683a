"""Load the short-name dictionary (data/aliases.tsv); the office extends it afterwards."""

from pathlib import Path

from django.db import migrations

ALIASES = Path(__file__).resolve().parents[1] / "data" / "aliases.tsv"


def load(apps, schema_editor):
    model = apps.get_model("search", "SearchAlias")
    for line in ALIASES.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        alias, full_name = (part.strip() for part in line.split("\t", 1))
        model.objects.get_or_create(alias=alias, defaults={"full_name": full_name})


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
