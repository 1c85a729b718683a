"""Reading the State Council's holiday notice from its plain text (gongkai.workdays.notice, issue 16
point 11): the real 2025 and 2026 notices, checked day by day against REGULATIONS.md §9 and the
chinesecalendar package (which holds both years), and malformed texts, each refused with a message
that names what could not be read.

The two texts are written out in the notices' own wording from the dates in REGULATIONS.md §9
(2025: 国办发明电〔2024〕12号 of 2024-11-12; 2026: the notice of 2025-11-04, whose document number
REGULATIONS.md does not give, so it is left out rather than made up). They are not test data: the
dates are the real ones.
"""

from __future__ import annotations

import datetime as dt

import chinese_calendar
import pytest

from gongkai.workdays.notice import Notice, NoticeUnreadable, read_notice

D = dt.date

NOTICE_2025 = """国务院办公厅关于2025年部分节假日安排的通知
国办发明电〔2024〕12号

各省、自治区、直辖市人民政府，国务院各部委、各直属机构：
　　根据国务院关于修改《全国年节及纪念日放假办法》的决定，为便于各地区、各部门及早合理安排节假日旅游、交通运输、生产经营等有关工作，经国务院批准，现将2025年元旦、春节、清明节、劳动节、端午节、中秋节和国庆节放假调休日期的具体安排通知如下。
　　一、元旦：1月1日（周三）放假1天，不调休。
　　二、春节：1月28日（农历除夕、周二）至2月4日（农历正月初七、周二）放假调休，共8天。1月26日（周日）、2月8日（周六）上班。
　　三、清明节：4月4日（周五）至6日（周日）放假，共3天。
　　四、劳动节：5月1日（周四）至5日（周一）放假调休，共5天。4月27日（周日）上班。
　　五、端午节：5月31日（周六）至6月2日（周一）放假，共3天。
　　六、国庆节、中秋节：10月1日（周三）至8日（周三）放假调休，共8天。9月28日（周日）、10月11日（周六）上班。
　　节假日期间，各地区、各部门要妥善安排好值班和安全、保卫等工作，遇有重大突发事件，要按规定及时报告并妥善处置，确保人民群众祥和平安度过节日假期。

国务院办公厅
2024年11月12日
"""

NOTICE_2026 = """国务院办公厅关于2026年部分节假日安排的通知

各省、自治区、直辖市人民政府，国务院各部委、各直属机构：
　　经国务院批准，现将2026年元旦、春节、清明节、劳动节、端午节、中秋节和国庆节放假调休日期的具体安排通知如下。
　　一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
　　二、春节：2月15日（农历腊月二十八）至23日（农历正月初七）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。
　　三、清明节：4月4日（周六）至6日（周一）放假，共3天。
　　四、劳动节：5月1日（周五）至5日（周二）放假调休，共5天。5月9日（周六）上班。
　　五、端午节：6月19日（周五）至21日（周日）放假，共3天。
　　六、中秋节：9月25日（周五）至27日（周日）放假，共3天。
　　七、国庆节：10月1日（周四）至7日（周三）放假调休，共7天。9月20日（周日）、10月10日（周六）上班。
　　节假日期间，各地区、各部门要妥善安排好值班和安全、保卫等工作，遇有重大突发事件，要按规定及时报告并妥善处置，确保人民群众祥和平安度过节日假期。

国务院办公厅
2025年11月4日
"""


def span(first: dt.date, last: dt.date) -> set[dt.date]:
    return {first + dt.timedelta(days=n) for n in range((last - first).days + 1)}


def days_off(notice: Notice) -> set[dt.date]:
    return {day for item in notice.arrangements for day in item.days_off()}


def makeup(notice: Notice) -> set[dt.date]:
    return {day for item in notice.arrangements for day in item.makeup}


