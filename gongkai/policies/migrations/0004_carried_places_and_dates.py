"""Documents imported before issue 17 (point 1): each gets back its organ, level and region, read
from what was stored (issuer, category, title: the corpus's subcategory was not kept, so a
local regulation's province comes from its organ or title), and an undated one loses the import
day it was stamped with (formed_on and first_published_on: unknown, not "today")."""

from django.db import migrations

from gongkai.policies import places

BATCH = 500


def relabel(apps, schema_editor):  # type: ignore[no-untyped-def]
    PolicyDocument = apps.get_model("policies", "PolicyDocument")
    PolicyRevision = apps.get_model("policies", "PolicyRevision")
    Item = apps.get_model("publishing", "Item")
    documents = PolicyDocument.objects.filter(item__carried=True).select_related("item")
    for model, rows, title in (
        (PolicyDocument, documents, lambda row: row.item.title),
        (
            PolicyRevision,
            PolicyRevision.objects.filter(revision__item__carried=True).select_related("revision"),
            lambda row: row.revision.title,
        ),
    ):
        changed = []
        for row in rows.iterator(chunk_size=BATCH):
            place = places.place_of(row.category, "", row.issuer, title(row))
            row.issuer, row.level, row.region = place.issuer[:200], place.level, place.region
            changed.append(row)
        model.objects.bulk_update(changed, ["issuer", "level", "region"], batch_size=BATCH)
    undated = Item.objects.filter(
        carried=True, written_on__isnull=True, policy__effective_on__isnull=True
    )
    undated.update(formed_on=None, first_published_on=None)


class Migration(migrations.Migration):
    dependencies = [
        ("policies", "0003_policy_region"),
        ("publishing", "0008_item_formed_on_unknown"),
    ]

    operations = [migrations.RunPython(relabel, migrations.RunPython.noop)]
