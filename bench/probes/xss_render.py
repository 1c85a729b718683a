"""XSS render probe (issue 15): hostile payloads in every rendered field, pages in headless Chromium.

Run: ``.venv/bin/python -m bench.probes.xss_render [--fields item_body,comment] [--payloads 10] [--group 1]``
(or ``.venv/bin/python bench/probes/xss_render.py``). Exit status 1 when a payload ran, or left
live markup on a page (an event handler, a ``javascript:`` URL, a script or frame of its own).
Figures go to docs/benchmarks.md ("Security probes").

1. A fresh demo district in a temporary data directory (``common.start_demo``), served by Django's
   live-server thread (static files included), rendered by Debian's Chromium through Playwright.
2. ``PAYLOADS``: script tags, event handlers, ``javascript:``/``data:`` URLs, SVG and MathML,
   style and ``expression()``, broken and misnested markup (mutation XSS), entity and
   full-width tricks, attribute and element break-outs. Each calls ``top.__xss(n)`` (or
   ``alert(n)``) with its own number.
3. Each payload is stored through the domain services in every field the public site renders:
   an item's body (the sanitiser) and title, an inquiry's subject and question and its answer,
   a consultation comment, a uniform answer's text and question, the hot topics; and typed into
   what pages echo: the public search and the knowledge base's search (after a word that finds
   results, so the highlighting runs too) and the two tracking forms' code. Items and answers are
   published by the demo department's editor, reviewer and signer; inquiries answered.
4. Every page is rendered in its own document with the page's Content-Security-Policy bypassed
   (Playwright's ``bypass_csp``): a payload is judged by the escaping and the sanitiser alone,
   not by the CSP behind them (``--csp`` renders with the site's own policy). A trap set before
   any script (``window.__xss``) and a dialog handler record what ran; after the page has loaded
   and its events fired, the DOM is searched for live markup carrying a payload's number.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

if __package__ in (None, ""):  # run as a file: the checkout's root on the path
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
CALL = "top.__xss({n})"
# "{P}" is the trap call with the payload's number, "{n}" the number alone.
PAYLOADS = [
    "<script>{P}</script>",
    "<SCRIPT>{P}</SCRIPT>",
    "<script src=data:text/javascript,{P}></script>",
    "<img src=x onerror={P}>",
    '<img src="x" onerror="{P}">',
    "<img src=x onerror=&#116;&#111;&#112;.__xss({n})>",
    "<svg onload={P}>",
    "<svg><script>{P}</script></svg>",
    "<svg><animate onbegin={P} attributeName=x dur=1s>",
    '<svg><a xlink:href="javascript:{P}"><text x=20 y=20>x</text></a></svg>',
    "<math><mtext><table><mglyph><style><img src=x onerror={P}>",
    "<body onload={P}>",
    '<iframe src="javascript:{P}"></iframe>',
    '<iframe srcdoc="<script>{P}</script>"></iframe>',
    '<object data="javascript:{P}"></object>',
    '<embed src="javascript:{P}">',
    '<a href="javascript:{P}">点我</a>',
    '<a href="jav&#x09;ascript:{P}">点我</a>',
    '<a href=" &#106;avascript:{P}">点我</a>',
    '<a href="data:text/html,<script>{P}</script>">点我</a>',
    '<form action="javascript:{P}"><button>提交</button></form>',
    '<button formaction="javascript:{P}">按钮</button>',
    "<input autofocus onfocus={P}>",
    "<details open ontoggle={P}>",
    "<video><source onerror={P}></video>",
    "<audio src=x onerror={P}>",
    "<marquee onstart={P}>x</marquee>",
    "<select autofocus onfocus={P}></select>",
    "<x onclick={P}>点我</x>",
    '<div style="background:url(javascript:{P})">x</div>',
    '<div style="width:expression({P})">x</div>',
    '<p style="x:expr/**/ession({P})">x</p>',
    '<style>@import "javascript:{P}";</style>',
    '<meta http-equiv="refresh" content="0;url=javascript:{P}">',
    '<base href="javascript:{P}//">',
    '<link rel=stylesheet href="javascript:{P}">',
    '"><script>{P}</script>',
    "'><img src=x onerror={P}>",
    "</title><script>{P}</script>",
    "</textarea><script>{P}</script>",
    '<noscript><p title="</noscript><img src=x onerror={P}>">',
    '<!--<img src="--><img src=x onerror={P}>-->',
    "<![CDATA[<img src=x onerror={P}>]]>",
    "&lt;script&gt;{P}&lt;/script&gt;",
    "&#60;img src=x onerror={P}&#62;",
    "<scr<script>ipt>{P}</scr</script>ipt>",
    '<img """><script>{P}</script>">',
    "＜script＞{P}＜/script＞",
    "<img src=x onerror={P}//",
    "<script>alert({n})</script>",
    "<img src=x:alert({n}) onerror=eval(src)>",
    '<table background="javascript:{P}"><tr><td>x</td></tr></table>',
]
FIELDS = (
    "item_body",
    "item_title",
    "inquiry_question",
    "inquiry_answer",
    "comment",
    "knowledge_answer",
    "knowledge_question",
    "hot_topic",
    "search_query",
    "knowledge_query",
    "tracking_code",
)
# Live markup a payload can leave, searched for in the rendered DOM (and in same-origin frames).
DOM_CHECK = r"""() => {
  const marker = /__xss\((\d+)\)|alert\((\d+)\)/;
  const urls = ['href', 'src', 'action', 'formaction', 'data', 'xlink:href', 'background', 'poster', 'srcdoc'];
  const out = [];
  const add = (m, el, what) => out.push({n: m ? Number(m[1] || m[2]) : 0, what, html: el.outerHTML.slice(0, 200)});
  const live = (tag, name, value, el) => {
    const folded = value.replace(/[\s\x00-\x1f]/g, '').toLowerCase();
    const m = value.match(marker);
    if (name.startsWith('on')) return m;
    if (urls.includes(name)) return folded.includes('javascript:') || folded.startsWith('data:text/html');
    if (name === 'style') return m && (folded.includes('expression(') || folded.includes('javascript:'));
    return name === 'content' && tag === 'meta' && el.hasAttribute('http-equiv') && m;
  };
  const walk = (doc) => {
    for (const el of doc.querySelectorAll('*')) {
      const tag = el.tagName.toLowerCase();
      for (const a of Array.from(el.attributes)) {
        if (live(tag, a.name.toLowerCase(), a.value, el)) add(a.value.match(marker), el, `${tag}[${a.name}]`);
      }
      const code = ['script', 'style'].includes(tag) ? el.textContent + (el.getAttribute('src') || '') : '';
      if (code.match(marker)) add(code.match(marker), el, tag);
      const framed = ['iframe', 'frame', 'object', 'embed', 'base'].includes(tag) && el.outerHTML.match(marker);
      if (framed) add(framed, el, tag);
    }
    for (const frame of doc.querySelectorAll('iframe')) {
      try { if (frame.contentDocument) walk(frame.contentDocument); } catch (e) {}
    }
  };
  walk(document);
  return out;
}"""
TRAP = "window.__xss = (n) => { (window.__xssHits = window.__xssHits || []).push(n); };"


