"""Reading a carried document's organ, level, region and dates from the law corpus, and the
books of a code: each its own document, with its whole and its place (issue 17, points 1 and 4).
Plain reading: no database, except the last test, which imports a small file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from gongkai.policies import books, corpus
from gongkai.policies.models import PolicyDocument, PolicyRevision
from gongkai.publishing.models import Item


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


def test_books_of_a_code_stay_records_of_their_own_numbered_by_their_first_article() -> None:
    found = corpus.Books()
    for n, (part, text) in enumerate(BOOKS):
        raw_book = book_raw(part, text, n)
        assert found.take(raw_book, corpus.to_record(raw_book, n + 1))
    assert not found.take(raw(), corpus.to_record(raw(), 9))  # not a book
    numbered = list(found.numbered())
    assert [(r.source_id, r.title, r.part_of, r.part_number, joined) for r, joined in numbered] == [
        ("book0", "中华人民共和国民法典·物权编", "中华人民共和国民法典", 2, 3),
        ("book1", "中华人民共和国民法典·总则", "中华人民共和国民法典", 1, 3),
        ("book2", "中华人民共和国民法典·附则", "中华人民共和国民法典", 3, 3),
    ]
    assert "第二百零五条" in numbered[0][0].body_html  # each book keeps its own text


def test_a_lone_book_stays_a_document_of_its_own() -> None:
    found = corpus.Books()
    raw_book = book_raw("总则", BOOKS[1][1], 1)
    found.take(raw_book, corpus.to_record(raw_book, 1))
    [(record, joined)] = list(found.numbered())
    assert (record.part_of, record.part_number, joined) == ("", None, 1)


def test_chinese_article_numbers() -> None:
    assert [books.chinese_number(t) for t in ("一", "十", "十二", "二百零五", "一千二百六十")] == [1, 10, 12, 205, 1260]


@pytest.mark.django_db
def test_import_keeps_each_book_with_its_own_id_and_place_and_keeps_undated_undated(
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
    assert "未导入 1 件“案例”" in output and "3 个分编属于 1 部法典" in output
    assert output.strip().splitlines()[-1] == "imported 4"
    code = PolicyDocument.objects.filter(part_of="中华人民共和国民法典").order_by("part_number")
    assert [(d.source_id, d.item.title, d.item.carried) for d in code] == [
        ("book1", "中华人民共和国民法典·总则", True),
        ("book0", "中华人民共和国民法典·物权编", True),
        ("book2", "中华人民共和国民法典·附则", True),
    ]
    assert not Item.objects.filter(title="中华人民共和国民法典").exists()  # no merged record
    assert PolicyDocument.objects.get(source_id="sh1").part_of == ""
    shanghai = Item.objects.select_related("policy", "published_revision__policy").get(title="上海市养犬管理条例")
    assert (shanghai.formed_on, shanghai.first_published_on, shanghai.written_on) == (None, None, None)
    assert shanghai.published_revision is not None
    assert shanghai.published_revision.policy.get_level_display() == "上海市·省级"
    again = StringIO()
    call_command("import_policies", str(path), stdout=again)
    assert again.getvalue().strip().splitlines()[-1] == "imported 0"
    assert Item.objects.filter(carried=True).count() == 4
