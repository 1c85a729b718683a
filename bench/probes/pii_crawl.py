"""PII crawl (issue 15): plant personal data where the public types, crawl what the public reads.

Run: ``.venv/bin/python -m bench.probes.pii_crawl [--styles plain,dots] [--seed 7] [--every]``
(or ``.venv/bin/python bench/probes/pii_crawl.py``). Exit status 1 when a planted secret is found
on a public page. Figures go to docs/benchmarks.md ("Security probes").

1. A fresh demo district in a temporary data directory (``common.start_demo``; demo mode, as
   ``seed_demo`` refuses production mode), the public rate limits raised for the run
   (RULINGS.md 14).
2. Distinctive secrets, made up per run: resident ID numbers with a valid check character,
   mobile and landline numbers, e-mail addresses, bank card numbers (Luhn), house addresses and
   names of rare characters. Each value is typed into one field of one submission, through the
   real public forms (the CAPTCHA answered from its store) and the public API, with Django's
   test client: inquiries (name, phone, subject, question), consultation comments (name, phone,
   text), applications (every field, the description and 文号) and searches (the public search
   and the knowledge base's: numbers, e-mail and addresses from three client addresses, the hot
   topics' threshold; names from two). Free text gets what the detector of RULINGS.md 6 is to
   find (ID, mobile, landline, e-mail, card, house address), and the writer's own name and phone
   as people write them ("我是…，电话…"). Numbers in free text are typed one way per round:
   plain, with spaces, with hyphens, in full-width characters, with dots (``--styles``).
   Comments with personal data are held in even rounds and published masked in odd ones (the
   office's setting, switched for the round).
3. Staff do their work with the domain services: the demo department's editor answers its
   inquiries (greeting the asker by name, repeating the phone and the ID number), the reviewer
   approves where review is required and releases every held comment, answered public inquiries
   are promoted to uniform answers and published by editor, reviewer and signer; the handler
   replies to every other application (disclosed).
4. A crawl of everything the public can read: every page reachable from the home page (links,
   pagination, filters: at most ``--per-path`` query strings per path), the sitemap, the feeds
   (site-wide and per unit, domain and topic), the public API's lists and details, and the
   receipt and tracking pages (and API lookups) of every planted submission, as the holder of
   its code sees them. HTML, XML and JSON are read as text (entities decoded, full-width folded);
   .xlsx/.docx as the XML inside; PDFs through the gazette's text extractor.
5. Each page is searched for every secret as typed, with its markup removed, and for number
   secrets also as the page's digits with every separator removed (so 139 1234 5678, a
   number split by highlighting markup, or full-width digits are still found). A masked form
   (150627********1234, 139****5678) does not hold the secret and is not a finding.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import html
import io
import json
import math
import random
import re
import sys
import tempfile
import time
import unicodedata
import zipfile
from collections import Counter, deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

if __package__ in (None, ""):  # run as a file: the checkout's root on the path
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

KINDS = ("id_number", "mobile", "landline", "email", "card", "address", "name")
NUMBER_KINDS = frozenset({"id_number", "mobile", "landline", "card"})
# What can be typed into free text (a pattern finds it; a name only when it is the writer's own).
FREE_KINDS = ("id_number", "mobile", "landline", "email", "card", "address")
# How numbers are typed into free text, one way per round (full-width: e-mail addresses too).
STYLES = ("plain", "spaced", "hyphens", "full-width", "dots")
# Rare characters for made-up names and roads, so a match is never a coincidence.
SURNAMES = "鲍岑禚郗蔺濮钮仉阙"
GIVEN = "璟翊珩骞曦湛翎澍蘅琮瑄漪昶煦晞"
REGIONS = ("150603", "150602", "150102", "110105", "310104", "440305", "510107", "210202")
MAIL_DOMAINS = ("example.net", "example.org", "mail.example.com")
# Pages no member of the public reads: staff, the CAPTCHA images, static files.
SKIPPED_PREFIXES = ("/workbench/", "/captcha/", "/static/", "/media/", "/healthz")
LOCAL_HOSTS = frozenset({"", "testserver", "localhost", "127.0.0.1"})
CRAWLER_ADDRESS = "198.51.100.7"  # the crawler's own client address (a documentation range)


# --- secrets ------------------------------------------------------------------------------------


@dataclass
class Secret:
    kind: str
    value: str
    where: list[str] = field(default_factory=list)  # "inquiry form · phone", one entry per field

    @property
    def digits(self) -> str:
        """The number's digits (an ID's X dropped): what the digits of a page are searched for."""
        return re.sub(r"\D", "", self.value) if self.kind in NUMBER_KINDS else ""


def luhn_digit(partial: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(partial)):
        n = int(ch) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return str((10 - total % 10) % 10)


class Forge:
    """Makes unique secrets from a seeded random generator and remembers each and where it went."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.secrets: dict[str, Secret] = {}

    def _new(self, kind: str, make: Any) -> str:
        while True:
            value = make()
            if value not in self.secrets:
                self.secrets[value] = Secret(kind, value)
                return value

    def id_number(self) -> str:
        from gongkai.foi.idcard import check_character

        def make() -> str:
            born = dt.date(1950, 1, 1) + dt.timedelta(days=self.rng.randrange(365 * 55))
            first = f"{self.rng.choice(REGIONS)}{born:%Y%m%d}{self.rng.randrange(1000):03d}"
            return first + check_character(first)

        return self._new("id_number", make)

    def mobile(self) -> str:
        return self._new("mobile", lambda: f"1{self.rng.choice('35789')}{self.rng.randrange(10**9):09d}")

    def landline(self) -> str:
        area = self.rng.choice(("0477", "0471", "010", "021"))
        return self._new("landline", lambda: f"{area}-{self.rng.randrange(2, 9)}{self.rng.randrange(10**6):06d}")

    def email(self) -> str:
        def make() -> str:
            local = "".join(self.rng.choice("abcdefghjkmnpqrstuvwxyz23456789") for _ in range(9))
            return f"{local}@{self.rng.choice(MAIL_DOMAINS)}"

        return self._new("email", make)

    def card(self) -> str:
        def make() -> str:
            length = self.rng.choice((16, 19))
            partial = "62" + "".join(str(self.rng.randrange(10)) for _ in range(length - 3))
            return partial + luhn_digit(partial)

        return self._new("card", make)

    def address(self) -> str:
        def make() -> str:
            road = "".join(self.rng.sample(GIVEN, 2))
            r = self.rng.randrange
            return f"内蒙古自治区鄂尔多斯市康巴什区{road}路{r(1, 300)}号{r(1, 30)}栋{r(1, 6)}单元{r(101, 2400)}室"

        return self._new("address", make)

    def name(self) -> str:
        return self._new("name", lambda: self.rng.choice(SURNAMES) + "".join(self.rng.sample(GIVEN, 2)))

    def make(self, kind: str) -> str:
        return getattr(self, kind)()

    def typed(self, value: str, where: str) -> str:
        """Record that ``value`` was typed into ``where``; returns the value."""
        self.secrets[value].where.append(where)
        return value


