"""Reading the State Council's yearly holiday notice (国务院办公厅关于某年部分节假日安排的通知) from
its plain text, as the office pastes it. Plain Python: no Django, no database, no clock.

    read_notice(text) -> Notice          or raises NoticeUnreadable naming what could not be read

Why: the calendar is data for each year (REGULATIONS.md §9), and the only source of a year's
holidays and make-up working days (调休上班) is this notice, published each autumn (the 2025 and
2026 ones in November). The office pastes it; the platform proposes what it read; the office
checks and confirms (``services.enter_year``). Nothing is guessed: every date is read from the
text, and anything the text does not say plainly is an error, not a default.

The notice's shape, the same since the first one (2008) and in 2025 and 2026:

    国务院办公厅关于2026年部分节假日安排的通知
    ……现将2026年元旦、春节……放假调休日期的具体安排通知如下。
    一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
    二、春节：2月15日（农历腊月二十八）至23日（农历正月初七）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。
    三、清明节：4月4日（周六）至6日（周一）放假，共3天。
    ……
    国务院办公厅
    2025年11月4日

Each numbered item names the festival(s), one sentence with the days off (a range "X月Y日至Z日"
— the end's month may be left out when it is the start's — or one day "放假1天") and the number
of days ("共N天"), then an optional sentence listing the make-up working days ("……上班"). A date
without a year is in the notice's year; one with a year (元旦 notices that begin on 31 December
write "2022年12月31日至2023年1月2日") keeps it. Checks that catch a mistyped or truncated paste:
a weekday in brackets ("周六", "星期六") must be that date's weekday; "共N天" must be the range's
length; a make-up day must not fall inside a holiday; the items must not overlap. Lunar dates in
the brackets ("农历正月初七") are read past, not checked.

Messages are Chinese templates with parameters, marked with ``_`` for translation without
importing Django here (as ``orgs.creditcode`` does); the Django layer shows ``Problem.text``.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

ONE_DAY = dt.timedelta(days=1)


def _(message: str) -> str:
    """Marks a message for translation (makemessages) without importing Django here."""
    return message


@dataclass(frozen=True)
class Problem:
    """One thing the text does not say plainly: ``template % params`` is a Chinese sentence."""

    template: str
    params: dict[str, object] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.template % self.params


class NoticeUnreadable(ValueError):
    """The text could not be read as a holiday notice; ``problems`` says what, each naming the item."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("；".join(p.text for p in problems))


@dataclass(frozen=True)
class Arrangement:
    """One numbered item: a festival's days off and the make-up working days that go with them."""

    number: str  # 一, 二 … as printed
    name: str  # 春节; 国庆节、中秋节 when one item covers two festivals
    first: dt.date
    last: dt.date
    makeup: tuple[dt.date, ...]
    text: str  # the item as read (full-width punctuation), for the office to compare

    def days_off(self) -> list[dt.date]:
        return [self.first + ONE_DAY * n for n in range((self.last - self.first).days + 1)]


@dataclass(frozen=True)
class Notice:
    year: int
    title: str  # 国务院办公厅关于2026年部分节假日安排的通知
    number: str  # 国办发明电〔2024〕12号, or "" when the pasted text does not carry it
    issued_on: dt.date | None  # the date under 国务院办公厅 at the end, when pasted
    arrangements: tuple[Arrangement, ...]

    @property
    def label(self) -> str:
        """The notice as the calendar records it: title and document number."""
        return f"{self.title}（{self.number}）" if self.number else self.title


