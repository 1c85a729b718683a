"""Items imported from a corpus (a PolicyDocument with a source id) are carried documents
(publishing.Item.carried, issue 17 point 1)."""

from django.db import migrations


def mark(apps, schema_editor):  # type: ignore[no-untyped-def]
    Item = apps.get_model("publishing", "Item")
    Item.objects.filter(policy__source_id__isnull=False).update(carried=True)


class Migration(migrations.Migration):
    dependencies = [
        ("policies", "0001_initial"),
        ("publishing", "0007_item_carried"),
    ]

    operations = [migrations.RunPython(mark, migrations.RunPython.noop)]
