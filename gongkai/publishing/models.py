"""Information items (政府信息): the one publishing pipeline every kind of public content uses.

The working copy lives on ``Item``; what the public sees is the latest ``ItemRevision`` (a
snapshot taken at each publication), so a revision in progress never leaks and a published
text never changes silently.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.publishing import vocab


class State(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待审核")
    APPROVED = "approved", _("待签发")
    SIGNED = "signed", _("已签发待发布")
    SCHEDULED = "scheduled", _("定时发布")
    PUBLISHED = "published", _("已发布")
    WITHDRAWN = "withdrawn", _("已撤回")


class Kind(models.TextChoices):
    ITEM = "item", _("政府信息")
    POLICY = "policy", _("政策文件")
    INTERPRETATION = "interpretation", _("政策解读")
    GAZETTE = "gazette", _("政府公报")
    CONSULTATION = "consultation", _("征求意见")
    ANNUAL_REPORT = "annual_report", _("年度报告")
    ANSWER = "answer", _("统一答复口径")  # the policy Q&A knowledge base (一号答)


class Item(models.Model):
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices, default=Kind.ITEM)
    unit = models.ForeignKey("orgs.Unit", verbose_name=_("发布机构"), on_delete=models.PROTECT, related_name="items")
    catalogue_entry = models.ForeignKey(
        "catalog.CatalogueEntry",
        verbose_name=_("目录事项"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="items",
    )
    title = models.CharField(_("标题"), max_length=300)
    body_html = models.TextField(_("正文"), blank=True)
    topic = models.CharField(_("主题分类"), max_length=20, choices=vocab.TOPICS, default="general")
    genre = models.CharField(_("体裁"), max_length=20, choices=vocab.GENRES, default="notice")
    doc_number = models.CharField(_("文号"), max_length=100, blank=True)
    written_on = models.DateField(_("成文日期"), null=True, blank=True)
    # Null only for a carried document whose date is unknown (issue 17, point 1): never "today".
    # Forms still require it (blank=False).
    formed_on = models.DateField(_("形成或变更日期"), null=True)
    validity = models.CharField(_("有效性"), max_length=20, choices=vocab.VALIDITY, default="valid")
    expires_on = models.DateField(_("失效日期"), null=True, blank=True)
    disclosure_mode = models.CharField(
        _("公开方式"), max_length=20, choices=vocab.DISCLOSURE_MODES, default="proactive"
    )
    normative = models.BooleanField(_("行政规范性文件"), default=False)

    state = models.CharField(_("状态"), max_length=20, choices=State.choices, default=State.DRAFT, db_index=True)
    version = models.PositiveIntegerField(default=1, help_text="optimistic lock: bumped by every save")
    publish_due_on = models.DateField(_("应公开日期"), null=True, blank=True, db_index=True)
    due_problem = models.CharField(_("期限问题"), max_length=200, blank=True)
    publish_at = models.DateTimeField(_("定时发布时间"), null=True, blank=True)
    first_published_on = models.DateField(_("首次发布日期"), null=True, blank=True)
    published_revision = models.ForeignKey(
        "ItemRevision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    index_number = models.CharField(_("索引号"), max_length=40, blank=True, db_index=True)
    emergency = models.BooleanField(_("突发事件信息（加急）"), default=False)
    expedited = models.BooleanField(_("加急发布，待补审"), default=False)
    show_alert = models.BooleanField(_("发布后在全站显示提示"), default=False)
    change_note = models.CharField(_("更新说明"), max_length=300, blank=True)
    return_note = models.TextField(_("退回意见"), blank=True)
    # 条例 Art. 15: personal data is published only with the person's consent or where withholding
    # it would seriously harm the public interest. The reviewer records which, as text, on approval;
    # the signer sees it; a new round of review (submit) clears it.
    privacy_basis = models.TextField(_("公开个人信息的依据"), blank=True)
    # A higher-level or another organ's document the platform carries (转载: the law corpus, a
    # city's rule): shown and searchable, never counted as this district's own information nor
    # in its timeliness (issue 17, point 1). The issuing organ is the domain's business (e.g.
    # policies.PolicyDocument.issuer).
    carried = models.BooleanField(_("转载的外部文件"), default=False, db_index=True)
    # Published through its item but never listed (RULINGS.md 11: a subsidy list): every receiver
    # of the publishing signal — columns, search, feeds, sitemaps, the exchange — leaves it out.
    unlisted = models.BooleanField(_("不列入栏目、搜索和交换"), default=False)

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdraw_reason_code = models.CharField(_("撤回原因"), max_length=20, choices=vocab.WITHDRAW_REASONS, blank=True)
    withdraw_reason = models.TextField(_("撤回说明"), blank=True)
    withdrawn_on = models.DateField(_("撤回日期"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering: ClassVar = ["-updated_at", "-id"]
        verbose_name = _("政府信息")
        verbose_name_plural = _("政府信息")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["index_number"], condition=~models.Q(index_number=""), name="item_index_number_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        """Visible to the public: published at least once (a withdrawn page stays, with its reason)."""
        return self.published_revision_id is not None


class ItemRevision(models.Model):
    """What the public saw at one publication: immutable once written."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(_("版本"))
    title = models.CharField(_("标题"), max_length=300)
    body_html = models.TextField(_("正文"))
    doc_number = models.CharField(_("文号"), max_length=100, blank=True)
    written_on = models.DateField(_("成文日期"), null=True, blank=True)
    change_note = models.CharField(_("更新说明"), max_length=300, blank=True)
    # The public metadata of this revision: a revision in progress may reclassify the working
    # copy, and the public columns must not move until it is published.
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices, default=Kind.ITEM)
    topic = models.CharField(_("主题分类"), max_length=20, choices=vocab.TOPICS, default="general")
    genre = models.CharField(_("体裁"), max_length=20, choices=vocab.GENRES, default="notice")
    validity = models.CharField(_("有效性"), max_length=20, choices=vocab.VALIDITY, default="valid")
    expires_on = models.DateField(_("失效日期"), null=True, blank=True)
    disclosure_mode = models.CharField(
        _("公开方式"), max_length=20, choices=vocab.DISCLOSURE_MODES, default="proactive"
    )
    normative = models.BooleanField(_("行政规范性文件"), default=False)
    catalogue_entry = models.ForeignKey(
        "catalog.CatalogueEntry", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The deadline this publication was judged by (条例 Art. 26), kept with it: a later revision
    # that changes the working copy's formed_on must not rewrite how the earlier one is judged.
    # Null: the revision carried no new deadline (a correction), or it was published before
    # revisions kept their deadline and the migration could not tell it.
    formed_on = models.DateField(_("形成或变更日期"), null=True, blank=True)
    due_on = models.DateField(_("应公开日期"), null=True, blank=True)
    published_at = models.DateTimeField(_("发布时间"))
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering: ClassVar = ["item", "number"]
        constraints: ClassVar = [models.UniqueConstraint(fields=["item", "number"], name="revision_unique")]

    def __str__(self) -> str:
        return f"{self.title} v{self.number}"


class TextState(models.TextChoices):
    PENDING = "pending", _("待读取")
    READ = "read", _("已读取")
    UNREADABLE = "unreadable", _("无法读取")


class Attachment(models.Model):
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="attachments/%Y/%m/")
    name = models.CharField(_("文件名"), max_length=200)
    kind = models.CharField(_("文件类型"), max_length=10)
    size = models.PositiveBigIntegerField(_("大小"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    position = models.PositiveIntegerField(default=0)
    # Attachments follow the revisions: one added while a published item is being revised is
    # not public until the revision is published, and one removed stays public until then.
    public = models.BooleanField(default=False)
    removed = models.BooleanField(default=False)
    # What staff are warned of before it is published: a PDF that runs a script or an action when
    # opened (the public form refuses such files; a unit's own may be deliberate, e.g. a form).
    warning = models.CharField(_("提示"), max_length=300, blank=True)
    # The text layer (publishing.textlayer, read by a job after upload): its state, why it could
    # not be read, and the personal data found in it, place by place (None until read).
    text_state = models.CharField(_("文字读取"), max_length=12, choices=TextState.choices, default=TextState.PENDING)
    text_reason = models.CharField(_("无法读取的原因"), max_length=300, blank=True)
    findings = models.JSONField(_("个人信息"), null=True, blank=True)
    # A take-down (issue 24): the file leaves the public site and search at once; the record stays.
    taken_down_at = models.DateTimeField(_("下架时间"), null=True, blank=True)
    taken_down_reason = models.TextField(_("下架原因"), blank=True)
    replaces = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replacements", verbose_name=_("替换")
    )

    class Meta:
        ordering: ClassVar = ["position", "id"]
        verbose_name = _("附件")
        verbose_name_plural = _("附件")

    def __str__(self) -> str:
        return self.name


class AttachmentText(models.Model):
    """An attachment's text as read, place by place ([where, text] pairs), kept apart from the
    attachment so that lists of attachments never load it."""

    attachment = models.OneToOneField(Attachment, on_delete=models.CASCADE, related_name="text_layer")
    places = models.JSONField(default=list)
    text = models.TextField(blank=True)  # the places' text joined: what search indexes
    method = models.CharField(max_length=40, blank=True)
    pages = models.PositiveIntegerField(default=0)
    read_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"text of {self.attachment_id}"


class ItemEvent(models.Model):
    """The item's workflow history shown to its unit (the audit trail holds the full record)."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=20)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(blank=True)
    at = models.DateTimeField()

    class Meta:
        ordering: ClassVar = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.item_id} {self.action}"


class IndexCounter(models.Model):
    """The last 索引号 serial issued for a unit and year (gap-free: incremented inside the
    publishing transaction, so a rolled-back publication gives its number back)."""

    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_serial = models.PositiveIntegerField(default=0)

    class Meta:
        constraints: ClassVar = [models.UniqueConstraint(fields=["unit", "year"], name="index_counter_unique")]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.year}: {self.last_serial}"


class SiteAlert(models.Model):
    """A site-wide alert banner (突发事件), shown on every public page while active."""

    item = models.ForeignKey(Item, null=True, blank=True, on_delete=models.CASCADE, related_name="alerts")
    text = models.CharField(_("提示内容"), max_length=200)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    ends_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-created_at"]

    def __str__(self) -> str:
        return self.text