def styled(value: str, kind: str, style: str) -> str:
    """A number (or an e-mail address) as a person might type it into free text."""
    if style == "full-width" and kind in NUMBER_KINDS | {"email"}:
        return "".join(chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch for ch in value)
    if kind not in NUMBER_KINDS or style in {"plain", "full-width"}:
        return value
    sep = {"spaced": " ", "hyphens": "-", "dots": "."}[style]
    digits = value.replace("-", "")
    if kind == "mobile":
        groups = [digits[:3], digits[3:7], digits[7:]]
    elif kind == "id_number":
        groups = [digits[:6], digits[6:14], digits[14:]]
    elif kind == "landline":
        area = value.split("-", maxsplit=1)[0]
        groups = [area, digits[len(area) : -4], digits[-4:]]
    else:
        groups = [digits[i : i + 4] for i in range(0, len(digits), 4)]
    return sep.join(groups)


# --- planting through the public forms and the API ------------------------------------------------


@dataclass
class Planted:
    secrets: list[Secret]
    holder_urls: list[str]  # receipts and tracking pages (and API lookups) of the submissions
    accepted: Counter[str] = field(default_factory=Counter)
    refused: list[str] = field(default_factory=list)
    searches: int = 0
    staff: Counter[str] = field(default_factory=Counter)
    inquiries: list[int] = field(default_factory=list)
    requests: list[int] = field(default_factory=list)


def _captcha(client: Any, path: str) -> dict[str, str]:
    """The CAPTCHA's token from the form as served, and its answer (as a person reads it off the image)."""
    from gongkai.portal import captcha

    page = client.get(path).content.decode()
    found = re.search(r'name="captcha_0"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="captcha_0"', page)
    if found is None:
        raise RuntimeError(f"no CAPTCHA on {path}")
    key = found.group(1) or found.group(2)
    return {"captcha_0": key, "captcha_1": captcha.answer_for(key)}


