"""Policy documents (政策文件) and their interpretations (政策解读): kinds of published content.

A policy document is an ``Item`` of kind "policy" with a one-to-one ``PolicyDocument``; an
interpretation is an ``Item`` of kind "interpretation" with a one-to-one ``Interpretation``.
Both go through the one publishing pipeline. As for the item itself, the extension on the item
is the working copy and what the public sees is a snapshot taken at each publication
(``PolicyRevision`` / ``InterpretationRevision``, one-to-one with the ``ItemRevision``), so a
revision in progress never changes the public page.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    """The rank of the issuing organ. A carried document's region says which province, city or
    county (a Beijing rule is 省级, region 北京市: not this district's autonomous region)."""

    NATIONAL = "national", _("国家")
    REGION = "region", _("省级")
    CITY = "city", _("市级")
    DISTRICT = "district", _("区县级")


class RelationKind(models.TextChoices):
    AMENDS = "amends", _("修改")
    REPEALS = "repeals", _("废止")
    REPLACES = "replaces", _("替代")
    IMPLEMENTS = "implements", _("贯彻落实")


class Form(models.TextChoices):
    TEXT = "text", _("文字解读")
    GRAPHIC = "graphic", _("图解")
    VIDEO = "video", _("视频解读")
    INTERVIEW = "interview", _("访谈")
    OTHER = "other", _("其他")


class PolicyMeta(models.Model):
    """The fields a policy document adds to an item (working copy and snapshot alike)."""

    issuer = models.CharField(_("发文机关"), max_length=200, blank=True)
    level = models.CharField(_("层级"), max_length=10, choices=Level.choices, default=Level.DISTRICT)
    category = models.CharField(_("类别"), max_length=50, blank=True, help_text=_("例如：行政法规、地方性法规"))
    effective_on = models.DateField(_("施行日期"), null=True, blank=True)
    # The province, city or county of a carried regional document (北京市, 河南省郑州市); blank
    # for national documents and for the district's own.
    region = models.CharField(_("地区"), max_length=50, blank=True)

    class Meta:
        abstract = True

    def level_label(self) -> str:
        """The level as the public reads it: the region where there is one (北京市·省级)."""
        label = str(Level(self.level).label) if self.level in Level.values else self.level
        return f"{self.region}·{label}" if self.region else label


class PolicyDocument(PolicyMeta):
    item = models.OneToOneField(
        "publishing.Item", primary_key=True, on_delete=models.CASCADE, related_name="policy", verbose_name=_("信息")
    )
    # The normalised 文号 of the published revision (docnumber.normalise_doc_number), for exact
    # matching; set at each publication and by the import.
    doc_number_key = models.CharField(_("规范化文号"), max_length=100, blank=True, db_index=True)
    # The id the document had in the system it was imported from (the corpus ``id``).
    source_id = models.CharField(_("来源标识"), max_length=40, null=True, blank=True, unique=True)
    # A part of a code published in parts (a book of the 民法典, books.py): the whole's title and
    # the part's place in it (1 = 总则, by first article); blank / null for a whole document.
    part_of = models.CharField(_("所属法典"), max_length=300, blank=True, db_index=True)
    part_number = models.PositiveSmallIntegerField(_("分编序号"), null=True, blank=True)

    class Meta:
        verbose_name = _("政策文件")
        verbose_name_plural = _("政策文件")

    def __str__(self) -> str:
        return self.item.title

    def get_level_display(self) -> str:  # type: ignore[no-redef]
        return self.level_label()


class PolicyRevision(PolicyMeta):
    """The policy metadata the public saw with one published revision."""

    revision = models.OneToOneField(
        "publishing.ItemRevision", primary_key=True, on_delete=models.CASCADE, related_name="policy"
    )

    class Meta:
        indexes: ClassVar = [models.Index(fields=["level"], name="policy_revision_level_idx")]

    def __str__(self) -> str:
        return str(self.revision)

    def get_level_display(self) -> str:  # type: ignore[no-redef]
        return self.level_label()


class PolicyRelation(models.Model):
    """``source`` amends / repeals / replaces / implements ``target``; shown on both pages."""

    source = models.ForeignKey(PolicyDocument, on_delete=models.CASCADE, related_name="relations_out")
    target = models.ForeignKey(
        PolicyDocument, verbose_name=_("关联文件"), on_delete=models.CASCADE, related_name="relations_in"
    )
    kind = models.CharField(_("关系"), max_length=12, choices=RelationKind.choices)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["kind", "id"]
        verbose_name = _("文件关系")
        verbose_name_plural = _("文件关系")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["source", "target", "kind"], name="policy_relation_unique"),
            models.CheckConstraint(condition=~models.Q(source=models.F("target")), name="policy_relation_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.source_id} {self.kind} {self.target_id}"


class InterpretationMeta(models.Model):
    """The fields an interpretation adds to an item (working copy and snapshot alike)."""

    form = models.CharField(_("解读形式"), max_length=12, choices=Form.choices, default=Form.TEXT)
    agency = models.CharField(_("解读机构"), max_length=100)
    person = models.CharField(_("解读人"), max_length=50)
    # The interpreting official's office phone: public by design (the public may call it).
    phone = models.CharField(_("联系电话"), max_length=50)
    follow_up = models.BooleanField(_("二次解读（跟踪解读）"), default=False)

    class Meta:
        abstract = True


class Interpretation(InterpretationMeta):
    item = models.OneToOneField(
        "publishing.Item", primary_key=True, on_delete=models.CASCADE, related_name="interpretation"
    )
    document = models.ForeignKey(
        PolicyDocument, verbose_name=_("所解读的文件"), on_delete=models.PROTECT, related_name="interpretations"
    )

    class Meta:
        verbose_name = _("政策解读")
        verbose_name_plural = _("政策解读")

    def __str__(self) -> str:
        return self.item.title


class InterpretationRevision(InterpretationMeta):
    """The interpretation metadata the public saw with one published revision."""

    revision = models.OneToOneField(
        "publishing.ItemRevision", primary_key=True, on_delete=models.CASCADE, related_name="interpretation"
    )
    document = models.ForeignKey(PolicyDocument, on_delete=models.PROTECT, related_name="published_interpretations")

    def __str__(self) -> str:
        return str(self.revision)


class InterpretationExemption(models.Model):
    """A signer's decision that a normative document is published without an interpretation."""

    document = models.OneToOneField(PolicyDocument, on_delete=models.CASCADE, related_name="exemption")
    reason = models.TextField(_("不解读的理由"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("免于解读")
        verbose_name_plural = _("免于解读")

    def __str__(self) -> str:
        return f"{self.document_id}: {self.reason[:40]}"
