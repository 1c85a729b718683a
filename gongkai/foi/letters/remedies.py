"""The remedies paragraph (救济途径告知).

Periods and articles as read in the corpus:
- 行政复议法 (2023) Art. 20 para 1: review within 六十日 of knowing of the act. Para 3: if the
  organ does not state the right, the review organ and the period, the period runs from when
  the person learns them (up to one year) — so every decision letter states all three.
- 行政诉讼法 Art. 46 para 1: a direct lawsuit within 六个月.
- 行政复议法 (2023) Art. 23 para 1 (四): "申请政府信息公开，行政机关不予公开" must go to review
  first; para 2: the organ must tell the applicant so when it acts. Only a refusal to disclose is
  review-first: the referral of 条例 Art. 36(七) (工商、不动产登记资料, "告知申请人依照有关法律、
  行政法规的规定办理") refuses nothing, so its letter carries the general paragraph, although
  Table 三 counts it under （三）不予公开 8 (``outcomes``: withheld_inquiry).
- 行政诉讼法 Art. 45: after review, sue within 十五日 of receiving the decision, or of the end
  of the review period when the review organ does not decide.

The letters say "收到本告知书之日起": receipt of the letter is when the applicant knows of the act.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

GENERAL = N_(
    "如对本%(document)s不服，您可以自收到本%(document)s之日起六十日内向%(review_organ)s申请行政复议"
    "（《中华人民共和国行政复议法》第二十条第一款），也可以自收到本%(document)s之日起六个月内向%(court)s"
    "提起行政诉讼（《中华人民共和国行政诉讼法》第四十六条第一款）。"
)

REVIEW_FIRST = N_(
    "根据《中华人民共和国行政复议法》第二十三条第一款第（四）项和第二款的规定，申请政府信息公开，行政机关不予"
    "公开的，应当先向行政复议机关申请行政复议。如对本%(document)s不服，您应当自收到本%(document)s之日起六十日内"
    "向%(review_organ)s申请行政复议（《中华人民共和国行政复议法》第二十条第一款）；对行政复议决定不服的，可以"
    "自收到行政复议决定书之日起十五日内向%(court)s提起行政诉讼，行政复议机关逾期不作决定的，可以自复议期满之日"
    "起十五日内提起行政诉讼（《中华人民共和国行政诉讼法》第四十五条）。"
)


def remedies_paragraph(*, review_first: bool, document: str, review_organ: str, court: str) -> str:
    """The paragraph for a decision letter; ``document`` names the letter (告知书, 通知书)."""
    template = REVIEW_FIRST if review_first else GENERAL
    return _(template) % {"document": document, "review_organ": review_organ, "court": court}
