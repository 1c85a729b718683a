"""The automatic scoring rules of the assessment: plain functions from a figure to points.

Each rule takes the indicator's points, its parameters (numbers the office edits on the scheme page)
and one figure the services gathered from the platform's data (``reports.stats`` and
``assessment.figures``), and returns the score with the evidence: plain-language lines with the
numbers, so every score on the page and in the export shows how it was computed.

Conventions (also shown on the scheme page):
- Scores are rounded to 0.1 point, half up.
- An indicator with nothing to count for a unit (nothing due, no reply given, no normative
  document, no catalogue entry of the unit, no review or lawsuit decided) is not applicable
  (不适用) to that unit: it scores nothing and its points are shared over the unit's other
  indicators in proportion to their points (``cards``), so a unit that did nothing is neither
  given full marks for it nor ranked above one that worked. The evidence says so.
- A rate scores points × min(1, rate ÷ ``full_at``): with the default ``full_at`` of 1, points × rate.
- Deductions (stale columns, corrected appeals) are capped at the indicator's points: the score
  never goes below zero (国办秘函〔2019〕19号 practice: deductions under one indicator are capped at
  its points).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

TENTH = Decimal("0.1")
ONE = Decimal(1)
LISTED = 10  # names listed in the evidence before "等N项"


@dataclass(frozen=True)
class Score:
    score: Decimal
    max: Decimal
    evidence: list[str]
    # False when there was nothing to count: the indicator is not applicable (不适用) to the unit and
    # its points are shared over the others (cards.build); ``score`` is then 0 and not added.
    counted: bool = True


@dataclass(frozen=True)
class EntryFigure:
    """One catalogue entry the unit is responsible for: publications in the year, last publication."""

    label: str
    in_year: int
    last_published: dt.date | None


@dataclass(frozen=True)
class CatalogueFigure:
    reference: dt.date  # the day the columns are judged on: 31 December, or today in the running year
    entries: list[EntryFigure]


@dataclass(frozen=True)
class CorrectionFigure:
    """An administrative review or lawsuit whose result corrected the unit (结果纠正)."""

    kind: str
    case_number: str
    decided_on: dt.date | None


@dataclass(frozen=True)
class Param:
    key: str
    label: Any  # a lazy translation
    default: Decimal
    minimum: Decimal
    maximum: Decimal | None = None


@dataclass(frozen=True)
class Rule:
    key: str
    label: Any  # a lazy translation
    figure: str  # the figure the services gather for it (see services.FIGURES)
    params: tuple[Param, ...]
    description: Any  # a lazy translation: the default "how it is scored" text of a new indicator
    score: Callable[[Decimal, Mapping[str, Decimal], Any], Score]


def quantize(value: Decimal) -> Decimal:
    return value.quantize(TENTH, rounding=ROUND_HALF_UP)


def fmt(value: Decimal) -> str:
    """10 → "10", 8.25 → "8.3": points as people write them."""
    rounded = quantize(value)
    return str(rounded.to_integral()) if rounded == rounded.to_integral() else str(rounded)


def pct(value: Decimal) -> str:
    return f"{quantize(value * 100)}%"


def _total(score: Decimal, points: Decimal) -> str:
    return _("得分 %(score)s / %(points)s") % {"score": fmt(score), "points": fmt(points)}


def _result(score: Decimal, points: Decimal, evidence: list[str], counted: bool) -> Score:
    """The Score with its last evidence line: the points, or "不适用" with nothing to count."""
    return Score(score, points, [*evidence, _total(score, points) if counted else _("不适用")], counted=counted)


def not_applicable(what: str) -> str:
    return _("本年度无%(what)s，本项不适用：本项分值按比例由其他适用指标分担") % {"what": what}


def rate_score(
    points: Decimal, params: Mapping[str, Decimal], numerator: int, denominator: int, what: str
) -> tuple[Decimal, list[str]]:
    """points × min(1, rate ÷ full_at); with nothing to count, 0 and "not applicable" (the
    caller marks the Score not counted)."""
    if denominator == 0:
        return Decimal(0), [not_applicable(what)]
    rate = Decimal(numerator) / Decimal(denominator)
    full_at = params["full_at"]
    share = min(ONE, rate / full_at) if full_at > 0 else ONE
    score = quantize(points * share)
    if full_at >= ONE:
        line = _("得分 = %(points)s × %(rate)s = %(score)s") % {
            "points": fmt(points),
            "rate": pct(rate),
            "score": fmt(score),
        }
    else:
        line = _("达到%(full)s即得满分：得分 = %(points)s × min(1, %(rate)s ÷ %(full)s) = %(score)s") % {
            "full": pct(full_at),
            "points": fmt(points),
            "rate": pct(rate),
            "score": fmt(score),
        }
    return score, [line]


def deduction(points: Decimal, per: Decimal, count: int) -> tuple[Decimal, list[str]]:
    """points − count × per, the deduction capped at the indicator's points."""
    due = per * count
    taken = min(due, points)
    score = quantize(points - taken)
    if count == 0:
        return score, [_("不扣分")]
    line = _("每项扣%(per)s分，共%(count)s项，扣%(due)s分") % {"per": fmt(per), "count": count, "due": fmt(due)}
    if due > points:
        line += _("；扣分以本项分值%(points)s分为限，实扣%(taken)s分") % {"points": fmt(points), "taken": fmt(taken)}
    return score, [line]


