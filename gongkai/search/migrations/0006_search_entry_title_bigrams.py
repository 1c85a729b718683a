"""The title's character pairs (text.bigrams) and, on PostgreSQL, two tsvectors with GIN indexes:

- tsv_title_bi: the title's pairs; a phrase query of the typed text's pairs finds a title
  fragment cut mid-word;
- tsv_grams: the four characters at every even offset of title and body (letters, digits and
  Han characters only), one lexeme each, without positions. A typed span of five characters
  or more holds all four-character strings at one of its two alignments: an ``&`` of them
  finds it exactly, without the segmenter (which cuts a span's end words differently from the
  document) and without positions (a tsvector keeps at most 256 positions of a word and none
  beyond 16,383, so long laws lost their phrases); the large phrase tsvector is never read.
"""

from django.db import migrations, models

FORWARD = r"""
CREATE FUNCTION search_grams(words text) RETURNS tsvector
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(array_to_tsvector(array_agg(gram)), ''::tsvector) FROM (
        SELECT pair[1] || lead(pair[1]) OVER (ORDER BY n) AS gram
        FROM regexp_matches(replace(words, ' ', ''), '(..)', 'g') WITH ORDINALITY AS t(pair, n)
    ) AS grams
    WHERE gram IS NOT NULL
$$;
ALTER TABLE search_searchentry
    ADD COLUMN tsv_title_bi tsvector GENERATED ALWAYS AS (to_tsvector('simple', title_bigrams)) STORED,
    ADD COLUMN tsv_grams tsvector GENERATED ALWAYS AS (search_grams(phrase_tokens)) STORED;
CREATE INDEX search_entry_tsv_title_bi ON search_searchentry USING GIN (tsv_title_bi);
CREATE INDEX search_entry_tsv_grams ON search_searchentry USING GIN (tsv_grams);
"""
REVERSE = """
DROP INDEX IF EXISTS search_entry_tsv_title_bi;
DROP INDEX IF EXISTS search_entry_tsv_grams;
ALTER TABLE search_searchentry DROP COLUMN IF EXISTS tsv_title_bi, DROP COLUMN IF EXISTS tsv_grams;
DROP FUNCTION IF EXISTS search_grams(text);
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


def reverse(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(REVERSE, params=None)


class Migration(migrations.Migration):
    dependencies = [("search", "0005_search_entry_tsvector")]
    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="title_bigrams",
            field=models.TextField(default=""),
        ),
        migrations.RunPython(forward, reverse),
    ]
