"""Benchmark: the cost of the letters of disclosure by application (not a test; numbers go to
docs/benchmarks.md). No database: the letters package is plain Python over dataclasses.

Run: .venv/bin/python -m bench.letters
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import time

D = dt.date


def _contexts() -> list[object]:
    from gongkai.foi.letters import LetterContext

    base = {
        "organ": "康巴什区民政局",
        "organ_address": "内蒙古自治区鄂尔多斯市康巴什区市民中心",
        "organ_phone": "0477-8599000",
        "number": "区民政局依申请答复〔2026〕12号",
        "issued_on": D(2026, 10, 20),
        "applicant_name": "张三",
        "received_on": D(2026, 9, 25),
        "tracking_code": "YSQ-2026-7KQ3-M9XD",
        "description": "2026年城乡居民最低生活保障标准调整的通知及测算依据",
        "review_organ": "康巴什区人民政府",
    }
    lines = (("第31—100页", 70, 10, 700), ("第101—200页", 100, 20, 2000), ("第201页及以上", 2019, 40, 80760))
    return [
        LetterContext(kind="reply", outcome="withheld_third_party", reasons="涉及第三方商业秘密。", **base),
        LetterContext(kind="reply", outcome="disclosed", provided="随本告知书提供电子文本。", **base),
        LetterContext(kind="correction", correction_items="请写明文号。", correction_due_on=D(2026, 10, 30), **base),
        LetterContext(
            kind="fee", fee_method="per_volume", fee_lines=lines, fee_yuan=83460, pay_by=D(2026, 11, 5), **base
        ),
    ]


def _time(label: str, call: object, rounds: int) -> None:
    timings = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        call()  # type: ignore[operator]
        timings.append((time.perf_counter() - t0) * 1000)
    print(f"{label}: median {statistics.median(timings):.1f} ms, max {max(timings):.1f} ms ({rounds} rounds)")


def main() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    django.setup()
    from gongkai.foi.letters import build, render_docx, render_pdf

    t0 = time.perf_counter()
    import weasyprint  # noqa: F401

    print(f"import weasyprint: {(time.perf_counter() - t0) * 1000:.0f} ms")
    letters = [build(ctx) for ctx in _contexts()]  # type: ignore[arg-type]
    t0 = time.perf_counter()
    render_pdf(letters[0])
    print(f"first PDF (fonts loaded): {(time.perf_counter() - t0) * 1000:.0f} ms")
    for letter in letters:
        _time(f"PDF  {letter.kind:10} {len(render_pdf(letter)):>7} bytes", lambda lt=letter: render_pdf(lt), 5)
        _time(f"docx {letter.kind:10} {len(render_docx(letter)):>7} bytes", lambda lt=letter: render_docx(lt), 20)


if __name__ == "__main__":
    main()