def _names(labels: Sequence[str]) -> str:
    shown = "、".join(labels[:LISTED])
    if len(labels) > LISTED:
        shown += _("等%(n)s项") % {"n": len(labels)}
    return shown


def timeliness(points: Decimal, params: Mapping[str, Decimal], figure: Mapping[str, Any]) -> Score:
    """Proactive timeliness (条例 Art. 26): publications whose deadline fell in the year."""
    due, on_time = int(figure["due"]), int(figure["on_time"])
    evidence = [
        _(
            "应公开%(due)s条（公开时限在本年度内届满），按时公开%(on_time)s条，逾期公开%(late)s条，逾期未公开%(overdue)s条"
        )
        % {"due": due, "on_time": on_time, "late": figure["late"], "overdue": figure["overdue"]}
    ]
    if due:
        evidence[0] += _("，及时率%(rate)s") % {"rate": pct(Decimal(on_time) / due)}
    score, lines = rate_score(points, params, on_time, due, _("应公开信息"))
    return _result(score, points, [*evidence, *lines], due > 0)


def reply_on_time(points: Decimal, params: Mapping[str, Decimal], figure: Mapping[str, Any]) -> Score:
    """Replies given in the year on or before the due date then in force (条例 Art. 33). Replies
    whose due date is not known yet (it lies in a year the calendar does not hold, REGULATIONS.md
    §9) are neither on time nor late: left out of the rate and named in the evidence."""
    on_time, total = int(figure["on_time"]["numerator"]), int(figure["on_time"]["denominator"])
    left_out = int(figure.get("due_unknown", 0))
    evidence = [
        _("本年度答复申请%(replied)s件，按期答复%(on_time)s件") % {"replied": total + left_out, "on_time": on_time}
    ]
    if left_out:
        evidence.append(
            _("其中%(n)s件答复期限落在尚未录入工作日历的年度，期限待定，不计入按期答复率（计入%(total)s件）")
            % {"n": left_out, "total": total}
        )
    if total:
        evidence[0] += _("，按期答复率%(rate)s") % {"rate": pct(Decimal(on_time) / total)}
    score, lines = rate_score(points, params, on_time, total, _("答复的政府信息公开申请"))
    return _result(score, points, [*evidence, *lines], total > 0)


def interpretation(points: Decimal, params: Mapping[str, Decimal], figure: Mapping[str, Any]) -> Score:
    """Normative documents first published in the year that went live with an interpretation (三同步).
    Documents a signer exempted stay in the count unless ``exclude_exempted`` is 1."""
    normative, interpreted, exempted = int(figure["normative"]), int(figure["interpreted"]), int(figure["exempted"])
    counted = normative - exempted if params["exclude_exempted"] >= ONE else normative
    evidence = [
        _(
            "本年度首次发布行政规范性文件%(normative)s件，同步发布解读%(interpreted)s件，经签发人决定不解读%(exempted)s件"
        )
        % {"normative": normative, "interpreted": interpreted, "exempted": exempted}
    ]
    if exempted:
        evidence.append(
            _("不解读的文件不计入应解读数") if counted != normative else _("不解读的文件计入应解读数，视为未解读")
        )
    if counted:
        evidence.append(_("解读率%(rate)s") % {"rate": pct(Decimal(interpreted) / counted)})
    score, lines = rate_score(points, params, min(interpreted, counted), counted, _("应解读的行政规范性文件"))
    return _result(score, points, [*evidence, *lines], counted > 0)