# --- the grammar, on text normalised by NFKC (full-width brackets, colon, comma and digits become
# ASCII) with spaces removed (the notice's Chinese has none that mean anything; pasting adds them).
NUMERALS = "一二三四五六七八九十"
_DATE = r"(?:(?P<{p}y>\d{{4}})年)?(?:(?P<{p}m>\d{{1,2}})月)?(?P<{p}d>\d{{1,2}})日"
_NOTE = r"(?:\((?P<{p}note>[^()]*)\))?"
_TITLE = re.compile(r"关于(\d{4})年部分节假日安排的通知")
_INTRO = re.compile(r"现将(\d{4})年")
_NUMBER = re.compile(r"国办发明电[〔\[【(](\d{4})[〕\]】)](\d+)号")
_ISSUED = re.compile(r"国务院办公厅\n(\d{4})年(\d{1,2})月(\d{1,2})日")
_ITEM = re.compile(rf"(?:^|(?<=[\n。]))([{NUMERALS}]{{1,3}})、([^:\n。、][^:\n。]{{0,19}}):")
_DAYS_OFF = re.compile(
    "^"
    + _DATE.format(p="a")
    + _NOTE.format(p="a")
    + "(?:至"
    + _DATE.format(p="b")
    + _NOTE.format(p="b")
    + r")?放假(?:调休)?(?:(?P<single>\d+)天)?(?:,共(?P<total>\d+)天)?(?:[,;].*)?$"
)
_ONE_DATE = re.compile("^" + _DATE.format(p="a") + _NOTE.format(p="a") + "$")
_WEEKDAY = re.compile(r"(?:周|星期)([一二三四五六日天])")
WEEKDAYS = "一二三四五六日"


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("\r\n", "\n").replace("\r", "\n")
    lines = (re.sub(r"[ \t\u00a0\u200b\ufeff]+", "", line) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


_FULL_WIDTH = str.maketrans("():,;", "（）：，；")


def _shown(fragment: str) -> str:
    """A normalised fragment as the notice prints it (full-width brackets and punctuation)."""
    return fragment.translate(_FULL_WIDTH)


@dataclass
class _Reader:
    """Reads one item; collects problems instead of stopping at the first."""

    year: int
    number: str
    name: str
    problems: list[Problem]

    def problem(self, template: str, **params: object) -> None:
        self.problems.append(Problem(template, {"number": self.number, "name": self.name, **params}))

    def date(self, match: re.Match[str], p: str, month: int | None, shown: str) -> dt.date | None:
        """The date of group prefix ``p``; ``month`` is the one to carry over when it is left out."""
        year = int(match[f"{p}y"]) if match[f"{p}y"] else self.year
        month = int(match[f"{p}m"]) if match[f"{p}m"] else month
        if month is None:
            self.problem(_("第%(number)s项“%(name)s”：“%(text)s”没有写明月份"), text=shown)
            return None
        try:
            day = dt.date(year, month, int(match[f"{p}d"]))
        except ValueError:
            self.problem(_("第%(number)s项“%(name)s”：“%(text)s”不是有效日期"), text=shown)
            return None
        self.weekday(day, match[f"{p}note"] or "")
        return day

    def weekday(self, day: dt.date, note: str) -> None:
        """A weekday printed beside a date must be that date's: a mistyped date is caught here."""
        found = _WEEKDAY.search(note)
        if found is None:
            return
        printed = WEEKDAYS.index("日" if found[1] == "天" else found[1])
        if printed != day.weekday():
            self.problem(
                _("第%(number)s项“%(name)s”：%(day)s标注为周%(printed)s，但该日是周%(actual)s"),
                day=f"{day.month}月{day.day}日",
                printed=WEEKDAYS[printed],
                actual=WEEKDAYS[day.weekday()],
            )

    def days_off(self, sentence: str) -> tuple[dt.date, dt.date] | None:
        match = _DAYS_OFF.match(sentence)
        if match is None:
            self.problem(
                _("第%(number)s项“%(name)s”：未能读出放假日期“%(text)s”（应为“X月X日至X日放假……，共X天”）"),
                text=_shown(sentence),
            )
            return None
        first = self.date(match, "a", None, _shown(sentence))
        if first is None:
            return None
        last = first
        if match["bd"]:
            last = self.date(match, "b", first.month, _shown(sentence)) or first
            if last < first:
                self.problem(_("第%(number)s项“%(name)s”：结束日期早于开始日期（“%(text)s”）"), text=_shown(sentence))
                return None
        stated = match["total"] or match["single"]
        length = (last - first).days + 1
        if stated is not None and int(stated) != length:
            self.problem(
                _("第%(number)s项“%(name)s”：写明共%(stated)s天，但%(first)s至%(last)s是%(length)s天"),
                stated=stated,
                first=f"{first.month}月{first.day}日",
                last=f"{last.month}月{last.day}日",
                length=length,
            )
        return first, last

    def makeup(self, sentence: str) -> list[dt.date]:
        days: list[dt.date] = []
        month: int | None = None
        for part in re.split(r"[、,和及]", sentence.removesuffix("上班")):
            match = _ONE_DATE.match(part)
            day = self.date(match, "a", month, _shown(part)) if match else None
            if match is None:
                self.problem(
                    _("第%(number)s项“%(name)s”：未能读出调休上班日期“%(text)s”（应为“X月X日（周六）上班”）"),
                    text=_shown(sentence),
                )
                return []
            if day is not None:
                days.append(day)
                month = day.month
        return days


def _year(text: str, problems: list[Problem]) -> int | None:
    titled, intro = _TITLE.search(text), _INTRO.search(text)
    years = {int(m[1]) for m in (titled, intro) if m}
    if not years:
        problems.append(
            Problem(_("未找到通知的年份：应有标题“国务院办公厅关于XXXX年部分节假日安排的通知”或“现将XXXX年……”"))
        )
        return None
    if len(years) > 1:
        problems.append(
            Problem(_("标题与正文的年份不一致（%(years)s）"), {"years": "、".join(str(y) for y in sorted(years))})
        )
        return None
    return years.pop()


def _issued_on(text: str) -> dt.date | None:
    signed = list(_ISSUED.finditer(text))  # the signature closes the notice
    if not signed:
        return None
    found = signed[-1]
    try:
        return dt.date(int(found[1]), int(found[2]), int(found[3]))
    except ValueError:
        return None


def _items(text: str) -> list[tuple[str, str, str]]:
    """(numeral, name, body) of each numbered item; a body ends where the next item begins."""
    marks = list(_ITEM.finditer(text))
    ends = [m.start() for m in marks[1:]] + [len(text)] if marks else []
    return [(m[1], m[2], text[m.end() : end]) for m, end in zip(marks, ends, strict=True)]


def _arrangement(year: int, numeral: str, name: str, body: str, problems: list[Problem]) -> Arrangement | None:
    reader = _Reader(year, numeral, name, problems)
    before = len(problems)
    span: tuple[dt.date, dt.date] | None = None
    makeup: list[dt.date] = []
    read: list[str] = []
    # Sentences end with 。 or a line end; prose after the last item (节假日期间……) says neither
    # 放假 nor 上班 and is passed over, but any sentence that does must be read.
    for sentence in (s.strip(",") for s in re.split(r"[。\n]", body)):
        if "放假" in sentence:
            if span is not None:
                reader.problem(_("第%(number)s项“%(name)s”：有两处放假日期，无法确定"))
                continue
            span = reader.days_off(sentence)
            read.append(sentence)
        elif sentence.endswith("上班"):
            makeup += reader.makeup(sentence)
            read.append(sentence)
        elif "上班" in sentence:
            reader.problem(
                _("第%(number)s项“%(name)s”：未能读出调休上班日期“%(text)s”（应为“X月X日（周六）上班”）"),
                text=_shown(sentence),
            )
    if span is None:
        if len(problems) == before:
            reader.problem(_("第%(number)s项“%(name)s”：未找到放假日期"))
        return None
    first, last = span
    inside = [d for d in makeup if first <= d <= last]
    if inside:
        reader.problem(
            _("第%(number)s项“%(name)s”：调休上班日%(day)s落在放假期间内"), day=f"{inside[0].month}月{inside[0].day}日"
        )
    if len(problems) > before:
        return None
    text = _shown(f"{numeral}、{name}:" + "。".join(read) + "。")
    return Arrangement(numeral, name, first, last, tuple(sorted(makeup)), text)


def _overlaps(arrangements: list[Arrangement], problems: list[Problem]) -> None:
    seen: dict[dt.date, str] = {}
    for item in arrangements:
        for day in [*item.days_off(), *item.makeup]:
            if day in seen:
                problems.append(
                    Problem(
                        _("%(day)s同时出现在“%(one)s”和“%(other)s”中"),
                        {"day": day.isoformat(), "one": seen[day], "other": item.name},
                    )
                )
            seen[day] = item.name


def read_notice(text: str) -> Notice:
    """The holidays and make-up working days of the notice ``text``; ``NoticeUnreadable`` lists
    everything that could not be read (nothing is returned half-read)."""
    normal = _normalise(text)
    problems: list[Problem] = []
    year = _year(normal, problems)
    items = _items(normal)
    if not items:
        problems.append(Problem(_("未找到“一、元旦：1月1日……放假……”形式的放假安排")))
    if year is None or problems:
        raise NoticeUnreadable(problems)
    arrangements = [a for n, name, body in items if (a := _arrangement(year, n, name, body, problems))]
    _overlaps(arrangements, problems)
    if problems:
        raise NoticeUnreadable(problems)
    number = _NUMBER.search(normal)
    return Notice(
        year=year,
        title=f"国务院办公厅关于{year}年部分节假日安排的通知",
        number=f"国办发明电〔{number[1]}〕{number[2]}号" if number else "",
        issued_on=_issued_on(normal),
        arrangements=tuple(arrangements),
    )