def payloads(count: int | None = None) -> list[tuple[int, str]]:
    """The payloads with their numbers (1 …), the trap call filled in."""
    chosen = PAYLOADS if count is None else PAYLOADS[:count]
    return [(n, p.replace("{P}", CALL.format(n=n)).replace("{n}", str(n))) for n, p in enumerate(chosen, start=1)]


# --- storing the payloads where the site renders them -------------------------------------------


@dataclass
class Target:
    field: str
    url: str
    numbers: list[int]  # the payloads on the page
    hot: list[str] = field(default_factory=list)  # hot topics to show while the page is rendered


class Store:
    """Puts a group of payloads into a field through the services; returns the pages to render."""

    def __init__(self) -> None:
        from django.utils import timezone

        from bench.probes import common

        self.people = common.demo_people()
        self.unit = common.demo_unit()
        self.today = timezone.localdate()
        self.refused: list[str] = []  # what a service refused to store (with its reason)

    def _publish(self, item_id: int) -> None:
        from gongkai.publishing.workflow import drive

        p = self.people
        drive(item_id, p["editor"], p["reviewer"], p["signer"])

    def item_body(self, text: str, tag: str) -> list[str]:
        from gongkai.publishing import services

        fields = {"formed_on": self.today, "genre": "notice", "topic": "general"}
        item = services.create_item(
            self.people["editor"],
            self.unit,
            title=f"跨站脚本测试正文{tag}",
            body_html=f"<p>正文{tag}</p>{text}",
            **fields,
        )  # the payload after some text: a body of nothing but what the sanitiser drops is refused
        self._publish(item.pk)
        return [f"/xxgk/items/{item.pk}/"]

    def item_title(self, text: str, tag: str) -> list[str]:
        from gongkai.publishing import services

        title = f"跨站脚本测试标题{tag}{text}"[:300]
        fields = {"formed_on": self.today, "genre": "notice", "topic": "general"}
        item = services.create_item(self.people["editor"], self.unit, title=title, body_html="<p>正文</p>", **fields)
        self._publish(item.pk)
        return [f"/xxgk/items/{item.pk}/", "/search/?" + urlencode({"q": title[:200]})]

    def _inquiry(self, subject: str, body: str, answer: str) -> str:
        from gongkai.participation.inquiries import services
        from gongkai.participation.models import Inquiry

        question = services.Question(self.unit.pk, "市民", "13900000000", subject[:100], body[:2000], True)
        inquiry = services.ask(question)
        services.answer(self.people["editor"], inquiry.pk, answer)
        if Inquiry.objects.get(pk=inquiry.pk).state == Inquiry.State.AWAITING_REVIEW:
            services.review(self.people["reviewer"], inquiry.pk, approve=True)
        return "/hudong/inquiries/track/?" + urlencode({"code": inquiry.tracking_code})

    def inquiry_question(self, text: str, tag: str) -> list[str]:
        return [self._inquiry(f"咨询{tag}{text}", text, "<p>答复</p>")]

    def inquiry_answer(self, text: str, tag: str) -> list[str]:
        return [self._inquiry(f"咨询{tag}", "请问如何办理？", f"<p>答复{tag}</p>{text}")]

    def comment(self, text: str, tag: str) -> list[str]:
        from gongkai.orgs.models import Role
        from gongkai.participation.consultations import demo, services
        from gongkai.participation.models import Comment

        p = self.people
        consultation = services.create_consultation(
            p["editor"], self.unit, title=f"跨站脚本测试征求意见{tag}", body_html="<p>草案</p>",
            opens_on=self.today, closes_on=self.today + dt.timedelta(days=29),
        )  # fmt: skip
        demo.publish_draft(consultation, {role: p[role] for role in (Role.EDITOR, Role.REVIEWER, Role.SIGNER)})
        comment = services.submit_comment(consultation.pk, name="市民", phone="", body=text[:3000])
        if comment.status == Comment.Status.HELD:  # a moderator lets it through: the page must still be safe
            services.moderate(p["reviewer"], comment.pk, "release")
        return [f"/hudong/consultations/{consultation.pk}/"]

    def _entry(self, question: str, answer: str) -> str:
        from gongkai.participation.knowledge import services

        entry = services.create_entry(self.people["editor"], self.unit, question=question[:300], answer_html=answer)
        self._publish(entry.item.pk)
        return f"/hudong/answers/{entry.pk}/"

    def knowledge_answer(self, text: str, tag: str) -> list[str]:
        return [self._entry(f"跨站脚本测试问题{tag}", f"<p>答复{tag}</p>{text}")]

    def knowledge_question(self, text: str, tag: str) -> list[str]:
        return [self._entry(f"跨站脚本测试问题{tag}{text}", "<p>答复</p>")]

    def search_query(self, text: str, tag: str) -> list[str]:
        return ["/search/?" + urlencode({"q": f"低保 {text}"[:200]})]

    def knowledge_query(self, text: str, tag: str) -> list[str]:
        return ["/hudong/answers/?" + urlencode({"q": f"低保 {text}"[:200]})]

    def tracking_code(self, text: str, tag: str) -> list[str]:
        code = urlencode({"code": text[:64]})
        return [f"/xxgk/apply/track/?{code}", f"/hudong/inquiries/track/?{code}"]