# REGULATIONS.md §9, as written there.
REGULATIONS_2025 = (
    [
        (D(2025, 1, 1), D(2025, 1, 1)),
        (D(2025, 1, 28), D(2025, 2, 4)),
        (D(2025, 4, 4), D(2025, 4, 6)),
        (D(2025, 5, 1), D(2025, 5, 5)),
        (D(2025, 5, 31), D(2025, 6, 2)),
        (D(2025, 10, 1), D(2025, 10, 8)),
    ],
    {D(2025, 1, 26), D(2025, 2, 8), D(2025, 4, 27), D(2025, 9, 28), D(2025, 10, 11)},
)
REGULATIONS_2026 = (
    [
        (D(2026, 1, 1), D(2026, 1, 3)),
        (D(2026, 2, 15), D(2026, 2, 23)),
        (D(2026, 4, 4), D(2026, 4, 6)),
        (D(2026, 5, 1), D(2026, 5, 5)),
        (D(2026, 6, 19), D(2026, 6, 21)),
        (D(2026, 9, 25), D(2026, 9, 27)),
        (D(2026, 10, 1), D(2026, 10, 7)),
    ],
    {D(2026, 1, 4), D(2026, 2, 14), D(2026, 2, 28), D(2026, 5, 9), D(2026, 9, 20), D(2026, 10, 10)},
)


@pytest.mark.parametrize(
    ("text", "year", "regulations"),
    [(NOTICE_2025, 2025, REGULATIONS_2025), (NOTICE_2026, 2026, REGULATIONS_2026)],
    ids=["2025", "2026"],
)
def test_a_real_notice_gives_the_dates_of_regulations_md(
    text: str, year: int, regulations: tuple[list[tuple[dt.date, dt.date]], set[dt.date]]
) -> None:
    notice = read_notice(text)
    assert notice.year == year
    assert [(a.first, a.last) for a in notice.arrangements] == regulations[0]
    assert makeup(notice) == regulations[1]


@pytest.mark.parametrize(("text", "year"), [(NOTICE_2025, 2025), (NOTICE_2026, 2026)], ids=["2025", "2026"])
def test_a_real_notice_agrees_with_chinesecalendar_on_every_day_of_its_year(text: str, year: int) -> None:
    """Every day the notice declares off is a day off in chinesecalendar 1.11.0, every make-up day a
    working day there, and every other day of the year is Monday–Friday in both: applied to the
    weekday rule, the notice gives chinesecalendar's year exactly."""
    notice = read_notice(text)
    off, on = days_off(notice), makeup(notice)
    day = D(year, 1, 1)
    while day.year == year:
        ours = day in on or (day.weekday() < 5 and day not in off)
        assert ours == chinese_calendar.is_workday(day), day
        day += dt.timedelta(days=1)


def test_the_2026_notice_names_and_counts() -> None:
    notice = read_notice(NOTICE_2026)
    assert notice.title == "国务院办公厅关于2026年部分节假日安排的通知"
    assert notice.number == "" and notice.label == notice.title  # the pasted text carries no number
    assert notice.issued_on == D(2025, 11, 4)
    assert [a.name for a in notice.arrangements] == ["元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节"]
    spring = notice.arrangements[1]
    assert spring.number == "二"
    assert spring.days_off() == sorted(span(D(2026, 2, 15), D(2026, 2, 23)))  # 共9天
    assert spring.makeup == (D(2026, 2, 14), D(2026, 2, 28))  # two make-up Saturdays
    assert spring.text == (
        "二、春节：2月15日（农历腊月二十八）至23日（农历正月初七）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。"
    )
    national = notice.arrangements[-1]
    assert (national.first, national.last, national.makeup) == (
        D(2026, 10, 1),
        D(2026, 10, 7),
        (D(2026, 9, 20), D(2026, 10, 10)),
    )


def test_the_2025_notice_carries_its_number_and_date() -> None:
    notice = read_notice(NOTICE_2025)
    assert notice.number == "国办发明电〔2024〕12号"
    assert notice.label == "国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号）"
    assert notice.issued_on == D(2024, 11, 12)
    assert notice.arrangements[0].days_off() == [D(2025, 1, 1)]  # 放假1天，不调休
    assert notice.arrangements[-1].name == "国庆节、中秋节"
    assert len(notice.arrangements[-1].days_off()) == 8


def test_a_paste_on_one_line_with_half_width_brackets_and_spaces_reads_the_same() -> None:
    flat = NOTICE_2026.replace("\n", "").replace("（", "(").replace("）", ")").replace("，", ", ")
    assert read_notice(flat).arrangements == read_notice(NOTICE_2026).arrangements