def catalogue_completeness(points: Decimal, params: Mapping[str, Decimal], figure: CatalogueFigure) -> Score:
    """Share of the unit's catalogue entries with at least one publication in the year."""
    total = len(figure.entries)
    filled = [e for e in figure.entries if e.in_year > 0]
    evidence = [
        _("本单位负责的标准目录事项%(total)s项，本年度有发布的%(filled)s项") % {"total": total, "filled": len(filled)}
    ]
    if total:
        evidence[0] += _("，完整率%(rate)s") % {"rate": pct(Decimal(len(filled)) / total)}
        missing = [e.label for e in figure.entries if e.in_year == 0]
        if missing:
            evidence.append(_("本年度未发布：%(names)s") % {"names": _names(missing)})
    score, lines = rate_score(points, params, len(filled), total, _("本单位负责的标准目录事项"))
    return _result(score, points, [*evidence, *lines], total > 0)


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` earlier (the month's last day when that month is shorter)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def stale_columns(points: Decimal, params: Mapping[str, Decimal], figure: CatalogueFigure) -> Score:
    """A deduction per catalogue entry of the unit never published (空白栏目) or not updated for
    ``months`` months before the reference day (栏目不更新, 国办秘函〔2019〕19号)."""
    since = months_before(figure.reference, int(params["months"]))
    empty = [e.label for e in figure.entries if e.last_published is None]
    stale = [e for e in figure.entries if e.last_published is not None and e.last_published < since]
    if not figure.entries:
        return _result(Decimal(0), points, [not_applicable(_("本单位负责的标准目录事项"))], False)
    evidence = [
        _(
            "截至%(day)s，本单位负责的标准目录事项%(total)s项：从未发布信息的（空白栏目）%(empty)s项，最近一次发布早于%(since)s的（未更新栏目）%(stale)s项"
        )
        % {
            "day": figure.reference.isoformat(),
            "total": len(figure.entries),
            "empty": len(empty),
            "since": since.isoformat(),
            "stale": len(stale),
        }
    ]
    if empty:
        evidence.append(_("空白栏目：%(names)s") % {"names": _names(empty)})
    if stale:
        labels = [f"{e.label}（{e.last_published.isoformat() if e.last_published else ''}）" for e in stale]
        evidence.append(_("未更新栏目（最近发布日期）：%(names)s") % {"names": _names(labels)})
    score, lines = deduction(points, params["per"], len(empty) + len(stale))
    return Score(score, points, [*evidence, *lines, _total(score, points)])


@dataclass(frozen=True)
class AppealsFigure:
    """The reviews and lawsuits about the unit's applications decided in the year, and those of
    them that corrected the unit."""

    decided: int
    corrected: list[CorrectionFigure]


def appeal_corrections(points: Decimal, params: Mapping[str, Decimal], figure: Any) -> Score:
    """A deduction per review or lawsuit decided in the year with the result 结果纠正 (Table 四).
    With no review or lawsuit decided in the year there is nothing to count: not applicable.
    (A plain list of corrections, as older callers pass, counts as that many decided.)"""
    if not isinstance(figure, AppealsFigure):
        figure = AppealsFigure(len(figure), list(figure))
    if figure.decided == 0:
        return _result(Decimal(0), points, [not_applicable(_("审结的行政复议、行政诉讼案件"))], False)
    corrected = figure.corrected
    if not corrected:
        evidence = [_("本年度审结行政复议、行政诉讼案件%(n)s件，无结果为纠正的") % {"n": figure.decided}]
    else:
        cases = [
            _("%(kind)s %(case)s（%(day)s审结）")
            % {"kind": c.kind, "case": c.case_number or _("无案号"), "day": c.decided_on or _("未填审结日期")}
            for c in corrected
        ]
        evidence = [
            _("本年度审结行政复议、行政诉讼案件%(decided)s件，被纠错%(n)s件：%(cases)s")
            % {"decided": figure.decided, "n": len(corrected), "cases": _names(cases)}
        ]
    score, lines = deduction(points, params["per"], len(corrected))
    return _result(score, points, [*evidence, *lines], True)


# Parameters earlier versions had; stored values are dropped when the office next saves.
OBSOLETE_PARAMS = frozenset({"none_share"})
_FULL_AT = Param("full_at", gettext_lazy("达到此比率即得满分（0–1）"), ONE, Decimal("0.01"), ONE)

RULES: dict[str, Rule] = {
    rule.key: rule
    for rule in [
        Rule(
            "timeliness",
            gettext_lazy("主动公开及时率"),
            "timeliness",
            (_FULL_AT,),
            gettext_lazy("公开时限在本年度内届满的信息中按时公开的比例，按分值 × 及时率计分。"),
            timeliness,
        ),
        Rule(
            "reply_on_time",
            gettext_lazy("依申请公开按期答复率"),
            "replies",
            (_FULL_AT,),
            gettext_lazy("本年度答复的申请中在答复期限内答复的比例，按分值 × 按期答复率计分。"),
            reply_on_time,
        ),
        Rule(
            "interpretation",
            gettext_lazy("政策解读率"),
            "interpretation",
            (
                _FULL_AT,
                Param(
                    "exclude_exempted",
                    gettext_lazy("不解读的文件不计入应解读数（1是，0否）"),
                    Decimal(0),
                    Decimal(0),
                    ONE,
                ),
            ),
            gettext_lazy("本年度首次发布的行政规范性文件中同步发布解读的比例，按分值 × 解读率计分。"),
            interpretation,
        ),
        Rule(
            "catalogue_completeness",
            gettext_lazy("标准目录完整率"),
            "catalogue",
            (_FULL_AT,),
            gettext_lazy("公开主体为本单位的标准目录事项中本年度至少发布一条信息的比例，按分值 × 完整率计分。"),
            catalogue_completeness,
        ),
        Rule(
            "stale_columns",
            gettext_lazy("空白和未更新栏目"),
            "catalogue",
            (
                Param("months", gettext_lazy("超过多少个月未更新视为未更新栏目"), Decimal(6), ONE, Decimal(24)),
                Param("per", gettext_lazy("每个空白或未更新栏目扣分"), ONE, Decimal(0)),
            ),
            gettext_lazy("本单位负责的标准目录事项从未发布或超过规定月数未更新的，每项扣分，扣完本项分值为止。"),
            stale_columns,
        ),
        Rule(
            "appeal_corrections",
            gettext_lazy("复议诉讼纠错"),
            "corrections",
            (Param("per", gettext_lazy("每件被纠错案件扣分"), Decimal(5), Decimal(0)),),
            gettext_lazy("本年度审结、结果为纠正的行政复议和行政诉讼案件，每件扣分，扣完本项分值为止。"),
            appeal_corrections,
        ),
    ]
}


def params_for(rule: Rule, stored: Mapping[str, Any]) -> dict[str, Decimal]:
    """The rule's parameters: the stored values over the defaults."""
    return {p.key: Decimal(str(stored[p.key])) if p.key in stored else p.default for p in rule.params}


def clean_params(rule: Rule, raw: Mapping[str, Any]) -> dict[str, str]:
    """Validate parameters the office entered; raises ValueError naming the parameter."""
    known = {p.key: p for p in rule.params}
    raw = {key: value for key, value in raw.items() if key not in OBSOLETE_PARAMS}
    unknown = sorted(set(raw) - set(known))
    if unknown:
        raise ValueError(_("未知的参数：%(key)s") % {"key": unknown[0]})
    cleaned = {}
    for key, value in raw.items():
        param = known[key]
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            raise ValueError(_("%(label)s：应为数字") % {"label": param.label}) from None
        too_low = not number.is_finite() or number < param.minimum
        if too_low or (param.maximum is not None and number > param.maximum):
            values = {"label": param.label, "low": fmt(param.minimum)}
            if param.maximum is None:
                raise ValueError(_("%(label)s：不能小于%(low)s") % values)
            raise ValueError(_("%(label)s：应在%(low)s至%(high)s之间") % {**values, "high": fmt(param.maximum)})
        cleaned[key] = str(number)
    return cleaned
