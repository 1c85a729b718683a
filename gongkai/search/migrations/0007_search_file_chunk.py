"""The text of items' public files (attachments), in parts, apart from title and body; on
PostgreSQL, two tsvectors with GIN indexes (as for title and body, migrations 0005 and 0006):

- tsv: the BM25 words of the part;
- tsv_grams: the four characters at every even offset (search_grams, migration 0006), for typed
  spans of five characters or more.

After this migration, ``manage.py reindex`` fills the table with the files already public.
"""

from django.db import migrations, models

FORWARD = r"""
ALTER TABLE search_searchfilechunk
    ADD COLUMN tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', tokens)) STORED,
    ADD COLUMN tsv_grams tsvector GENERATED ALWAYS AS (search_grams(phrase_tokens)) STORED;
CREATE INDEX search_file_chunk_tsv ON search_searchfilechunk USING GIN (tsv);
CREATE INDEX search_file_chunk_tsv_grams ON search_searchfilechunk USING GIN (tsv_grams);
"""
REVERSE = """
DROP INDEX IF EXISTS search_file_chunk_tsv;
DROP INDEX IF EXISTS search_file_chunk_tsv_grams;
ALTER TABLE search_searchfilechunk DROP COLUMN IF EXISTS tsv, DROP COLUMN IF EXISTS tsv_grams;
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


def reverse(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(REVERSE, params=None)


class Migration(migrations.Migration):
    dependencies = [("search", "0006_search_entry_title_bigrams")]

    operations = [
        migrations.CreateModel(
            name="SearchFileChunk",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("entry_id", models.BigIntegerField(db_index=True)),
                ("tokens", models.TextField()),
                ("phrase_tokens", models.TextField()),
                ("kind", models.CharField(max_length=20)),
                ("validity", models.CharField(max_length=20)),
                ("level", models.CharField(max_length=20)),
                ("unit_id", models.BigIntegerField()),
                ("year", models.IntegerField()),
            ],
            options={"verbose_name": "附件检索记录", "verbose_name_plural": "附件检索记录"},
        ),
        migrations.RunPython(forward, reverse),
    ]
