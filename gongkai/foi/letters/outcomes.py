"""The outcomes of an application: one row of Table 三 of the national annual report format
(国办公开办函〔2021〕30号, REGULATIONS §3) each, with the reply wording and the articles it cites.

This is data, not code: the reply letter, the annual report and the workbench read the same
table. Wordings follow the text of the 条例 (国务院令第711号) as read in the corpus; each
``articles`` entry is written exactly as it stands in ``wording`` so it can be found there.

One row may cover two legal bases: （四）1 "本机关不掌握相关政府信息" is either Art. 36(四)
(searched, it does not exist) or Art. 36(五) (not this organ's to disclose). The handler says
which (``not_held_ground``); the letter never falls back from 36(五) to "does not exist".
``stated`` picks the ground and checks that the letter holds what the article makes it say.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

DISCLOSED = N_("（一）予以公开")
PARTLY = N_("（二）部分公开")
WITHHELD = N_("（三）不予公开")
UNAVAILABLE = N_("（四）无法提供")
NOT_PROCESSED = N_("（五）不予处理")
OTHER = N_("（六）其他处理")

# The two grounds of （四）1 (``not_held_ground``): Art. 36(四) and Art. 36(五).
NOT_FOUND = "not_found"
OTHER_ORGAN = "other_organ"
NOT_HELD_GROUNDS: dict[str, str] = {
    NOT_FOUND: N_("经检索没有所申请公开的信息（第三十六条第（四）项：告知该政府信息不存在）"),
    OTHER_ORGAN: N_("不属于本机关负责公开（第三十六条第（五）项：说明理由，能确定的告知负责机关名称、联系方式）"),
}


@dataclass(frozen=True)
class Ground:
    """One legal basis a reply states: the paragraph and the articles it cites."""

    articles: tuple[str, ...]
    wording: str
    # At least one of these context fields must be filled (the 条例 requires reasons or a way to
    # get the information for these answers, and the wording announces them).
    requires: tuple[str, ...] = ()
    # Each of these must be filled too (Art. 36(五): the responsible organ's name AND contact).
    requires_each: tuple[str, ...] = ()


@dataclass(frozen=True)
class Outcome:
    code: str
    group: str  # the row of Table 三, e.g. （三）不予公开
    row: str  # the numbered sub-row, e.g. 1.属于国家秘密; "" for （一） and （二）
    articles: tuple[str, ...]
    wording: str
    # 行政复议法 (2023) Art. 23 para 1 (四): "申请政府信息公开，行政机关不予公开" must go to
    # administrative review before any lawsuit, and para 2 obliges the organ to say so.
    review_first: bool = False
    requires: tuple[str, ...] = ()  # see ``Ground.requires``
    # Where the row covers more than one article, the grounds by code; then ``wording`` is unused
    # and the handler must choose one.
    grounds: Mapping[str, Ground] = field(default_factory=dict)
    # The office may replace the wording with its own (``foi.lettertexts``); the letter carries
    # the replacement as ``outcome_wording``, frozen when issued.
    office_editable: bool = False

    @property
    def label(self) -> str:
        """The row label as printed in the annual report, e.g. （三）不予公开 1.属于国家秘密."""
        return f"{self.group} {self.row}" if self.row else self.group


class MissingText(ValueError):
    """A reply letter lacks what its article makes it state; ``fields`` names the candidates (any
    one of them will do), ``hint`` says in Chinese what to add."""

    def __init__(self, code: str, fields: tuple[str, ...], hint: str) -> None:
        super().__init__(f"reply letter with outcome {code} needs: {' or '.join(fields)}")
        self.fields = fields
        self.hint = hint


@dataclass(frozen=True)
class Stated:
    """What a reply letter says for its outcome: the worded paragraph and the articles cited."""

    text: str
    articles: tuple[str, ...]
    review_first: bool


_WITHHOLD = "第三十六条第（三）项"
_NAMED = "other_organ_named"  # Art. 36(五) with the responsible organ known: not a code of its own

CONFIRMATION = N_(
    "经审查，您的申请是要求本机关对您已经获取的信息予以确认或者重新出具。《中华人民共和国政府信息公开条例》"
    "第二条所称政府信息，是指行政机关在履行行政管理职能过程中制作或者获取的，以一定形式记录、保存的信息；"
    "根据该条例第三十八条的规定，行政机关向申请人提供的信息，应当是已制作或者获取的政府信息。对已获取的信息"
    "予以确认或者重新出具，需要本机关作出新的确认或者制作新的文书，不属于提供已经制作或者获取的政府信息，"
    "本机关不予处理。您如需办理确认或者重新出具，可以通过相应的业务渠道提出。"
)

OUTCOMES: dict[str, Outcome] = {
    o.code: o
    for o in (
        Outcome(
            "disclosed",
            DISCLOSED,
            "",
            ("第三十六条第（一）项、第（二）项",),
            N_(
                "经审查，您申请获取的政府信息予以公开。根据《中华人民共和国政府信息公开条例》第三十六条第（一）项、"
                "第（二）项的规定，所申请信息已经主动公开的，本机关告知您获取该政府信息的方式、途径；可以公开的，"
                "本机关向您提供该政府信息，或者告知您获取该政府信息的方式、途径和时间。具体如下："
            ),
            requires=("provided", "reasons"),
        ),
        Outcome(
            "partly_disclosed",
            PARTLY,
            "",
            ("第三十七条",),
            N_(
                "经审查，您申请公开的信息中含有不应当公开或者不属于政府信息的内容，但是能够作区分处理。根据"
                "《中华人民共和国政府信息公开条例》第三十七条的规定，本机关向您提供可以公开的政府信息内容，"
                "并对不予公开的内容说明理由如下："
            ),
            review_first=True,
            requires=("reasons",),
        ),
        Outcome(
            "withheld_state_secret",
            WITHHELD,
            N_("1.属于国家秘密"),
            ("第十四条", _WITHHOLD),
            N_(
                "经审查，您申请获取的政府信息属于依法确定为国家秘密的政府信息。根据《中华人民共和国政府信息公开条例》"
                "第十四条、第三十六条第（三）项的规定，本机关决定不予公开。"
            ),
            review_first=True,
            requires=("reasons",),
        ),
        Outcome(
            "withheld_law",
            WITHHELD,
            N_("2.其他法律行政法规禁止公开"),
            ("第十四条", _WITHHOLD),
            N_(
                "经审查，您申请获取的政府信息属于法律、行政法规禁止公开的政府信息。根据《中华人民共和国政府信息公开条例》"
                "第十四条、第三十六条第（三）项的规定，本机关决定不予公开。"
            ),
            review_first=True,
            requires=("reasons",),
        ),
        Outcome(
            "withheld_security",
            WITHHELD,
            N_("3.危及“三安全一稳定”"),
            ("第十四条", _WITHHOLD),
            N_(
                "经审查，您申请获取的政府信息公开后可能危及国家安全、公共安全、经济安全、社会稳定。根据"
                "《中华人民共和国政府信息公开条例》第十四条、第三十六条第（三）项的规定，本机关决定不予公开。"
            ),
            review_first=True,
            requires=("reasons",),
        ),
        Outcome(
            "withheld_third_party",
            WITHHELD,
            N_("4.保护第三方合法权益"),
            ("第十五条", _WITHHOLD),
            N_(
                "经审查，您申请获取的政府信息涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害。根据"
                "《中华人民共和国政府信息公开条例》第十五条、第三十六条第（三）项的规定，本机关决定不予公开。"
            ),
            review_first=True,
            requires=("reasons",),
        ),
        Outcome(
            "withheld_internal",
            WITHHELD,
            N_("5.属于三类内部事务信息"),
            ("第十六条第一款", _WITHHOLD),
            N_(
                "经审查，您申请获取的政府信息属于行政机关的内部事务信息（人事管理、后勤管理、内部工作流程等方面的"
                "信息）。根据《中华人民共和国政府信息公开条例》第十六条第一款、第三十六条第（三）项的规定，"
                "本机关决定不予公开。"
            ),
            review_first=True,
            requires=("reasons",),
        ),
        Outcome(
            "withheld_process",
            WITHHELD,
            N_("6.属于四类过程性信息"),
            ("第十六条第二款", _WITHHOLD),
            N_(
                "经审查，您申请获取的政府信息属于行政机关在履行行政管理职能过程中形成的讨论记录、过程稿、磋商信函、"
                "请示报告等过程性信息。根据《中华人民共和国政府信息公开条例》第十六条第二款、第三十六条第（三）项的"
                "规定，本机关决定不予公开。"
            ),
            review_first=True,
            requires=("reasons",),
        ),
        Outcome(
            "withheld_enforcement",
            WITHHELD,
            N_("7.属于行政执法案卷"),
            ("第十六条第二款", _WITHHOLD),
            N_(
                "经审查，您申请获取的政府信息属于行政执法案卷信息。根据《中华人民共和国政府信息公开条例》"
                "第十六条第二款、第三十六条第（三）项的规定，本机关决定不予公开。"
            ),
            review_first=True,
            requires=("reasons",),
        ),
        Outcome(
            "withheld_inquiry",
            WITHHELD,
            N_("8.属于行政查询事项"),
            ("第三十六条第（七）项",),
            # Art. 36(七) is a referral: "告知申请人依照有关法律、行政法规的规定办理". It is no
            # 不予公开, so no Art. 36(三) and no review-first remedy (行政复议法 Art. 23 (四) covers
            # "不予公开" only); the report format still counts it in row （三）8.
            N_(
                "经审查，您申请获取的信息属于工商、不动产登记资料等信息，有关法律、行政法规对信息的获取有特别规定。"
                "根据《中华人民共和国政府信息公开条例》第三十六条第（七）项的规定，请您依照有关法律、行政法规的规定"
                "办理。"
            ),
        ),
        Outcome(
            "unavailable_not_held",
            UNAVAILABLE,
            N_("1.本机关不掌握相关政府信息"),
            ("第三十六条第（四）项", "第三十六条第（五）项"),
            "",
            grounds={
                # Art. 36(四): "经检索没有所申请公开信息的，告知申请人该政府信息不存在".
                NOT_FOUND: Ground(
                    ("第三十六条第（四）项",),
                    N_(
                        "经检索，本机关没有您申请公开的政府信息。根据《中华人民共和国政府信息公开条例》第三十六条"
                        "第（四）项的规定，现告知您该政府信息不存在。"
                    ),
                ),
                # Art. 36(五): "不属于本行政机关负责公开的，告知申请人并说明理由；能够确定负责公开该政府
                # 信息的行政机关的，告知申请人该行政机关的名称、联系方式". The reason is always due.
                OTHER_ORGAN: Ground(
                    ("第三十六条第（五）项",),
                    N_(
                        "经审查，您申请公开的政府信息不属于本机关负责公开的政府信息，本机关目前无法确定负责公开该"
                        "政府信息的行政机关。根据《中华人民共和国政府信息公开条例》第三十六条第（五）项的规定，"
                        "现告知您，理由如下："
                    ),
                    requires_each=("reasons",),
                ),
                _NAMED: Ground(
                    ("第三十六条第（五）项",),
                    N_(
                        "经审查，您申请公开的政府信息不属于本机关负责公开的政府信息。根据《中华人民共和国政府信息"
                        "公开条例》第三十六条第（五）项的规定，现告知您：负责公开该政府信息的行政机关为"
                        "%(responsible_organ)s，联系方式：%(responsible_organ_contact)s，您可以向该机关提出申请。"
                        "理由如下："
                    ),
                    requires_each=("reasons", "responsible_organ_contact"),
                ),
            },
        ),
        Outcome(
            "unavailable_needs_creation",
            UNAVAILABLE,
            N_("2.没有现成信息需要另行制作"),
            ("第三十八条",),
            N_(
                "经审查，本机关没有您申请获取的现成信息，提供该信息需要本机关对现有政府信息进行加工、分析。根据"
                "《中华人民共和国政府信息公开条例》第三十八条的规定，本机关不予提供。"
            ),
        ),
        Outcome(
            "unavailable_unclear",
            UNAVAILABLE,
            N_("3.补正后申请内容仍不明确"),
            ("第二十九条第二款", "第三十条"),
            N_(
                "本机关已一次性告知您对申请内容作出补正，但补正后的申请仍未写明所需政府信息的名称、文号或者便于"
                "本机关查询的其他特征性描述，申请内容仍不明确。根据《中华人民共和国政府信息公开条例》第二十九条"
                "第二款、第三十条的规定，本机关无法向您提供所申请的政府信息。"
            ),
        ),
        Outcome(
            "not_processed_petition",
            NOT_PROCESSED,
            N_("1.信访举报投诉类申请"),
            ("第三十九条第一款",),
            N_(
                "经审查，您以政府信息公开申请的形式进行信访、投诉、举报等活动。根据《中华人民共和国政府信息公开条例》"
                "第三十九条第一款的规定，本机关不作为政府信息公开申请处理，您可以通过相应渠道提出。"
            ),
        ),
        Outcome(
            "not_processed_repeat",
            NOT_PROCESSED,
            N_("2.重复申请"),
            ("第三十六条第（六）项",),
            N_(
                "本机关已就您提出的政府信息公开申请作出答复，您本次申请公开的是相同的政府信息。根据"
                "《中华人民共和国政府信息公开条例》第三十六条第（六）项的规定，本机关不予重复处理。"
            ),
        ),
        Outcome(
            "not_processed_publication",
            NOT_PROCESSED,
            N_("3.要求提供公开出版物"),
            ("第三十九条第二款",),
            N_(
                "经审查，您申请获取的是政府公报、报刊、书籍等公开出版物。根据《中华人民共和国政府信息公开条例》"
                "第三十九条第二款的规定，本机关不作为政府信息公开申请处理，现告知您获取的途径："
            ),
            requires=("provided", "reasons"),
        ),
        Outcome(
            "not_processed_excessive",
            NOT_PROCESSED,
            N_("4.无正当理由大量反复申请"),
            ("第三十五条",),
            N_(
                "您申请公开政府信息的数量、频次明显超过合理范围，本机关已要求您说明理由，经审查认为申请理由不合理。"
                "根据《中华人民共和国政府信息公开条例》第三十五条的规定，本机关不予处理。"
            ),
        ),
        Outcome(
            "not_processed_confirmation",
            NOT_PROCESSED,
            N_("5.要求行政机关确认或重新出具已获取信息"),
            ("第二条", "第三十八条"),
            # Not Art. 39: its para 1 is 信访、投诉、举报 and para 2 公开出版物. To confirm or re-issue
            # what the applicant holds is to ask for a new act or document, not for information
            # already made or obtained (Art. 2's definition; Art. 38 "应当是已制作或者获取的政府信息").
            # The office may reword it (foi.lettertexts, default ``CONFIRMATION``).
            CONFIRMATION,
            office_editable=True,
        ),
        Outcome(
            "other_correction_lapsed",
            OTHER,
            N_("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
            ("第三十条",),
            N_(
                "本机关已一次性告知您对申请内容作出补正并说明了补正期限，您无正当理由逾期未补正。根据"
                "《中华人民共和国政府信息公开条例》第三十条的规定，视为您放弃申请，本机关不再处理该政府信息公开申请。"
            ),
        ),
        Outcome(
            "other_fee_lapsed",
            OTHER,
            N_("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
            ("国办函〔2020〕109号",),
            N_(
                "本机关已向您发出信息处理费缴费通知，您逾期未按收费通知要求缴纳费用。根据《政府信息公开信息处理费"
                "管理办法》（国办函〔2020〕109号）的规定，视为您放弃申请，本机关不再处理该政府信息公开申请。"
            ),
        ),
        Outcome(
            "other",
            OTHER,
            N_("3.其他"),
            (),
            N_("关于您的政府信息公开申请，本机关处理情况如下："),
            requires=("reasons",),
        ),
    )
}


def _ground(outcome: Outcome, values: Mapping[str, Any]) -> Ground:
    if not outcome.grounds:
        return Ground(outcome.articles, outcome.wording, outcome.requires)
    named = bool(values.get("responsible_organ"))
    # A named responsible organ is itself the handler's statement that Art. 36(五) applies.
    chosen = values.get("not_held_ground") or (OTHER_ORGAN if named or values.get("responsible_organ_contact") else "")
    if not chosen:
        raise MissingText(
            outcome.code,
            ("not_held_ground", "responsible_organ"),
            _("请选择：经检索没有该信息（第三十六条第（四）项），或不属于本机关负责公开（第三十六条第（五）项）"),
        )
    if chosen not in outcome.grounds or chosen == _NAMED:
        raise MissingText(outcome.code, ("not_held_ground",), _("未知的依据：%(ground)s") % {"ground": chosen})
    if chosen == NOT_FOUND and named:
        raise MissingText(
            outcome.code,
            ("not_held_ground",),
            _("已写明负责公开的机关，应依照第三十六条第（五）项答复，而不是告知信息不存在"),
        )
    if chosen == OTHER_ORGAN and values.get("responsible_organ_contact") and not named:
        raise MissingText(outcome.code, ("responsible_organ",), _("请填写负责公开该政府信息的行政机关名称"))
    return outcome.grounds[_NAMED if chosen == OTHER_ORGAN and named else chosen]


_HINTS: dict[str, str] = {
    "reasons": N_("请写明理由（条例第三十六条第（三）项、第（五）项要求说明理由）"),
    "responsible_organ_contact": N_("请填写负责公开的行政机关的联系方式（条例第三十六条第（五）项：名称、联系方式）"),
}


def stated(code: str, values: Mapping[str, Any]) -> Stated:
    """What the reply for outcome ``code`` says, given the letter's fields (a ``LetterContext``'s
    or a form's): raises ``MissingText`` when the letter would lack what its article requires,
    ValueError for an unknown outcome. The office's own wording (``outcome_wording``) replaces an
    editable outcome's default and is used as written."""
    outcome = OUTCOMES.get(code)
    if outcome is None:
        raise ValueError(f"unknown outcome {code!r}; expected one of: {', '.join(OUTCOMES)}")
    ground = _ground(outcome, values)
    if ground.requires and not any(values.get(name) for name in ground.requires):
        hint = _("该答复结果须在告知书中载明理由或提供方式（条例第三十六条）")
        raise MissingText(code, ground.requires, hint)
    for name in ground.requires_each:
        if not values.get(name):
            raise MissingText(code, (name,), _(_HINTS[name]))
    office = values.get("outcome_wording", "") if outcome.office_editable else ""
    placeholders = {name: values.get(name, "") for name in ("responsible_organ", "responsible_organ_contact")}
    text = office or _(ground.wording) % placeholders
    return Stated(text, ground.articles, outcome.review_first)