def hot_topic_targets(chosen: list[tuple[int, str]], refused: list[str]) -> list[Target]:
    """The hot topics list shows ten: payloads ten at a time, each counted as three clients'
    search (what the list needs) while its page is rendered; a payload the hot topics' own
    filter refuses to count is noted, not shown."""
    from gongkai.participation.knowledge.hot import normalised_query
    from gongkai.portal.knowledge import HOT_TOPICS

    counted = []
    for n, text in chosen:
        query = normalised_query(text)
        if query is None:
            refused.append(f"hot_topic #{n}: not counted by the hot topics' filter")
        else:
            counted.append((n, query))
    targets = []
    for start in range(0, len(counted), HOT_TOPICS):
        batch = counted[start : start + HOT_TOPICS]
        url = f"/hudong/answers/?hot={start // HOT_TOPICS + 1}"  # a new document per batch (a query, not a #)
        targets.append(Target("hot_topic", url, [n for n, _q in batch], [q for _n, q in batch]))
    return targets


def store(
    fields: list[str], chosen: list[tuple[int, str]], group: int, *, lists: bool = True
) -> tuple[list[Target], list[str]]:
    """Every payload (``group`` to a page) into every field; the pages to render."""
    from django.core.exceptions import ValidationError

    keeper = Store()
    targets: list[Target] = []
    for name in fields:
        if name == "hot_topic":
            continue
        for start in range(0, len(chosen), group):
            batch = chosen[start : start + group]
            text = "\n".join(t for _n, t in batch)
            tag = "-".join(str(n) for n, _t in batch)
            try:
                urls = getattr(keeper, name)(text, tag)
            except (ValidationError, ValueError) as exc:  # a service refusing the text is no finding
                keeper.refused.append(f"{name} #{tag}: {exc}")
                continue
            targets += [Target(name, url, [n for n, _t in batch]) for url in urls]
    if not lists:
        return targets, keeper.refused
    # Pages that list what was stored (the home page, the lists of inquiries and answers).
    every = [n for n, _t in chosen]
    for url in ("/", "/hudong/inquiries/", "/hudong/inquiries/?page=2", "/hudong/answers/", "/hudong/consultations/"):
        targets.append(Target("lists", url, every))
    targets.append(Target("lists", f"/xxgk/statutory/unit/{keeper.unit.pk}/", every))
    return targets, keeper.refused


