"""The one counter row the change log locks (changelog._next_seq): made here, so the first two
publications never race to create it."""

from __future__ import annotations

from typing import Any

from django.db import migrations


def make_counter(apps: Any, schema_editor: Any) -> None:
    apps.get_model("exchange", "ChangeCounter").objects.get_or_create(one=True)


class Migration(migrations.Migration):
    dependencies = [("exchange", "0001_initial")]

    operations = [migrations.RunPython(make_counter, migrations.RunPython.noop)]
