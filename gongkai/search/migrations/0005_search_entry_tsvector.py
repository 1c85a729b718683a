"""PostgreSQL only: tsvector columns computed from the segmented text, with GIN indexes.

The 'simple' configuration (no stemming, no stop words) on text we segmented ourselves: Debian
has no Chinese parser for PostgreSQL (STACK.md §5), so the application segments.
"""

from django.db import migrations

FORWARD = """
ALTER TABLE search_searchentry
    ADD COLUMN tsv tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', title_tokens), 'A') || setweight(to_tsvector('simple', body_tokens), 'D')
    ) STORED,
    ADD COLUMN tsv_phrase tsvector GENERATED ALWAYS AS (to_tsvector('simple', phrase_tokens)) STORED,
    ADD COLUMN tsv_title tsvector GENERATED ALWAYS AS (to_tsvector('simple', title_tokens)) STORED;
CREATE INDEX search_entry_tsv ON search_searchentry USING GIN (tsv);
CREATE INDEX search_entry_tsv_title ON search_searchentry USING GIN (tsv_title);
CREATE INDEX search_entry_tsv_phrase ON search_searchentry USING GIN (tsv_phrase);
"""
REVERSE = """
DROP INDEX IF EXISTS search_entry_tsv_title;
DROP INDEX IF EXISTS search_entry_tsv_phrase;
DROP INDEX IF EXISTS search_entry_tsv;
ALTER TABLE search_searchentry DROP COLUMN IF EXISTS tsv_title, DROP COLUMN IF EXISTS tsv_phrase,
    DROP COLUMN IF EXISTS tsv;
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


def reverse(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(REVERSE, params=None)


class Migration(migrations.Migration):
    dependencies = [("search", "0004_search_entry")]
    operations = [migrations.RunPython(forward, reverse)]
