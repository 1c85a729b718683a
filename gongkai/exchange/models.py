"""Exchange between levels (三级数据互联融通, issue 19 point 4): who we are, whom we exchange with,
what changed here in order, and where what we received came from.

- ``Identity``: this installation's instance id and Ed25519 key pair, one row (every node shares
  it, a backup carries it), made on first use (identity.py).
- ``Partner``: another instance (a city above, a street or district below), its public key, what
  we send it, where what it sends goes, and the state of the cycle with it.
- ``Change``: the change log of items written here (RULINGS.md 11: not carried, not unlisted),
  numbered in commit order (``ChangeCounter``), read by partners' pulls and by our pushes.
- ``Received``: the provenance of an item that came from a partner (read-only here).
- ``Nonce``: the nonces of signed requests already seen, until they could no longer be replayed.
- ``DeliveryFailure``: a record refused (or unsendable) in either direction, with a retry.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Identity(models.Model):
    """Who this installation is to its partners. The private key never leaves the database; the
    public key is what an office passes on (by e-mail or on paper) with the instance id."""

    one = models.BooleanField(default=True, editable=False, unique=True)
    instance_id = models.CharField(_("实例标识"), max_length=64, unique=True)
    private_key = models.TextField(_("签名私钥"))  # raw 32 bytes, base64
    public_key = models.CharField(_("签名公钥"), max_length=64)  # raw 32 bytes, base64
    base_url = models.CharField(_("本平台地址"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("本平台交换身份")
        constraints: ClassVar = [models.CheckConstraint(condition=Q(one=True), name="exchange_identity_one_row")]

    def __str__(self) -> str:
        return self.instance_id


class Direction(models.TextChoices):
    UP = "up", _("上级")
    DOWN = "down", _("下级")


class Mode(models.TextChoices):
    PUSH = "push", _("推送（我方推送变更到对方收件箱）")
    PULL = "pull", _("拉取（我方从对方变更列表拉取）")
    BOTH = "both", _("推送并拉取")


class Partner(models.Model):
    name = models.CharField(_("名称"), max_length=100, unique=True)
    base_url = models.CharField(_("对方平台地址"), max_length=200)
    direction = models.CharField(_("方向"), max_length=4, choices=Direction.choices)
    # The level its documents carry in our policy library (上级文件); blank: from the direction.
    level = models.CharField(_("层级"), max_length=10, blank=True)
    mode = models.CharField(_("交换方式"), max_length=4, choices=Mode.choices, default=Mode.BOTH)
    active = models.BooleanField(_("启用"), default=True)
    # Pairing: the peer's credentials (its instance id and public key), given by its office.
    peer_instance = models.CharField(_("对方实例标识"), max_length=64, null=True, blank=True, unique=True)
    peer_public_key = models.CharField(_("对方签名公钥"), max_length=64, blank=True)
    peer_organ = models.CharField(_("对方机关"), max_length=200, blank=True)
    # What we send it (AND between the keys, OR within; empty = everything of that key).
    unit_ids = models.JSONField(_("发送的单位"), default=list, blank=True)
    domain_ids = models.JSONField(_("发送的领域"), default=list, blank=True)
    kinds = models.JSONField(_("发送的类型"), default=list, blank=True)
    # Where what it sends appears here (sites.Column ids: picked by hand, actor None).
    column_ids = models.JSONField(_("接收栏目"), default=list, blank=True)
    # The cycle: our change log delivered up to pushed_cursor (every record a receipt); its
    # change log read up to pulled_cursor.
    pushed_cursor = models.BigIntegerField(default=0)
    pulled_cursor = models.BigIntegerField(default=0)
    last_success_at = models.DateTimeField(_("最近成功"), null=True, blank=True)
    failures = models.PositiveIntegerField(_("连续失败次数"), default=0)
    last_error = models.TextField(_("最近错误"), blank=True)
    next_attempt_at = models.DateTimeField(_("下次尝试"), null=True, blank=True)
    # A cycle claims the partner until then (a conditional UPDATE, STYLE habit 8): the minutely
    # timer and a command run by hand never work on one partner at once; a killed cycle's claim
    # simply runs out.
    busy_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["name", "pk"]
        verbose_name = _("交换伙伴")
        verbose_name_plural = _("交换伙伴")

    def __str__(self) -> str:
        return self.name

    @property
    def paired(self) -> bool:
        return bool(self.peer_instance and self.peer_public_key)


class ChangeCounter(models.Model):
    """The last change number handed out. Taken under a row lock inside the publishing
    transaction, so numbers are handed out in commit order: a reader that has seen number N has
    seen every committed number below it (no later commit with a lower number)."""

    one = models.BooleanField(default=True, editable=False, unique=True)
    last = models.BigIntegerField(default=0)

    class Meta:
        constraints: ClassVar = [models.CheckConstraint(condition=Q(one=True), name="exchange_counter_one_row")]

    def __str__(self) -> str:
        return str(self.last)


class ChangeKind(models.TextChoices):
    PUBLISHED = "published", _("发布或更新")
    WITHDRAWN = "withdrawn", _("撤回")


class Change(models.Model):
    """One change of an item written here, as partners read it. ``version`` counts the item's
    changes (publication, a file taken down, withdrawal) and is the record's ``revision``: the
    receiver's idempotency key with the origin and the item. A later change of the same item
    supersedes the earlier ones (the feed collapses them: the record is built from the item as it
    is now); the latest one of a withdrawn item is its tombstone, kept forever."""

    seq = models.BigIntegerField(unique=True)
    item = models.ForeignKey("publishing.Item", on_delete=models.CASCADE, related_name="exchange_changes")
    version = models.PositiveIntegerField()
    kind = models.CharField(max_length=10, choices=ChangeKind.choices)
    public_revision = models.PositiveIntegerField()
    superseded = models.BooleanField(default=False)
    # Not sent: the public text holds personal data (normally impossible: the guard refuses to
    # publish it without a legal basis, and even then it never leaves this platform).
    withheld = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering: ClassVar = ["seq"]
        constraints: ClassVar = [models.UniqueConstraint(fields=["item", "version"], name="exchange_change_version")]
        indexes: ClassVar = [
            models.Index(fields=["seq"], condition=Q(superseded=False), name="exchange_change_current"),
        ]

    def __str__(self) -> str:
        return f"{self.seq}: {self.item_id} v{self.version} {self.kind}"


class Received(models.Model):
    """Where a received item came from. ``item`` is null for a tombstone of an item we never
    held (kept, so an older revision arriving later is a duplicate, never a resurrection)."""

    item = models.OneToOneField(
        "publishing.Item", null=True, blank=True, on_delete=models.CASCADE, related_name="exchange_origin"
    )
    partner = models.ForeignKey(Partner, null=True, blank=True, on_delete=models.SET_NULL, related_name="received")
    origin_instance = models.CharField(_("来源实例"), max_length=64)
    origin_item = models.BigIntegerField(_("来源信息编号"))
    revision = models.PositiveIntegerField(_("来源版本"))
    withdrawn = models.BooleanField(default=False)
    organ = models.CharField(_("发布机关"), max_length=200)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    origin_url = models.CharField(_("来源网址"), max_length=500, blank=True)
    index_number = models.CharField(_("索引号"), max_length=60, blank=True)
    origin_kind = models.CharField(_("来源类型"), max_length=20, blank=True)
    received_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("接收的信息")
        verbose_name_plural = _("接收的信息")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["origin_instance", "origin_item"], name="exchange_received_origin")
        ]

    def __str__(self) -> str:
        return f"{self.origin_instance}/{self.origin_item} v{self.revision}"


class Nonce(models.Model):
    instance = models.CharField(max_length=64)
    nonce = models.CharField(max_length=64)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints: ClassVar = [models.UniqueConstraint(fields=["instance", "nonce"], name="exchange_nonce_once")]

    def __str__(self) -> str:
        return self.nonce


class FailureDirection(models.TextChoices):
    OUT = "out", _("发送")
    IN = "in", _("接收")


class DeliveryFailure(models.Model):
    """A record that did not get through: refused by the partner (out), refused here when pulled
    (in), or not sendable. ``seq`` is the change number (ours when out, the partner's when in).
    A retry sends the item as it is now (out) or reads the partner's log again from ``seq`` (in)."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="delivery_failures")
    direction = models.CharField(max_length=3, choices=FailureDirection.choices)
    seq = models.BigIntegerField()
    origin_item = models.BigIntegerField()
    revision = models.PositiveIntegerField()
    title = models.CharField(max_length=300, blank=True)
    reason = models.TextField()
    attempts = models.PositiveIntegerField(default=1)
    retry = models.BooleanField(default=False)  # the office asked: sent again by the next cycle
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-created_at", "-pk"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["partner", "direction", "origin_item", "revision"], name="exchange_failure_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.partner_id} {self.direction} {self.origin_item} v{self.revision}"
