"""Search data the office maintains: short names (简称) that never occur in the documents."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchAlias(models.Model):
    """``alias`` (e.g. 个保法) is searched as ``full_name`` (个人信息保护法) as well."""

    alias = models.CharField(_("简称"), max_length=50, unique=True)
    full_name = models.CharField(_("全称"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["alias"]
        verbose_name = _("检索简称")
        verbose_name_plural = _("检索简称")

    def __str__(self) -> str:
        return f"{self.alias} → {self.full_name}"


class SearchEntry(models.Model):
    """A search record for the PostgreSQL backend: segmented text plus the filter fields. On
    PostgreSQL, migrations 0005 and 0006 add generated tsvector columns and GIN indexes."""

    id = models.BigIntegerField(primary_key=True)  # the item's id
    title = models.TextField()
    title_tokens = models.TextField()
    title_bigrams = models.TextField(default="")  # overlapping character pairs (text.bigrams)
    body_tokens = models.TextField()
    phrase_tokens = models.TextField()
    docno = models.CharField(max_length=100, db_index=True)
    kind = models.CharField(max_length=20)
    validity = models.CharField(max_length=20)
    level = models.CharField(max_length=20)
    unit_id = models.BigIntegerField()
    year = models.IntegerField()
    carried = models.BooleanField(default=False)  # publishing.Item.carried: ranks below the own

    class Meta:
        verbose_name = _("检索记录")
        verbose_name_plural = _("检索记录")

    def __str__(self) -> str:
        return self.title


class SearchFileChunk(models.Model):
    """A part of the text of an item's public files, for the PostgreSQL backend: files are
    searched apart from title and body (and weighted below them), in parts of at most
    ``postgres_backend.CHUNK_CHARS`` characters, because a tsvector holds at most 1 MB and a
    file may hold a thousand pages. Carries its item's filter fields. On PostgreSQL, migration
    0007 adds the generated tsvectors and their GIN indexes."""

    entry_id = models.BigIntegerField(db_index=True)  # the item's id (SearchEntry.id)
    tokens = models.TextField()  # the BM25 words (text.Analysis.words)
    phrase_tokens = models.TextField()  # the precise cut, for the four-character strings
    kind = models.CharField(max_length=20)
    validity = models.CharField(max_length=20)
    level = models.CharField(max_length=20)
    unit_id = models.BigIntegerField()
    year = models.IntegerField()

    class Meta:
        verbose_name = _("附件检索记录")
        verbose_name_plural = _("附件检索记录")

    def __str__(self) -> str:
        return f"files of {self.entry_id}"
