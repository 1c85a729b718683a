"""The government gazette (政府公报): an issue is an information item of kind "gazette".

``GazetteIssue`` extends the item (same primary key) with the issue's identity (year and
number), its PDF (an attachment of the item), the PDF's text for search, and the table of
contents (``GazetteEntry``). Publication, review and withdrawal are the item's workflow.

The table of contents follows the revisions like the item's body does: the entries with no
revision are the working copy; before the first change after a publication, the working copy is
copied as that revision's contents (``services.keep_published``), so a revision in progress
never shows on the public page.
"""

from __future__ import annotations

from typing import ClassVar

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.gazette.filenames import MAX_NUMBER, MAX_YEAR, MIN_YEAR


class GazetteIssue(models.Model):
    item = models.OneToOneField(
        "publishing.Item", primary_key=True, on_delete=models.CASCADE, related_name="gazette", verbose_name=_("信息")
    )
    year = models.PositiveSmallIntegerField(
        _("年份"), validators=[MinValueValidator(MIN_YEAR), MaxValueValidator(MAX_YEAR)]
    )
    number = models.PositiveSmallIntegerField(
        _("期号"), validators=[MinValueValidator(1), MaxValueValidator(MAX_NUMBER)], help_text=_("当年的第几期")
    )
    issue_date = models.DateField(_("出版日期"), null=True, blank=True)
    total_number = models.PositiveIntegerField(
        _("总期号"), null=True, blank=True, validators=[MinValueValidator(1)], help_text=_("总第几期（可不填）")
    )
    pdf = models.ForeignKey(
        "publishing.Attachment",
        verbose_name=_("公报PDF"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    extracted_text = models.TextField(_("PDF文字"), blank=True, help_text="text layer of the PDF, pages split by \\f")
    page_count = models.PositiveIntegerField(_("页数"), default=0)
    # What the public saw of the working copy above at ``kept_revision`` (see the module note).
    kept_revision = models.ForeignKey(
        "publishing.ItemRevision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kept_pdf = models.ForeignKey(
        "publishing.Attachment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kept_text = models.TextField(blank=True)
    kept_page_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering: ClassVar = ["-year", "-number"]
        verbose_name = _("政府公报")
        verbose_name_plural = _("政府公报")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["year", "number"], name="gazette_year_number_unique"),
            models.UniqueConstraint(
                fields=["total_number"], condition=models.Q(total_number__isnull=False), name="gazette_total_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}-{self.number}"


class GazetteEntry(models.Model):
    """One line of an issue's table of contents, optionally linking the published document."""

    issue = models.ForeignKey(GazetteIssue, on_delete=models.CASCADE, related_name="entries")
    revision = models.ForeignKey(
        "publishing.ItemRevision", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    position = models.PositiveIntegerField(_("排序"), default=0)
    title = models.CharField(_("篇目标题"), max_length=300)
    page = models.PositiveIntegerField(_("页码"), null=True, blank=True)
    doc_number = models.CharField(_("文号"), max_length=100, blank=True)
    document = models.ForeignKey(
        "publishing.Item",
        verbose_name=_("对应的公开信息"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="gazette_entries",
    )

    class Meta:
        ordering: ClassVar = ["position", "id"]
        verbose_name = _("公报目录条目")
        verbose_name_plural = _("公报目录条目")

    def __str__(self) -> str:
        return self.title
