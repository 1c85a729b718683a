"""Carried documents for the tests of issue 17 (points 1, 3): two laws imported as the corpus
import writes them — a Beijing people's-congress rule dated 2026-09-01 and an undated Shanghai
rule — into the district government (imported explicitly by the test modules)."""

from __future__ import annotations

import json
from pathlib import Path

from gongkai.policies import importer
from gongkai.publishing.models import Item

BEIJING = "北京市物业管理条例"
SHANGHAI = "上海市养犬管理条例"
LAWS = [
    {
        "id": "bj1",
        "title": BEIJING,
        "category": "地方性法规",
        "subcategory": "北京",
        "level": "地方性法规",
        "issuer": "北京市人民代表大会常务委员会",
        "issued_on": "2026-09-01",
        "status": "有效",
        "body": f"# {BEIJING}\n\n<!-- INFO END -->\n\n第一条 为了规范物业管理活动，制定本条例。",
    },
    {
        "id": "sh1",
        "title": SHANGHAI,
        "category": "地方性法规",
        "subcategory": "上海",
        "level": "地方性法规",
        "status": "有效",
        "body": f"# {SHANGHAI}\n\n<!-- INFO END -->\n\n第一条 为了加强养犬管理，制定本条例。",
    },
]


def import_laws(folder: Path) -> dict[str, Item]:
    path = folder / "laws.jsonl"
    path.write_text("\n".join(json.dumps(law, ensure_ascii=False) for law in LAWS), encoding="utf-8")
    importer.import_file(path)
    return {item.title: item for item in Item.objects.filter(carried=True)}
