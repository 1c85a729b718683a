"""Indexes that serve the public lists' ORDER BY (issue 18, point 1).

Every public list reads the published revision: the newest first (home blocks, feeds, columns,
annual reports) or by the document's own date (carried documents, the policy library). These
indexes are on the revision in exactly the order the lists sort by, each after the equality
filter the list uses (kind, topic), and end with ``item_id`` — the item's own key, the lists'
tie-break — so a page reads its first rows from the index and stops (LIMIT), whatever the number
of documents. ``written_on`` sorts newest first with the undated last: SQLite puts NULLs last in
a descending index by itself, PostgreSQL is told so.

They are written as SQL rather than in the model's Meta because they belong to the public
pages' queries (portal, policies), not to the pipeline's model; the model state is unchanged.
"""

from django.db import migrations

INDEXES = {
    "itemrev_public_newest": "(published_at DESC, item_id DESC)",
    "itemrev_public_kind_newest": "(kind, published_at DESC, item_id DESC)",
    "itemrev_public_topic_newest": "(topic, published_at DESC, item_id DESC)",
    "itemrev_public_written": "(written_on DESC{nulls}, published_at DESC, item_id DESC)",
    "itemrev_public_kind_written": "(kind, written_on DESC{nulls}, published_at DESC, item_id DESC)",
    "itemrev_public_kind_written_item": "(kind, written_on DESC{nulls}, item_id DESC)",
}


def create(apps, schema_editor):
    nulls = " NULLS LAST" if schema_editor.connection.vendor == "postgresql" else ""
    for name, columns in INDEXES.items():
        table_columns = f"publishing_itemrevision {columns.format(nulls=nulls)}"
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table_columns}")


def drop(apps, schema_editor):
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("publishing", "0008_item_formed_on_unknown"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