def test_a_year_written_in_a_date_is_kept() -> None:
    """元旦 notices that start on 31 December write the year (the 2023 notice's wording)."""
    text = "国务院办公厅关于2023年部分节假日安排的通知\n一、元旦：2022年12月31日至2023年1月2日放假调休，共3天。\n"
    [item] = read_notice(text).arrangements
    assert (item.first, item.last) == (D(2022, 12, 31), D(2023, 1, 2))


def problems(text: str) -> list[str]:
    with pytest.raises(NoticeUnreadable) as err:
        read_notice(text)
    return [p.text for p in err.value.problems]


def test_a_text_that_is_not_a_notice_says_so() -> None:
    assert problems("明天下午三点开会，请准时参加。") == [
        "未找到通知的年份：应有标题“国务院办公厅关于XXXX年部分节假日安排的通知”或“现将XXXX年……”",
        "未找到“一、元旦：1月1日……放假……”形式的放假安排",
    ]


def test_a_title_without_its_items_says_so() -> None:
    assert problems("国务院办公厅关于2027年部分节假日安排的通知") == ["未找到“一、元旦：1月1日……放假……”形式的放假安排"]


@pytest.mark.parametrize(
    ("wrong", "right", "expected"),
    [
        pytest.param(
            "2月15日（农历腊月二十八）至23日",
            "2月16日（周六）至23日",
            "第二项“春节”：2月16日标注为周六，但该日是周一",
            id="a-mistyped-date-caught-by-its-weekday",
        ),
        pytest.param("共9天", "共8天", "第二项“春节”：写明共8天，但2月15日至2月23日是9天", id="a-wrong-day-count"),
        pytest.param(
            "10月1日（周四）至7日（周三）放假调休",
            "10月1日（周四）至放假调休",
            "第七项“国庆节”：未能读出放假日期“10月1日（周四）至放假调休，共7天”（应为“X月X日至X日放假……，共X天”）",
            id="a-truncated-range",
        ),
        pytest.param(
            "2月14日（周六）、2月28日（周六）上班",
            "2月14日（周六）、下周六上班",
            "第二项“春节”：未能读出调休上班日期“2月14日（周六）、下周六上班”（应为“X月X日（周六）上班”）",
            id="a-make-up-day-without-a-date",
        ),
        pytest.param(
            "5月9日（周六）上班",
            "5月2日（周六）上班",
            "第四项“劳动节”：调休上班日5月2日落在放假期间内",
            id="a-make-up-day-inside-the-holiday",
        ),
        pytest.param(
            "六、中秋节：9月25日（周五）至27日（周日）放假，共3天。",
            "六、中秋节：按有关规定执行。",
            "第六项“中秋节”：未找到放假日期",
            id="an-item-without-days-off",
        ),
        pytest.param(
            "现将2026年元旦",
            "现将2027年元旦",
            "标题与正文的年份不一致（2026、2027）",
            id="two-years",
        ),
    ],
)
def test_a_malformed_notice_names_what_could_not_be_read(wrong: str, right: str, expected: str) -> None:
    assert wrong in NOTICE_2026
    assert expected in problems(NOTICE_2026.replace(wrong, right))


def test_every_problem_is_listed_not_only_the_first() -> None:
    text = NOTICE_2026.replace("共9天", "共8天").replace("5月9日（周六）", "5月9日（周日）")
    assert problems(text) == [
        "第二项“春节”：写明共8天，但2月15日至2月23日是9天",
        "第四项“劳动节”：5月9日标注为周日，但该日是周六",
    ]


def test_overlapping_items_are_refused() -> None:
    text = NOTICE_2026.replace("六、中秋节：9月25日（周五）至27日（周日）", "六、中秋节：10月1日（周四）至3日（周六）")
    assert "2026-10-01同时出现在“中秋节”和“国庆节”中" in problems(text)


def test_an_invalid_date_is_named() -> None:
    text = NOTICE_2026.replace("2月28日（周六）上班", "2月30日上班")
    assert problems(text) == ["第二项“春节”：“2月30日”不是有效日期"]