class Planter:
    """The public at work: each round, per channel (form and API), one inquiry, one comment per
    kind of personal data (and one with the commenter's own name in the text), one application,
    and the searches. Consultation comments with personal data are held in even rounds and
    published masked in odd ones (the office's setting, switched for the round)."""

    def __init__(self, forge: Forge, rounds: int, styles: tuple[str, ...] = STYLES, *, own_names: bool = True) -> None:
        from django.test import Client

        from bench.probes import common
        from gongkai.orgs.models import Unit
        from gongkai.participation.consultations.access import public_consultations
        from gongkai.participation.consultations.services import state
        from gongkai.participation.consultations.state import OPEN

        self.forge = forge
        self.rounds = rounds
        self.styles = styles
        self.own_names = own_names  # a comment with the commenter's own name in its text
        self.client = Client()
        self.home_unit = common.demo_unit()
        self.other_unit = Unit.objects.filter(active=True, name="康巴什区教育局").first() or self.home_unit
        open_ones = [c for c in public_consultations() if state(c) == OPEN and c.item.state != "withdrawn"]
        if not open_ones:
            raise RuntimeError("the demo has no open consultation to comment on")
        self.consultation = open_ones[0]
        self.office = common.demo_people()["office"]
        self.planted = Planted([], [])

    def _free(self, kinds: tuple[str, ...], where: str, style: str) -> str:
        """Free text holding one new secret of each kind, numbers typed in the round's style."""
        words = {
            "id_number": "身份证号",
            "mobile": "手机",
            "landline": "家里电话",
            "email": "邮箱",
            "card": "银行卡号",
            "address": "住址",
        }
        parts = []
        for kind in kinds:
            value = self.forge.typed(self.forge.make(kind), f"{where} ({style})")
            parts.append(f"{words[kind]}{styled(value, kind, style)}")
        return "，".join(parts)

    def _accept(self, channel: str, response: Any, ok: set[int]) -> bool:
        if response.status_code in ok:
            self.planted.accepted[channel] += 1
            return True
        said = response.content[:300].decode(errors="replace")
        self.planted.refused.append(f"{channel}: {response.status_code} {said}")
        return False

    def inquiry(self, r: int, api: bool) -> None:
        channel = "inquiry API" if api else "inquiry form"
        style = self.styles[r % len(self.styles)]
        f = self.forge
        name = f.typed(f.name(), f"{channel} · name")
        phone = f.typed(f.mobile(), f"{channel} · phone")
        f.typed(name, f"{channel} · question (the asker's own name)")
        f.typed(phone, f"{channel} · question (the asker's own phone, {style})")
        subject_kind = FREE_KINDS[r % len(FREE_KINDS)]
        subject = f"低保咨询 {self._free((subject_kind,), f'{channel} · subject', style)}"
        if r % 2:
            subject = f"{name}的低保咨询 {subject}"
            f.typed(name, f"{channel} · subject (the asker's own name)")
        body = (
            f"我是{name}，电话{styled(phone, 'mobile', style)}。"
            f"{self._free(FREE_KINDS, f'{channel} · question', style)}。"
            "请问申请城乡低保需要准备哪些材料？"
        )
        unit = self.home_unit if r % 3 != 2 else self.other_unit
        public = r % 4 != 3
        if api:
            payload = {"unit_id": unit.pk, "name": name, "phone": phone, "subject": subject[:100], "body": body}
            response = self.client.post(
                "/api/v1/public/inquiries", {**payload, "public": public}, content_type="application/json"
            )
            if self._accept(channel, response, {201}):
                self._holder_inquiry(response.json()["tracking_code"])
            return
        data = {"unit": unit.pk, "subject": subject[:100], "body": body, "name": name, "phone": phone}
        data |= _captcha(self.client, "/hudong/inquiries/")
        if public:
            data["public"] = "on"
        response = self.client.post("/hudong/inquiries/", data)
        if self._accept(channel, response, {303}):
            self._holder_inquiry(response["Location"].rstrip("/").rsplit("/", 1)[-1])

    def _holder_inquiry(self, code: str) -> None:
        from gongkai.participation.models import Inquiry

        self.planted.inquiries.append(Inquiry.objects.get(tracking_code=code).pk)
        self.planted.holder_urls += [
            f"/hudong/inquiries/receipt/{code}/",
            f"/hudong/inquiries/track/?{urlencode({'code': code})}",
            f"/api/v1/public/inquiries/{code}",
        ]

    def _comment_setting(self, r: int) -> None:
        from gongkai.participation.consultations import services
        from gongkai.participation.models import ConsultationSettings

        choice = ConsultationSettings.PersonalData
        services.update_settings(self.office, personal_data=choice.MASK if r % 2 else choice.HOLD)

    def comments(self, r: int, api: bool) -> None:
        channel = "comment API" if api else "comment form"
        style = self.styles[(r + 1) % len(self.styles)]
        pk = self.consultation.pk
        f = self.forge
        for kind in (*FREE_KINDS, "own name") if self.own_names else FREE_KINDS:
            name = f.typed(f.name(), f"{channel} · name")
            phone = f.typed(f.mobile(), f"{channel} · phone")
            if kind == "own name":
                f.typed(name, f"{channel} · text (the commenter's own name)")
                body = f"我是{name}，建议第一条明确适用范围。"
            else:
                body = f"建议第一条明确适用范围。我的{self._free((kind,), f'{channel} · text', style)}。"
            if api:
                response = self.client.post(
                    f"/api/v1/public/consultations/{pk}/comments",
                    {"name": name, "phone": phone, "body": body},
                    content_type="application/json",
                )
                self._accept(channel, response, {201})
                continue
            path = f"/hudong/consultations/{pk}/"
            data = {"name": name, "phone": phone, "body": body, **_captcha(self.client, path)}
            self._accept(channel, self.client.post(path, data), {302, 303})

    def application(self, r: int, api: bool) -> None:
        channel = "application API" if api else "application form"
        style = self.styles[(r + 2) % len(self.styles)]
        f = self.forge
        t = f.typed
        values = {
            "applicant_type": "natural_person",
            "name": t(f.name(), f"{channel} · name"),
            "id_number": t(f.id_number(), f"{channel} · ID number"),
            "contact_person": t(f.name(), f"{channel} · contact person"),
            "phone": t(f.mobile(), f"{channel} · phone"),
            "email": t(f.email(), f"{channel} · e-mail"),
            "address": t(f.address(), f"{channel} · address"),
            "postcode": "017010",
            "description": (
                "申请公开2026年本街道城乡低保审批名单及测算依据。"
                f"{self._free(FREE_KINDS, f'{channel} · description', style)}"
            ),
            "doc_number": f"康民发〔2026〕12号 {self._free(('mobile',), f'{channel} · 文号', style)}",
            "form": "electronic",
            "delivery": ("email", "post")[r % 2],
        }
        unit = self.home_unit if r % 3 != 1 else self.other_unit
        if api:
            response = self.client.post(
                "/api/v1/requests", {**values, "unit_id": unit.pk}, content_type="application/json"
            )
            if self._accept(channel, response, {201}):
                self._holder_request(response.json()["tracking_code"])
            return
        data = {**values, "unit": unit.pk, **_captcha(self.client, "/xxgk/apply/")}
        response = self.client.post("/xxgk/apply/", data)
        if self._accept(channel, response, {303}):
            self._holder_request(response["Location"].rstrip("/").rsplit("/", 1)[-1])

    def _holder_request(self, code: str) -> None:
        from gongkai.foi.models import Request

        self.planted.requests.append(Request.objects.get(tracking_code=code).pk)
        self.planted.holder_urls += [
            f"/xxgk/apply/receipt/{code}/",
            f"/xxgk/apply/track/?{urlencode({'code': code})}",
            f"/api/v1/public/requests/{code}",
        ]

    def searches(self, r: int) -> None:
        """What people type into the search boxes, alone and after a word that finds published
        content (only such a query is counted). Numbers, e-mail and house addresses from three
        client addresses (the hot topics' threshold: the detector must stop them), names from
        two (below it: one person does not make a hot topic)."""
        style = self.styles[(r + 3) % len(self.styles)]
        f = self.forge
        for where, path in (("public search", "/search/"), ("knowledge search", "/hudong/answers/")):
            for kind in KINDS:
                value = f.typed(f.make(kind), f"{where} · query ({style})")
                typed = styled(value, kind, style)
                clients = 2 if kind == "name" else 3
                for query in (typed, f"低保 {typed}"):
                    for n in range(clients):
                        self.client.get(path, {"q": query}, REMOTE_ADDR=f"203.0.113.{10 * r + n + 1}")
                        self.planted.searches += 1

    def control_searches(self) -> None:
        """A text three clients search for, so the hot topics are known to show something."""
        for path in ("/search/", "/hudong/answers/"):
            for n in range(3):
                self.client.get(path, {"q": "低保"}, REMOTE_ADDR=f"192.0.2.{n + 1}")
                self.planted.searches += 1

    def run(self) -> Planted:
        for r in range(self.rounds):
            self._comment_setting(r)
            for api in (False, True):
                self.inquiry(r, api)
                self.comments(r, api)
                self.application(r, api)
            self.searches(r)
        self.control_searches()
        self.planted.secrets = [s for s in self.forge.secrets.values() if s.where]
        return self.planted


