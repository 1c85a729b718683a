"""Each publication keeps its own deadline (条例 Art. 26: "形成或者变更之日起").

The data step fills ``formed_on`` and ``due_on`` of a first revision from the item where that is
unambiguous: the item has exactly one revision and no revision was ever opened on it, so the
working copy still holds the dates it was published with. Everything else stays null (not
guessed). A revision in progress that did not change ``formed_on`` loses the deadline the old rule
gave it, so it is not listed as due; the rule is written out here, not imported, because a
migration must not change when the code does.
"""

from django.db import migrations, models
from django.db.models import Count
from django.utils import timezone

SETTLED = ("published", "withdrawn")


def fill_first_revisions(apps, schema_editor):
    Item = apps.get_model("publishing", "Item")
    ItemRevision = apps.get_model("publishing", "ItemRevision")
    ItemEvent = apps.get_model("publishing", "ItemEvent")
    single = ItemRevision.objects.values("item_id").annotate(n=Count("id")).filter(n=1).values("item_id")
    revised = ItemEvent.objects.filter(action="revise").values("item_id")
    revisions = ItemRevision.objects.filter(item_id__in=single).exclude(item_id__in=revised).select_related("item")
    for revision in revisions.iterator():
        ItemRevision.objects.filter(pk=revision.pk).update(
            formed_on=revision.item.formed_on, due_on=revision.item.publish_due_on
        )
    in_progress = Item.objects.exclude(state__in=SETTLED).filter(published_revision__isnull=False)
    for item in in_progress.select_related("published_revision").iterator():
        published = item.published_revision
        basis = published.formed_on or timezone.localdate(published.published_at)
        if item.formed_on <= basis:  # not changed since it was published: no new deadline
            Item.objects.filter(pk=item.pk).update(publish_due_on=None, due_problem="")


class Migration(migrations.Migration):

    dependencies = [
        ('publishing', '0002_revision_metadata'),
    ]

    operations = [
        migrations.AddField(
            model_name='itemrevision',
            name='due_on',
            field=models.DateField(blank=True, null=True, verbose_name='应公开日期'),
        ),
        migrations.AddField(
            model_name='itemrevision',
            name='formed_on',
            field=models.DateField(blank=True, null=True, verbose_name='形成或变更日期'),
        ),
        migrations.RunPython(fill_first_revisions, migrations.RunPython.noop),
    ]
