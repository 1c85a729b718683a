"""The privacy guard: personal data stops an item before it is signed or published (issue 24,
item 3). 条例 Art. 15 keeps personal privacy out of disclosure unless the person consents or
withholding it would seriously harm the public interest; PIPL Arts. 6 and 28 make ID numbers
and financial accounts sensitive. The commonest serious failure is not in the body but in an
attached list, so every place is read: the title, the body, and every attachment's text layer
(publishing.textlayer), place by place (page, sheet and cell, paragraph).

What counts is the one detector's publication context (gongkai.personaldata, RULINGS.md 6):
resident ID numbers with a valid check character, mobile numbers and Luhn-valid card numbers;
masked forms (``150627********1234``, ``139****5678``) and office landlines pass. An item cannot
be signed or published while anything is found, unless the reviewer recorded the legal basis on
approval (``Item.privacy_basis``), nor while one of its files is unread or unreadable: a file no
one could read is a file no one screened.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from gongkai import personaldata
from gongkai.publishing.models import Attachment, Item, TextState
from gongkai.publishing.sanitize import plain_text
from gongkai.publishing.services import Conflict

MAX_PLACES_IN_MESSAGE = 8
# API.md names the counts of a file's findings: {"id_numbers", "mobiles", "bank_cards"}.
COUNT_NAMES = {
    personaldata.Kind.ID_NUMBER: "id_numbers",
    personaldata.Kind.MOBILE: "mobiles",
    personaldata.Kind.BANK_CARD: "bank_cards",
}


@dataclass(frozen=True)
class Place:
    field: str  # "title", "body" or "attachments": the API's "field"
    where: str  # for people: 正文, 标题, 附件“名单.xlsx”工作表“Sheet1”单元格B3
    kind: str  # a personaldata.Kind value
    count: int

    def as_dict(self) -> dict[str, Any]:
        return {"where": self.where, "kind": self.kind, "count": self.count}

    def describe(self) -> str:
        return _("%(where)s：%(what)s%(n)s处") % {
            "where": self.where,
            "what": personaldata.LABELS[personaldata.Kind(self.kind)],
            "n": self.count,
        }


class PrivacyConflict(Conflict):
    """409: the refusal names the places (API.md: ``{"detail", "field", "findings"}``)."""

    def __init__(self, message: str, *, field: str, findings: Iterable[Place] = ()) -> None:
        super().__init__(message)
        self.field = field
        self.findings = list(findings)


def places_in(text: str) -> list[tuple[str, int]]:
    """(kind, count) of the personal data in a published text, kinds in the detector's order."""
    counts = Counter(f.kind for f in personaldata.find(text, personaldata.PUBLICATION))
    return [(kind.value, counts[kind]) for kind in personaldata.Kind if counts[kind]]


def read_places(places: Iterable[tuple[str, str]]) -> list[dict[str, Any]]:
    """What an attachment's text layer holds, place by place: stored as ``Attachment.findings``."""
    return [{"where": where, "kind": kind, "count": count} for where, text in places for kind, count in places_in(text)]


def counts(findings: list[dict[str, Any]] | None) -> dict[str, int] | None:
    """API.md ``personal_data`` of a file: None until read, else the three counts."""
    if findings is None:
        return None
    total = Counter({name: 0 for name in COUNT_NAMES.values()})
    for found in findings:
        name = COUNT_NAMES.get(personaldata.Kind(found["kind"]))
        if name:
            total[name] += found["count"]
    return dict(total)


def open_files(item: Item) -> list[Attachment]:
    """The files that go public with the item: not removed, not taken down."""
    return list(item.attachments.filter(removed=False, taken_down_at__isnull=True))


def item_places(item: Item, files: list[Attachment] | None = None) -> list[Place]:
    """Every place of the item that holds personal data: title, body, each read file."""
    found = [Place("title", _("标题"), kind, n) for kind, n in places_in(item.title)]
    found += [Place("body", _("正文"), kind, n) for kind, n in places_in(plain_text(item.body_html))]
    for attachment in files if files is not None else open_files(item):
        for place in attachment.findings or []:
            where = _("附件“%(name)s”%(where)s") % {"name": attachment.name, "where": place["where"]}
            found.append(Place("attachments", where, place["kind"], place["count"]))
    return found


def _names(files: list[Attachment]) -> str:
    return "、".join(f"“{a.name}”" for a in files)


def check(item: Item) -> None:
    """Refuse (409) to sign or publish an item with an unread or unreadable file, or with personal
    data and no recorded legal basis. Called by the sign step and before anything goes live."""
    files = open_files(item)
    pending = [a for a in files if a.text_state == TextState.PENDING]
    if pending:
        message = _("附件%(names)s的文字尚未读取完毕，读取并检查个人信息后才能签发或发布，请稍后再试")
        raise PrivacyConflict(message % {"names": _names(pending)}, field="attachments")
    unreadable = [a for a in files if a.text_state == TextState.UNREADABLE]
    if unreadable:
        reasons = "；".join(f"“{a.name}”：{a.text_reason}" for a in unreadable)
        raise PrivacyConflict(
            _("附件无法读取，无法检查其中的个人信息（%(reasons)s）。请删除或更换为可读取的文件后再签发或发布")
            % {"reasons": reasons},
            field="attachments",
        )
    found = item_places(item, files)
    if found and not item.privacy_basis.strip():
        shown = "；".join(place.describe() for place in found[:MAX_PLACES_IN_MESSAGE])
        more = _("等%(n)s处") % {"n": len(found)} if len(found) > MAX_PLACES_IN_MESSAGE else ""
        raise PrivacyConflict(
            _("含有未去标识化的个人信息（%(places)s%(more)s），不能签发或发布。请作去标识化处理后重新提交；"
              "确需公开的，由审核人在审核通过时写明公开依据（条例第十五条）") % {"places": shown, "more": more},
            field=found[0].field,
            findings=found,
        )  # fmt: skip