# --- staff at work ---------------------------------------------------------------------------------


def _typed_id(body: str) -> str:
    """The ID number as the asker typed it after 身份证号 (staff copy it into the answer)."""
    found = re.search(r"身份证号([^，。]+)", body)
    return found.group(1) if found else ""


def staff_work(planted: Planted) -> None:
    """The demo department answers (repeating the asker's name, phone and ID number, as staff
    do), the reviewer approves where review is required and releases every held comment (the
    public page must still mask them), answered public inquiries become uniform answers published
    by editor, reviewer and signer; the handler replies to every other application (disclosed)."""
    from bench.probes import common
    from gongkai.foi import access as foi_access
    from gongkai.foi import handling
    from gongkai.foi.models import Request
    from gongkai.participation.consultations import services as consultations
    from gongkai.participation.inquiries import services as inquiries
    from gongkai.participation.knowledge import services as knowledge
    from gongkai.participation.models import Comment, Inquiry, InquiryAsker
    from gongkai.publishing.workflow import drive

    people = common.demo_people()
    editor, reviewer, signer, handler = (people[n] for n in ("editor", "reviewer", "signer", "handler"))
    home = common.demo_unit()
    for pk in planted.inquiries:
        inquiry = Inquiry.objects.get(pk=pk)
        if inquiry.unit_id != home.pk:
            continue
        asker = InquiryAsker.objects.get(inquiry=inquiry)
        answer = (
            f"<p>{asker.name}您好！您的咨询已收悉，我们已按您留下的电话{asker.phone}回访，"
            f"并核对了您提供的身份证号{_typed_id(inquiry.body)}。</p>"
            "<p>申请城乡低保请携带户口簿、居民身份证和家庭收入说明到户籍所在地街道办事处提出申请。</p>"
        )
        inquiries.answer(editor, pk, answer)
        planted.staff["inquiries answered"] += 1
        if Inquiry.objects.get(pk=pk).state == Inquiry.State.AWAITING_REVIEW:
            inquiries.review(reviewer, pk, approve=True)
            planted.staff["answers approved"] += 1
        if inquiry.public:
            entry = knowledge.promote(editor, pk)
            drive(entry.item.pk, editor, reviewer, signer)
            planted.staff["promoted and published as uniform answers"] += 1
    for comment in Comment.objects.filter(status=Comment.Status.HELD):
        consultations.moderate(reviewer, comment.pk, "release")
        planted.staff["held comments released"] += 1
    for n, pk in enumerate(planted.requests):
        request_obj = Request.objects.get(pk=pk)
        if n % 2 or not foi_access.can_handle(handler, request_obj.unit_id):
            continue
        provided = "所申请的城乡低保审批名单已在本网站“政府信息公开”栏目公开，随本告知书提供电子文本。"
        handling.record_event(handler, pk, "replied", outcome="disclosed", provided=provided)
        planted.staff["applications replied"] += 1


