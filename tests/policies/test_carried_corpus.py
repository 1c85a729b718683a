"""Reading a carried document's organ, level, region and dates from the law corpus, and merging
the books of a code into one document (issue 17, points 1 and 4). Plain reading: no database,
except the last test, which imports a small file."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from gongkai.policies import books, corpus
from gongkai.policies.models import PolicyDocument, PolicyRevision
from gongkai.publishing.models import Item
from gongkai.publishing.sanitize import clean_html


def raw(**fields: Any) -> dict[str, Any]:
    base = {"id": "abc123", "title": "某条例", "category": "行政法规", "level": "行政法规", "body": "# 某条例\n\n正文"}
    return {**base, **fields}


@pytest.mark.parametrize(
    ("fields", "issuer", "level", "region"),
    [
        # Beijing: a people's congress rule is a 北京市 local regulation, provincial level.
        (
            {"category": "地方性法规", "subcategory": "北京", "issuer": "北京市人民代表大会常务委员会"},
            "北京市人民代表大会常务委员会",
            "region",
            "北京市",
        ),
        # Shanghai, no organ in the corpus: read from the title and the category.
        (
            {"category": "地方性法规", "subcategory": "上海", "title": "上海市人民代表大会常务委员会议事规则"},
            "上海市人民代表大会及其常务委员会",
            "region",
            "上海市",
        ),
        # Inner Mongolia: the district's own autonomous region, and a city of it.
        (
            {"category": "地方性法规", "issuer": "内蒙古自治区人民代表大会常务委员会", "title": "内蒙古自治区某条例"},
            "内蒙古自治区人民代表大会常务委员会",
            "region",
            "内蒙古自治区",
        ),
        (
            {"category": "地方性法规", "subcategory": "内蒙古", "issuer": "鄂尔多斯市人民代表大会常务委员会"},
            "鄂尔多斯市人民代表大会常务委员会",
            "city",
            "内蒙古自治区鄂尔多斯市",
        ),
        # A city regulation without its organ, filed under its province.
        (
            {"category": "地方性法规", "subcategory": "河南", "title": "郑州市户外广告和招牌设置管理条例"},
            "郑州市人民代表大会及其常务委员会",
            "city",
            "河南省郑州市",
        ),
        # A province named in brackets (the migration has no subcategory to go by).
        (
            {"category": "地方性法规", "title": "中国（上海）自由贸易试验区条例"},
            "上海市人民代表大会及其常务委员会",
            "region",
            "上海市",
        ),
        # National: an administrative regulation with no organ is the State Council's.
        ({"category": "行政法规", "title": "保障农民工工资支付条例"}, "国务院", "national", ""),
        ({"category": "部门规章", "subcategory": "市场监督管理总局"}, "国家市场监督管理总局", "national", ""),
        ({"category": "司法解释", "issuer": "最高人民法院"}, "最高人民法院", "national", ""),
    ],
)
def test_issuer_level_and_region(fields: dict[str, Any], issuer: str, level: str, region: str) -> None:
    record = corpus.to_record(raw(**fields), 1)
    assert (record.issuer, record.level, record.region) == (issuer, level, region)


def test_the_level_label_names_the_region_not_the_districts_autonomous_region() -> None:
    beijing = PolicyRevision(issuer="北京市人民代表大会常务委员会", level="region", region="北京市")
    national = PolicyDocument(issuer="国务院", level="national")
    assert beijing.get_level_display() == "北京市·省级"
    assert "自治区" not in beijing.get_level_display()
    assert national.get_level_display() == "国家"


def test_undated_stays_undated() -> None:
    record = corpus.to_record(raw(issued_on=None, effective_on=None), 1)
    assert (record.written_on, record.effective_on) == (None, None)


BOOKS = [
    ("物权编", "第二百零五条 本编调整因物的归属和利用产生的民事关系。"),
    ("总则", "第一条 为了保护民事主体的合法权益，制定本法。"),
    ("附则", "第一千二百六十条 本法自2021年1月1日起施行。"),
]


def book_raw(part: str, text: str, n: int) -> dict[str, Any]:
    body = (
        f"# 中华人民共和国民法典\n\n# {part}\n\n2020年5月28日 第十三届全国人民代表大会第三次会议通过\n\n"
        f"<!-- INFO END -->\n\n## 第一章　一般规定\n\n{text}\n"
    )
    return raw(
        id=f"book{n}",
        title=f"中华人民共和国民法典·{part}",
        category="民法典",
        issuer="全国人民代表大会",
        issued_on="2020-05-28",
        effective_on="2021-01-01",
        status="有效",
        body=body,
    )


def test_books_of_a_code_merge_into_one_document_in_the_order_of_their_articles() -> None:
    found = corpus.Books()
    for n, (part, text) in enumerate(BOOKS):
        raw_book = book_raw(part, text, n)
        assert found.take(raw_book, corpus.to_record(raw_book, n + 1))
    assert not found.take(raw(), corpus.to_record(raw(), 9))  # not a book
    [(whole, joined)] = list(found.merged())
    assert joined == 3
    assert (whole.title, whole.issuer, whole.written_on) == (
        "中华人民共和国民法典",
        "全国人民代表大会",
        dt.date(2020, 5, 28),
    )
    assert [part.heading for part in whole.parts] == ["总则", "物权编", "附则"]
    body = books.compose(whole.body_html, whole.parts, clean_html)
    assert body.count("第十三届全国人民代表大会第三次会议通过") == 1  # the history lines once
    assert '<a href="#part-2">物权编</a>' in body and '<h2 id="part-2">物权编</h2>' in body
    assert "<h3>第一章　一般规定</h3>" in body  # the books' chapters one level down
    assert body.index("第一条") < body.index("第二百零五条") < body.index("第一千二百六十条")


def test_chinese_article_numbers() -> None:
    assert [books.chinese_number(t) for t in ("一", "十", "十二", "二百零五", "一千二百六十")] == [1, 10, 12, 205, 1260]


@pytest.mark.django_db
def test_import_writes_the_code_as_one_carried_document_and_keeps_undated_undated(
    government: Any, tmp_path: Path
) -> None:
    from django.core.management import call_command

    lines = [book_raw(part, text, n) for n, (part, text) in enumerate(BOOKS)]
    lines.append(
        raw(
            id="sh1",
            title="上海市养犬管理条例",
            category="地方性法规",
            subcategory="上海",
            body="# 上海市养犬管理条例\n\n正文",
        )
    )
    lines.append(raw(id="case1", title="某案例", category="案例", body="# 某案例\n\n案情"))
    path = tmp_path / "laws.jsonl"
    path.write_text("\n".join(json.dumps(line, ensure_ascii=False) for line in lines), encoding="utf-8")
    from io import StringIO

    out = StringIO()
    call_command("import_policies", str(path), stdout=out)
    output = out.getvalue()
    assert "未导入 1 件“案例”" in output and "3 个分编合并为 1 件完整文件" in output
    assert output.strip().splitlines()[-1] == "imported 2"
    code = Item.objects.select_related("policy").get(title="中华人民共和国民法典")
    assert code.carried and code.policy.source_id == books.merged_id("中华人民共和国民法典")
    assert '<h2 id="part-1">总则</h2>' in code.body_html
    assert not Item.objects.filter(title__contains="·").exists()
    shanghai = Item.objects.select_related("policy", "published_revision__policy").get(title="上海市养犬管理条例")
    assert (shanghai.formed_on, shanghai.first_published_on, shanghai.written_on) == (None, None, None)
    assert shanghai.published_revision is not None
    assert shanghai.published_revision.policy.get_level_display() == "上海市·省级"
