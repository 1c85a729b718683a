"""SearchEntry.carried (issue 17, point 4): the engine ranks the district's own documents before
carried ones on equal relevance. Existing records take the flag from their item, so the
PostgreSQL index need not be rebuilt (the tantivy index is: its schema version changed)."""

from typing import Any

from django.db import migrations, models


def copy_flag(apps: Any, schema_editor: Any) -> None:
    Item = apps.get_model("publishing", "Item")
    SearchEntry = apps.get_model("search", "SearchEntry")
    carried = list(Item.objects.filter(carried=True).values_list("pk", flat=True))
    for start in range(0, len(carried), 1000):
        SearchEntry.objects.filter(pk__in=carried[start : start + 1000]).update(carried=True)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0007_search_file_chunk"),
        ("publishing", "0007_item_carried"),
    ]

    operations = [
        migrations.AddField(model_name="searchentry", name="carried", field=models.BooleanField(default=False)),
        migrations.RunPython(copy_flag, migrations.RunPython.noop),
    ]
