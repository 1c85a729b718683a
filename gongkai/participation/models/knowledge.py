"""The policy Q&A knowledge base (一号答): uniform answers (统一答复口径) and what people look for.

An answer is an ``Item`` of kind "answer" (title = the question, body = the uniform answer), so
review, sign-off, revisions with change notes, withdrawal and search come from the one publishing
pipeline. ``KnowledgeEntry`` (sharing the item's pk) adds the links to policy documents and
catalogue entries, the inquiry it was promoted from, and other phrasings of the question.

``SearchCount`` and ``EntryViewCount`` are the hot-topics counters: one row per day and query
text (never the address, the user or anything else about who searched) and one row per day and
entry.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["EntryViewCount", "KnowledgeEntry", "SearchCount"]


class KnowledgeEntry(models.Model):
    item = models.OneToOneField(
        "publishing.Item",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="knowledge",
        verbose_name=_("统一答复口径"),
    )
    policies = models.ManyToManyField(
        "policies.PolicyDocument", blank=True, related_name="knowledge_entries", verbose_name=_("关联政策文件")
    )
    catalogue_entries = models.ManyToManyField(
        "catalog.CatalogueEntry", blank=True, related_name="knowledge_entries", verbose_name=_("关联目录事项")
    )
    source_inquiry = models.ForeignKey(
        "participation.Inquiry",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="knowledge_entries",
        verbose_name=_("来源咨询"),
    )
    # Other ways people ask the same question, one a line: matched by the knowledge base search,
    # never shown (only the reviewed item is public).
    aliases = models.TextField(_("其他问法"), blank=True, max_length=2000)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("知识库条目")
        verbose_name_plural = _("知识库条目")
        constraints: ClassVar = [
            # An inquiry is promoted once; its entry is then revised through the pipeline.
            models.UniqueConstraint(
                fields=["source_inquiry"],
                condition=models.Q(source_inquiry__isnull=False),
                name="knowledge_source_inquiry_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"knowledge entry {self.pk}"

    def alias_list(self) -> list[str]:
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]


class SearchCount(models.Model):
    """How often a normalised query was searched on one day (hot topics). Query text only."""

    day = models.DateField()
    query = models.CharField(max_length=50)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints: ClassVar = [models.UniqueConstraint(fields=["day", "query"], name="search_count_unique")]
        indexes: ClassVar = [models.Index(fields=["day"], name="search_count_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.query}: {self.count}"


class EntryViewCount(models.Model):
    """How often a published answer was read on one day (the questions people actually ask)."""

    entry = models.ForeignKey(KnowledgeEntry, on_delete=models.CASCADE, related_name="views")
    day = models.DateField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints: ClassVar = [models.UniqueConstraint(fields=["entry", "day"], name="entry_view_count_unique")]
        indexes: ClassVar = [models.Index(fields=["day"], name="entry_view_count_day")]

    def __str__(self) -> str:
        return f"{self.entry_id} {self.day}: {self.count}"