# --- the crawl ------------------------------------------------------------------------------------


@dataclass
class Page:
    url: str
    status: int
    kind: str  # html, xml, json, text, zip, pdf, other
    holder: bool = False


@dataclass
class Finding:
    url: str
    secret: Secret
    how: str  # "as typed", "markup removed", "digits"

    def what(self) -> str:
        where = "; ".join(dict.fromkeys(self.secret.where))
        return f"{self.secret.kind} {self.secret.value!r} ({self.how}) — typed into {where}"

    def line(self) -> str:
        return f"{self.url}  {self.what()}"


@dataclass
class Crawl:
    pages: list[Page] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)
    unread: list[str] = field(default_factory=list)  # binary pages whose text could not be read
    seconds: float = 0.0


_LINK = re.compile(r"""(?:href|src)\s*=\s*["']([^"'<>]+)["']""", re.IGNORECASE)
_XML_LINK = re.compile(r"<(?:loc|link|guid|id)[^>]*>\s*([^<\s]+)\s*</", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")


def _kind(content_type: str, body: bytes) -> str:
    ct = content_type.split(";", maxsplit=1)[0].strip().lower()
    if ct == "text/html":
        return "html"
    if ct.endswith("xml"):
        return "xml"
    if ct.endswith("json"):
        return "json"
    if ct.startswith("text/"):
        return "text"
    if body[:4] == b"PK\x03\x04":
        return "zip"
    if body[:5] == b"%PDF-":
        return "pdf"
    return "other"


def page_text(kind: str, body: bytes) -> str | None:
    """The text of a page as a reader sees it; None when it cannot be read."""
    if kind == "zip":
        try:
            with zipfile.ZipFile(io.BytesIO(body)) as archive:
                parts = [archive.read(n).decode("utf-8", "replace") for n in archive.namelist() if n.endswith(".xml")]
        except zipfile.BadZipFile:
            return None
        return "\n".join(parts)
    if kind == "pdf":
        from gongkai.gazette.pdftext import PdfUnreadable, read_pdf

        try:
            return read_pdf(body).text
        except PdfUnreadable:
            return None
    if kind == "other":
        return None
    text = body.decode("utf-8", "replace")
    if kind == "json":
        with contextlib.suppress(ValueError):
            text = json.dumps(json.loads(text), ensure_ascii=False)
    return text


class Scanner:
    """Every secret, searched in a page's text three ways."""

    def __init__(self, secrets: list[Secret]) -> None:
        self.secrets = secrets

    def scan(self, url: str, raw: str) -> list[Finding]:
        text = unicodedata.normalize("NFKC", html.unescape(raw))
        bare = unicodedata.normalize("NFKC", html.unescape(_TAG.sub("", raw)))
        squeezed = re.sub(r"\s+", "", bare)
        lowered = text.lower()
        digits = re.sub(r"\D", "", text)
        found = []
        for secret in self.secrets:
            value = secret.value.lower() if secret.kind == "email" else secret.value
            if value in (lowered if secret.kind == "email" else text):
                found.append(Finding(url, secret, "as typed"))
            elif secret.kind in {"name", "address"} and (value in bare or value in squeezed):
                found.append(Finding(url, secret, "markup removed"))
            elif secret.digits and secret.digits in digits:
                found.append(Finding(url, secret, "digits, separators removed"))
        return found


def _local(url: str, base: str) -> str | None:
    """The path and query of a link on this site that the public may read, else None."""
    joined = urljoin(base, html.unescape(url.strip()))
    parts = urlsplit(joined)
    if parts.scheme not in {"", "http", "https"} or (parts.hostname not in LOCAL_HOSTS and parts.netloc):
        return None
    path = parts.path or "/"
    if path.startswith(SKIPPED_PREFIXES) or (path.startswith("/api/") and not path.startswith("/api/v1/")):
        return None
    query = urlencode(sorted(parse_qsl(parts.query, keep_blank_values=True)))
    return f"{path}?{query}" if query else path


def _links(kind: str, text: str, base: str) -> list[str]:
    found: list[str] = []
    if kind == "html":
        found = _LINK.findall(text)
    elif kind == "xml":
        found = _XML_LINK.findall(text) + _LINK.findall(text)
    elif kind == "json":
        found = [v for v in re.findall(r'"(/[^"\s]*|https?://testserver/[^"\s]*)"', text)]
        found += _api_pages(base, text)
    return [local for link in found if (local := _local(link, base)) is not None]


def _api_pages(base: str, text: str) -> list[str]:
    """The other pages of a paged API list (total, page, page_size)."""
    try:
        data = json.loads(text)
    except ValueError:
        return []
    if not isinstance(data, dict) or not {"total", "page_size"} <= set(data) or not data["page_size"]:
        return []
    pages = min(math.ceil(data["total"] / data["page_size"]), 50)
    parts = urlsplit(base)
    query = dict(parse_qsl(parts.query))
    return [f"{parts.path}?{urlencode({**query, 'page': n})}" for n in range(2, pages + 1)]


def seeds() -> list[str]:
    """The home page, the sitemap, every feed and the public API's lists and details."""
    from django.urls import reverse

    from gongkai.catalog.models import Domain
    from gongkai.orgs.models import Unit
    from gongkai.participation.consultations.access import public_consultations
    from gongkai.publishing import vocab

    found = ["/", "/sitemap.xml", reverse("portal:feed_items_rss"), reverse("portal:feed_items_atom")]
    for unit in Unit.objects.filter(active=True):
        found += [reverse("portal:feed_unit_rss", args=[unit.pk]), reverse("portal:feed_unit_atom", args=[unit.pk])]
    for domain in Domain.objects.filter(active=True).exclude(code=""):
        found.append(reverse("portal:feed_domain_rss", args=[domain.code]))
    for code, _label in vocab.TOPICS:
        found.append(reverse("portal:feed_topic_rss", args=[code]))
    from django.utils import timezone

    year = timezone.localdate().year
    found += ["/api/v1/units", "/api/v1/public/items", "/api/v1/public/inquiries"]
    found += [f"/api/v1/reports/annual/{y}" for y in (year - 1, year)]
    found += [f"/api/v1/search?{urlencode({'q': q})}" for q in ("低保", "康巴什", "咨询", "申请")]
    found += [f"/api/v1/public/consultations/{c.pk}" for c in public_consultations()]
    return found


def crawl(
    secrets: list[Secret],
    holder_urls: list[str],
    *,
    max_pages: int = 5000,
    per_path: int = 20,
    start: list[str] | None = None,
) -> Crawl:
    """Read every public page reachable from the holders' pages and the seeds (or from ``start``
    only); scan each."""
    from django.test import Client

    started = time.perf_counter()
    client = Client(REMOTE_ADDR=CRAWLER_ADDRESS)
    scanner = Scanner(secrets)
    result = Crawl()
    holders = set(holder_urls)
    queue: deque[str] = deque(dict.fromkeys(start if start is not None else [*holder_urls, *seeds()]))
    seen: set[str] = set(queue)
    variants: Counter[str] = Counter()
    while queue and len(result.pages) < max_pages:
        url = queue.popleft()
        response = client.get(url)
        body = response.content if not getattr(response, "streaming", False) else b"".join(response)
        kind = _kind(response.get("Content-Type", ""), body)
        result.pages.append(Page(url, response.status_code, kind, url in holders))
        links: list[str] = []
        if response.status_code in {301, 302, 303, 307, 308}:
            target = _local(response["Location"], url)
            links = [target] if target else []
        text = page_text(kind, body)
        if text is None:
            if kind in {"zip", "pdf"}:
                result.unread.append(url)
        else:
            result.findings += scanner.scan(url, text)
            links += _links(kind, text, url)
        for link in links:
            if link in seen:
                continue
            seen.add(link)
            path = link.split("?", 1)[0]
            if "?" in link:
                variants[path] += 1
                if variants[path] > per_path:
                    result.skipped["query strings beyond --per-path"] += 1
                    continue
            queue.append(link)
    result.skipped["left in the queue at --max-pages"] = len(queue)
    result.seconds = time.perf_counter() - started
    return result


# --- running it -----------------------------------------------------------------------------------


@dataclass
class Result:
    planted: Planted
    crawl: Crawl
    hot_topics: list[str]


def run(
    *,
    rounds: int,
    seed: int = 7,
    max_pages: int = 5000,
    per_path: int = 20,
    styles: tuple[str, ...] = STYLES,
    own_names: bool = True,
    extra: Any = None,
) -> Result:
    """Plant, let staff work, crawl, scan. Needs a migrated database with the demo seeded and
    Django set up; ``extra(planted)`` runs before the crawl (the smoke test plants a leak there)."""
    from bench.probes import common
    from gongkai.participation.knowledge.hot import hot_queries

    common.quiet_mail()
    common.raise_rate_limits()
    planted = Planter(Forge(seed), rounds, styles, own_names=own_names).run()
    staff_work(planted)
    if extra is not None:
        extra(planted)
    result = crawl(planted.secrets, planted.holder_urls, max_pages=max_pages, per_path=per_path)
    return Result(planted, result, [t.text for t in hot_queries()])


def report(result: Result, seconds: float | None = None, *, every: bool = False) -> list[str]:
    planted, crawled = result.planted, result.crawl
    kinds = Counter(s.kind for s in planted.secrets)
    fields = {w.split(" (")[0] for s in planted.secrets for w in s.where}
    lines = [
        f"planted {len(planted.secrets)} secrets ("
        + ", ".join(f"{k} {kinds[k]}" for k in KINDS if kinds[k])
        + f") in {len(fields)} fields; submissions accepted: "
        + ", ".join(f"{c} {n}" for c, n in sorted(planted.accepted.items()))
        + f"; refused: {len(planted.refused)}; searches sent: {planted.searches}",
        "staff: " + (", ".join(f"{n} {what}" for what, n in planted.staff.items()) or "nothing"),
        f"hot topics shown: {', '.join(result.hot_topics) or 'none'}",
    ]
    by_kind = Counter(p.kind for p in crawled.pages)
    by_status = Counter(p.status for p in crawled.pages)
    holder = sum(1 for p in crawled.pages if p.holder)
    lines.append(
        f"pages read {len(crawled.pages)} ("
        + ", ".join(f"{k} {n}" for k, n in by_kind.most_common())
        + f"; {holder} of them receipts/tracking of the submissions; status "
        + ", ".join(f"{s}: {n}" for s, n in sorted(by_status.items()))
        + f") in {crawled.seconds:.1f} s"
    )
    skipped = {k: n for k, n in crawled.skipped.items() if n}
    if skipped or crawled.unread:
        lines.append(
            "not read: "
            + ", ".join([f"{n} {k}" for k, n in skipped.items()] + [f"{len(crawled.unread)} unreadable files"])
        )
    for refusal in planted.refused:
        lines.append(f"REFUSED {refusal}")
    if crawled.findings:
        lines += findings_report(crawled.findings, every=every)
    else:
        lines.append("findings: none")
    if seconds is not None:
        lines.append(f"total {seconds:.1f} s")
    return lines


def findings_report(findings: list[Finding], *, every: bool) -> list[str]:
    """Grouped by the field (and the way it was typed) of each secret, then one line per secret
    with the pages it is on (``every``: one line per page and secret)."""
    secrets = {id(f.secret): f.secret for f in findings}
    pages = {f.url for f in findings}
    lines = [
        f"FINDINGS: {len(secrets)} planted secrets on {len(pages)} public pages ({len(findings)} page × secret)",
        "  by the field they were typed into (last field, way of typing):",
    ]
    groups = Counter((s.kind, s.where[-1]) for s in secrets.values())
    lines += [f"  {n:4} × {kind:9} {where}" for (kind, where), n in sorted(groups.items(), key=lambda g: g[0][1])]
    if every:
        return [*lines, *(f"  {f.line()}" for f in findings)]
    on: dict[int, list[Finding]] = {}
    for f in findings:
        on.setdefault(id(f.secret), []).append(f)
    lines.append("  each secret, the pages it is on (--every: all of them):")
    for found in on.values():
        urls = [f.url for f in found]
        more = f" … and {len(urls) - 3} more" if len(urls) > 3 else ""
        lines.append(f"  {found[0].what()}\n      on {len(urls)} pages: {', '.join(urls[:3])}{more}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--rounds", type=int, help="rounds of submissions (default: one per way of typing)")
    parser.add_argument("--seed", type=int, default=7, help="the random seed of the secrets")
    parser.add_argument("--max-pages", type=int, default=5000, help="stop the crawl after this many pages")
    parser.add_argument("--per-path", type=int, default=20, help="query strings followed per path")
    parser.add_argument("--styles", default=",".join(STYLES), help=f"ways of typing numbers (of {', '.join(STYLES)})")
    parser.add_argument("--every", action="store_true", help="list every page × secret found")
    args = parser.parse_args()
    styles = tuple(s.strip() for s in args.styles.split(",") if s.strip())
    if not styles or set(styles) - set(STYLES):
        parser.error(f"--styles: some of {', '.join(STYLES)}")
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="gongkai-pii-") as tmp:
        from bench.probes import common

        setup = common.start_demo(tmp)
        rounds = args.rounds or len(styles)
        result = run(rounds=rounds, seed=args.seed, max_pages=args.max_pages, per_path=args.per_path, styles=styles)
        print(f"PII crawl · fresh demo district (set up in {setup:.1f} s) · {common.machine()}")
        print(f"{rounds} rounds, seed {args.seed}, numbers typed: {', '.join(styles)}")
        for line in report(result, time.perf_counter() - started, every=args.every):
            print(line)
    sys.exit(1 if result.crawl.findings else 0)


if __name__ == "__main__":
    main()