# --- rendering ------------------------------------------------------------------------------------


@dataclass
class Finding:
    field: str
    url: str
    number: int
    how: str  # "ran" or the live markup found
    detail: str = ""


@dataclass
class Result:
    payloads: int
    fields: list[str]
    pages: int = 0
    findings: list[Finding] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    store_seconds: float = 0.0
    seconds: float = 0.0

    @property
    def ran(self) -> list[Finding]:
        return [f for f in self.findings if f.how == "ran"]


def render(browser: Any, base_url: str, targets: list[Target], result: Result, *, csp: bool = False) -> None:
    """Each target in a new document of one browser context; trap, dialogs and DOM checked."""
    context = browser.new_context(bypass_csp=not csp, locale="zh-CN", viewport={"width": 1280, "height": 900})
    context.add_init_script(TRAP)
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        for target in targets:
            if target.hot:
                _show_hot_topics(target.hot)
            url = base_url + target.url
            dialogs.clear()
            response = page.goto(url, wait_until="load", timeout=30_000)
            result.statuses[response.status if response else 0] += 1
            page.wait_for_timeout(100)  # events that fire after load (ontoggle, onbegin, onfocus)
            hits = page.evaluate("() => window.__xssHits || []") if not page.is_closed() else []
            for n in sorted({int(h) for h in hits} | {int(d) for d in dialogs if str(d).isdigit()}):
                result.findings.append(Finding(target.field, target.url, n, "ran"))
            for found in page.evaluate(DOM_CHECK):
                result.findings.append(Finding(target.field, target.url, found["n"], found["what"], found["html"]))
            result.pages += 1
    finally:
        context.close()


