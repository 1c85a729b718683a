"""A small corpus file with the eight books of the 民法典 (their real corpus ids, in the corpus's
own order, which is not the Code's) and a judicial interpretation citing the Code over and
over; and its import (issue 17, point 4). Shared by the tests of the import, search and pages."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from gongkai.policies import importer

WHOLE = "中华人民共和国民法典"
# (corpus id, book, its first article), in the Code's order.
BOOKS = [
    ("6246072fc076", "总则", "第一条 为了保护民事主体的合法权益，调整民事关系，制定本法。"),
    ("5a1cac1cc513", "物权编", "第二百零五条 本编调整因物的归属和利用产生的民事关系。"),
    ("ada6b16d1032", "合同编", "第四百六十三条 本编调整因合同产生的民事关系。当事人订立合同，可以采取要约、承诺方式。"),
    ("99f6ebe527d8", "人格权编", "第九百八十九条 本编调整因人格权的享有和保护产生的民事关系。"),
    ("0504680e1206", "婚姻家庭编", "第一千零四十条 本编调整因婚姻家庭产生的民事关系。"),
    ("19e126ccfb8b", "继承编", "第一千一百一十九条 本编调整因继承产生的民事关系。"),
    ("1284dd23c112", "侵权责任编", "第一千一百六十四条 本编调整因侵害民事权益产生的民事关系。"),
    ("0c0541caa925", "附则", "第一千二百五十九条 民法所称的“以上”、“以下”，包括本数。"),
]
FIRST_ID = BOOKS[0][0]
OTHER_IDS = [source_id for source_id, _book, _text in BOOKS[1:]]
CORPUS_ORDER = [3, 6, 2, 4, 0, 1, 5, 7]  # as laws.jsonl.gz lists them
INTERPRETATION = "最高人民法院关于适用《中华人民共和国民法典》时间效力的若干规定"


def book(source_id: str, part: str, text: str) -> dict[str, Any]:
    body = (
        f"# {WHOLE}\n\n# {part}\n\n2020年5月28日 第十三届全国人民代表大会第三次会议通过\n\n"
        f"<!-- INFO END -->\n\n## 第一章　一般规定\n\n{text}\n"
    )
    return {
        "id": source_id,
        "title": f"{WHOLE}·{part}",
        "category": "民法典",
        "issuer": "全国人民代表大会",
        "issued_on": "2020-05-28",
        "effective_on": "2021-01-01",
        "status": "有效",
        "body": body,
    }


def corpus_file(folder: Path) -> Path:
    lines = [book(*BOOKS[i]) for i in CORPUS_ORDER]
    citing = "根据《中华人民共和国民法典》，民法典施行后，适用民法典的规定。" * 15
    lines.append(
        {"id": "interp00001", "title": INTERPRETATION, "category": "司法解释", "issuer": "最高人民法院", "body": citing}
    )
    path = folder / "civil-code.jsonl"
    path.write_text("\n".join(json.dumps(line, ensure_ascii=False) for line in lines), encoding="utf-8")
    return path


def import_civil_code(folder: Path) -> importer.Counts:
    """Import the file (the government unit must exist: the ``government`` fixture)."""
    return importer.import_file(corpus_file(folder))
