"""The outcomes of an application: one row of Table 三 of the national annual report format
(国办公开办函〔2021〕30号, REGULATIONS §3) each, with the reply wording and the articles it cites.

This is data, not code: the reply letter, the annual report and the workbench read the same
table. Wordings follow the text of the 条例 (国务院令第711号) as read in the corpus; each
``articles`` entry is written exactly as it stands in ``wording`` so it can be found there.
Where an outcome has a second wording (``with_organ``), its articles are ``with_organ_articles``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_noop as N_

DISCLOSED = N_("（一）予以公开")
PARTLY = N_("（二）部分公开")
WITHHELD = N_("（三）不予公开")
UNAVAILABLE = N_("（四）无法提供")
NOT_PROCESSED = N_("（五）不予处理")
OTHER = N_("（六）其他处理")


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
    # At least one of these context fields must be filled (the 条例 requires reasons or a way to
    # get the information for these answers, and the wording announces them).
    requires: tuple[str, ...] = ()
    with_organ: str = ""  # used instead of ``wording`` when the responsible organ is known
    with_organ_articles: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """The row label as printed in the annual report, e.g. （三）不予公开 1.属于国家秘密."""
        return f"{self.group} {self.row}" if self.row else self.group


_WITHHOLD = "第三十六条第（三）项"

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
            ("第三十六条第（七）项", _WITHHOLD),
            # Art. 36(7) itself only says "refer to the special procedure"; the report format counts
            # it under 不予公开, so the letter says both (and carries the review-first remedy).
            N_(
                "经审查，您申请获取的信息属于工商、不动产登记资料等信息，有关法律、行政法规对信息的获取有特别规定。"
                "根据《中华人民共和国政府信息公开条例》第三十六条第（七）项的规定，请您依照有关法律、行政法规的规定"
                "办理；本机关依照该条例第三十六条第（三）项的规定，对该申请不予公开。"
            ),
            review_first=True,
        ),
        Outcome(
            "unavailable_not_held",
            UNAVAILABLE,
            N_("1.本机关不掌握相关政府信息"),
            ("第三十六条第（四）项",),
            N_(
                "经检索，本机关没有您申请公开的政府信息。根据《中华人民共和国政府信息公开条例》第三十六条第（四）项的"
                "规定，现告知您该政府信息不存在。"
            ),
            with_organ=N_(
                "经审查，您申请公开的政府信息不属于本机关负责公开的政府信息。根据《中华人民共和国政府信息公开条例》"
                "第三十六条第（五）项的规定，现告知您：负责公开该政府信息的行政机关为%(responsible_organ)s，"
                "您可以向该机关提出申请。"
            ),
            with_organ_articles=("第三十六条第（五）项",),
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
            ("第三十九条",),
            N_(
                "经审查，您的申请是要求本机关对您已经获取的信息予以确认或者重新出具，不属于申请获取政府信息。根据"
                "《中华人民共和国政府信息公开条例》第三十九条的规定，本机关不作为政府信息公开申请处理。"
            ),
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
