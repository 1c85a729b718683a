"""Reply paragraphs the office words itself (``LetterTexts``): one row, edited on the workbench's
settings page, audited through ``officesettings.update``.

Today one paragraph: the reply to a request to confirm or re-issue information the applicant
already holds (Table 三 （五）5 "要求行政机关确认或重新出具已获取信息"). The 条例 names no article
for it — the old letter cited Art. 39, which is about 信访、投诉、举报 (para 1) and 公开出版物
(para 2) — so the default cites what fits, Art. 2 (what 政府信息 is) and Art. 38 (only information
already made or obtained is provided), and the office may word it as its legal adviser prefers.
A letter keeps the wording it was issued with (``letterbook``: the content is frozen).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongkai.foi.letters.outcomes import CONFIRMATION
from gongkai.officesettings import OfficeSettings

CONFIRMATION_DEFAULT = CONFIRMATION
# Art. 39 is never this reply's ground (see the module docstring); an office text citing it would
# bring back the wrong letter the issue was about.
_WRONG_ARTICLE = "第三十九条"


class LetterTexts(OfficeSettings):
    confirmation = models.TextField(
        _("“要求确认或重新出具已获取信息”的答复段落"),
        max_length=2000,
        default=CONFIRMATION_DEFAULT,
        help_text=_(
            "写入答复告知书（年度报告表三“（五）不予处理 5.要求行政机关确认或重新出具已获取信息”）。"
            "默认依据条例第二条、第三十八条；不得援引第三十九条（该条适用于信访、投诉、举报和公开出版物）。"
            "修改只影响此后出具的告知书。"
        ),
    )

    class Meta(OfficeSettings.Meta):
        verbose_name = _("答复告知书文字")
        verbose_name_plural = _("答复告知书文字")

    def __str__(self) -> str:
        return "foi letter texts"

    def clean(self) -> None:
        self.confirmation = (self.confirmation or "").strip()
        if not self.confirmation:
            raise ValidationError({"confirmation": gettext("请填写答复段落")})
        if _WRONG_ARTICLE in self.confirmation:
            raise ValidationError(
                {
                    "confirmation": gettext(
                        "不得援引条例第三十九条：该条适用于以申请形式进行的信访、投诉、举报和要求提供公开出版物，"
                        "不适用于要求确认或重新出具已获取信息"
                    )
                }
            )


# The field that words each outcome; every outcome marked ``office_editable`` in OUTCOMES has one.
FIELDS: dict[str, str] = {"not_processed_confirmation": "confirmation"}


def wording_for(outcome: str) -> str:
    """The office's wording for ``outcome`` as it stands now, or "" where the office words none."""
    name = FIELDS.get(outcome)
    return getattr(LetterTexts.current(), name) if name else ""