def _show_hot_topics(queries: list[str]) -> None:
    """The day's search counts: each of ``queries`` as searched by three clients, nothing else."""
    from django.utils import timezone

    from gongkai.participation.models import SearchCount

    SearchCount.objects.all().delete()
    for query in queries:
        SearchCount.objects.create(day=timezone.localdate(), query=query, count=3)


def run(
    browser: Any,
    base_url: str,
    *,
    fields: list[str] | None = None,
    count: int | None = None,
    group: int = 1,
    csp: bool = False,
    lists: bool = True,
) -> Result:
    """Needs Django set up, the demo seeded and a server for ``base_url`` on the same database."""
    from bench.probes import common

    started = time.perf_counter()
    common.quiet_mail()
    common.raise_rate_limits()
    chosen = payloads(count)
    fields = list(fields or FIELDS)
    result = Result(len(chosen), fields)
    targets, result.refused = store(fields, chosen, group, lists=lists)
    if "hot_topic" in fields:
        targets += hot_topic_targets(chosen, result.refused)
    result.store_seconds = time.perf_counter() - started
    render(browser, base_url, targets, result, csp=csp)
    result.seconds = time.perf_counter() - started
    return result


def report(result: Result, chosen: dict[int, str]) -> list[str]:
    lines = [
        f"payloads {result.payloads} × fields {len(result.fields)} ({', '.join(result.fields)})",
        f"pages rendered {result.pages} in Chromium (status "
        + ", ".join(f"{s}: {n}" for s, n in sorted(result.statuses.items()))
        + f"); {result.seconds:.1f} s (storing {result.store_seconds:.1f} s)",
    ]
    if result.refused:
        lines.append(f"not stored or not shown ({len(result.refused)}): " + "; ".join(result.refused[:8]))
    ran = result.ran
    live = [f for f in result.findings if f.how != "ran"]
    if not result.findings:
        lines.append("payloads that ran: none; live markup left: none")
        return lines
    lines.append(f"FINDINGS: {len(ran)} payloads ran, {len(live)} pieces of live markup")
    for f in [*ran, *live]:
        payload = chosen.get(f.number, "?")
        detail = f" {f.detail}" if f.detail else ""
        lines.append(f"  {f.field:18} {f.url}  #{f.number} {f.how}: {payload!r}{detail}")
    return lines


# --- standing alone: a live server and a browser --------------------------------------------------


def serve() -> Any:
    """Django's live-server thread (the one the test suite uses), with the static files."""
    from django.test.testcases import LiveServerThread, _StaticFilesHandler

    thread = LiveServerThread("127.0.0.1", _StaticFilesHandler, port=0)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    return thread


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--fields", default=",".join(FIELDS), help="the fields to store payloads in")
    parser.add_argument("--payloads", type=int, help=f"the first N payloads (of {len(PAYLOADS)})")
    parser.add_argument("--group", type=int, default=1, help="payloads stored together on one page")
    parser.add_argument("--csp", action="store_true", help="render with the site's own Content-Security-Policy")
    args = parser.parse_args()
    fields = [f.strip() for f in args.fields.split(",") if f.strip()]
    if set(fields) - set(FIELDS):
        parser.error(f"--fields: some of {', '.join(FIELDS)}")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's loop runs in this thread
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="gongkai-xss-") as tmp:
        from bench.probes import common

        setup = common.start_demo(tmp)
        from playwright.sync_api import sync_playwright

        server = serve()
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
                try:
                    base = f"http://{server.host}:{server.port}"
                    result = run(browser, base, fields=fields, count=args.payloads, group=args.group, csp=args.csp)
                finally:
                    browser.close()
        finally:
            server.terminate()
        print(f"XSS render probe · fresh demo district (set up in {setup:.1f} s) · {common.machine()}")
        print(f"CSP: {'the site’s own' if args.csp else 'bypassed (escaping and sanitiser alone)'}; group {args.group}")
        for line in report(result, dict(payloads(args.payloads))):
            print(line)
        print(f"total {time.perf_counter() - started:.1f} s")
    sys.exit(1 if result.findings else 0)


if __name__ == "__main__":
    main()
