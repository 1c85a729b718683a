"""A code published in parts (issue 17, point 4): each book of the 民法典 is its own document
(API.md, Search) and records its whole (``part_of``) and its place in it (``part_number``).

Books imported separately before (by the first importer) get their whole and number here, by
the first article of their text. A database imported while the books were merged into one
record (source id ``code-…``, titled 中华人民共和国民法典) loses that record: it is deleted (unless
something protects it, then it stays and is reported), and running ``import_policies`` again
brings the books back, each with its own corpus id (``reindex`` drops the stale search entry,
which the search already skips as gone)."""

from collections import defaultdict

from django.db import migrations, models
from django.db.models.deletion import ProtectedError, RestrictedError

from gongkai.policies import books

MERGED_PREFIX = "code-"


def number_books(apps, schema_editor):  # type: ignore[no-untyped-def]
    PolicyDocument = apps.get_model("policies", "PolicyDocument")
    wholes = defaultdict(list)
    for document in PolicyDocument.objects.filter(
        item__carried=True, item__title__contains=books.PART_MARK
    ).select_related("item"):
        whole = books.whole_title(document.item.title)
        if whole:
            wholes[whole].append(document)
    for whole, found in wholes.items():
        if len(found) < 2:
            continue
        numbers = books.numbered([books.first_article(d.item.body_html) for d in found])
        for document, number in zip(found, numbers, strict=True):
            document.part_of, document.part_number = whole, number
        PolicyDocument.objects.bulk_update(found, ["part_of", "part_number"])


def delete_merged(apps, schema_editor):  # type: ignore[no-untyped-def]
    Item = apps.get_model("publishing", "Item")
    for item in Item.objects.filter(carried=True, policy__source_id__startswith=MERGED_PREFIX):
        try:
            item.delete()
        except (ProtectedError, RestrictedError):
            print(f"\n  policies.0005: merged code {item.pk} ({item.title}) is referenced and stays; delete it by hand")


class Migration(migrations.Migration):
    dependencies = [
        ("policies", "0004_carried_places_and_dates"),
    ]

    operations = [
        migrations.AddField(
            model_name="policydocument",
            name="part_number",
            field=models.PositiveSmallIntegerField(blank=True, null=True, verbose_name="分编序号"),
        ),
        migrations.AddField(
            model_name="policydocument",
            name="part_of",
            field=models.CharField(blank=True, db_index=True, max_length=300, verbose_name="所属法典"),
        ),
        migrations.RunPython(number_books, migrations.RunPython.noop),
        migrations.RunPython(delete_merged, migrations.RunPython.noop),
    ]
