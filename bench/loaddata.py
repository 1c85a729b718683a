"""What the load run reads from the site's database (bench/load.py): the ids and words it asks
for, the CAPTCHA answers (as the project's tests compute them), and the receipts check.

SQLite (``--data-dir``: ``gongkai.sqlite3`` in it) or PostgreSQL (``--database-url``), with the
standard library's sqlite3 or psycopg; no Django in the load client.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import json
import random
import sqlite3
from pathlib import Path
from typing import Any

# Common subjects people type (the 最低生活保障 first), beside fragments of real titles.
WORDS = [
    "最低生活保障", "个人信息保护", "食品安全", "社会救助", "营商环境", "行政许可", "采暖期供热",
    "预算公开", "城乡居民", "养老保险", "安全生产", "义务教育", "住房公积金", "环境保护",
    "个保法", "政府信息公开条例", "道路交通安全", "消费者权益", "未成年人保护", "劳动合同",
]  # fmt: skip
TOPICS = ["general", "economy", "finance", "construction", "health", "labour", "civil", "science"]
CAPTCHA_SALT, CAPTCHA_DIGITS = "gongkai.captcha", "2345678"  # gongkai/portal/captcha.py
SAMPLE = 20_000  # item ids drawn at random from the published ones


class Database:
    def __init__(self, data_dir: str | None, url: str | None) -> None:
        self.path = str(Path(data_dir) / "gongkai.sqlite3") if data_dir and not url else None
        self.url = url.replace("postgres://", "postgresql://", 1) if url else None

    def rows(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        if self.path:
            with sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=30) as conn:
                return conn.execute(sql, params).fetchall()
        import psycopg

        with psycopg.connect(self.url or "", connect_timeout=10) as conn:
            return conn.execute(sql.replace("?", "%s"), params).fetchall()

    def captcha_answer(self, token: str, secret: str) -> str | None:
        """The answer the form expects. The portal's stateless token (portal/captcha.py): four of
        DIGITS read from an HMAC of the nonce under the secret key, as ``answer_for`` computes it
        for the tests; an older django-simple-captcha hashkey: its stored response."""
        if ":" in token:
            nonce = token.split(":", 1)[0]
            key = hashlib.sha256(f"{CAPTCHA_SALT}.answer".encode() + secret.encode()).digest()
            number = int.from_bytes(hmac.new(key, nonce.encode(), hashlib.sha256).digest(), "big")
            digits = []
            for _position in range(4):
                number, index = divmod(number, len(CAPTCHA_DIGITS))
                digits.append(CAPTCHA_DIGITS[index])
            return "".join(digits)
        found = self.rows("SELECT response FROM captcha_captchastore WHERE hashkey = ?", (token,))
        return found[0][0] if found else None


@dataclasses.dataclass
class Targets:
    items: list[int]
    units: list[int]
    domains: list[str]
    words: list[str]
    db: Database
    topics: list[str] = dataclasses.field(default_factory=lambda: list(TOPICS))

    @classmethod
    def load(cls, data_dir: str | None, url: str | None, seed: int) -> Targets:
        db = Database(data_dir, url)
        rng = random.Random(seed)
        ids = [r[0] for r in db.rows("SELECT id FROM publishing_item WHERE published_revision_id IS NOT NULL")]
        items = rng.sample(ids, min(SAMPLE, len(ids)))
        units = [r[0] for r in db.rows("SELECT id FROM orgs_unit WHERE active = ?", (True,))]
        domains = [r[0] for r in db.rows("SELECT code FROM catalog_domain WHERE code <> ''")]
        chosen = set(items[:300])
        titles = [r[1] for r in db.rows("SELECT id, title FROM publishing_item") if r[0] in chosen]
        fragments = []
        for title in titles:
            text = title.removeprefix("中华人民共和国")
            if len(text) >= 8:
                start = rng.randrange(0, len(text) - 6)
                fragments.append(text[start : start + rng.randint(4, 6)])
        return cls(items=items, units=units, domains=domains, words=WORDS + fragments[:100], db=db)


TABLES = {"apply": ("foi_request", "tracking_code"), "inquiry": ("participation_inquiry", "tracking_code")}


def check_receipts(args: Any) -> int:
    """Every accepted POST of ``--check-receipts`` is in the database; 1 (and the missing) if not."""
    db = Database(args.data_dir, args.database_url)
    lines = [json.loads(line) for line in Path(args.check_receipts).read_text().splitlines() if line.strip()]
    missing = []
    for receipt in lines:
        table, column = TABLES[receipt["kind"]]
        if not db.rows(f"SELECT 1 FROM {table} WHERE {column} = ?", (receipt["code"],)):  # noqa: S608 (fixed names)
            missing.append(receipt)
    print(f"{len(lines)} accepted POSTs in {args.check_receipts}; {len(lines) - len(missing)} found in the database")
    for receipt in missing:
        print(f"MISSING {receipt}")
    return 1 if missing else 0
