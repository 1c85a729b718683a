"""A covering index for the public counts of items by unit (issue 18, point 1).

The statutory page and the unit column count the district's own public items per unit
(``WHERE published_revision_id IS NOT NULL AND NOT carried GROUP BY unit_id``). With only the
foreign key's index every counted row is read from the table; with these three columns in one
index the count reads the index alone (175 ms to 8 ms at 100,000 documents on SQLite). As in
0009, SQL rather than Meta: it belongs to the public pages' queries, and the model state is
unchanged.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("publishing", "0009_public_list_indexes"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS item_public_unit_count"
            " ON publishing_item (unit_id, carried, published_revision_id)",
            "DROP INDEX IF EXISTS item_public_unit_count",
            elidable=False,
        )
    ]
