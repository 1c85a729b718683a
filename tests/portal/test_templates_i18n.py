"""Every word a user sees goes through gettext: no Chinese text in a template outside
{% translate %} / {% blocktranslate %} … {% endblocktranslate %}, {# … #} and {% comment %} blocks.

The scan covers every template of every app under gongkai/, including those added later.
Han characters fail the test, and so does Chinese punctuation (：、；（）) outside a translation:
a translation (Mongolian, next) needs its own punctuation too. (It only warned before, so it
could never fail.)
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2] / "gongkai"

# Han ideographs: CJK Unified Ideographs, Extension A, Compatibility, Extensions B and beyond.
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]+")
# CJK punctuation (、。〔〕 and the ideographic space) and full-width forms (：，（）).
CJK_PUNCTUATION = re.compile(r"[\u3000-\u303f\uff00-\uffef]+")

ALLOWED = re.compile(
    r"""
      \{\#.*?\#\}                                                         # {# comment #}
    | \{%-?\s*comment\b.*?%\}.*?\{%-?\s*endcomment\s*-?%\}                # {% comment %} … {% endcomment %}
    | \{%-?\s*blocktrans(?:late)?\b.*?%\}.*?\{%-?\s*endblocktrans(?:late)?\s*-?%\}
    | \{%-?\s*trans(?:late)?\s.*?%\}                                     # {% translate "…" %}
    """,
    re.DOTALL | re.VERBOSE,
)


def untranslated(text: str, pattern: re.Pattern[str] = HAN) -> list[tuple[int, str]]:
    """(line number, snippet) of each run of ``pattern`` outside the allowed blocks."""
    found: list[tuple[int, str]] = []
    position = 0
    for match in [*ALLOWED.finditer(text), None]:
        end = match.start() if match else len(text)
        for hit in pattern.finditer(text, position, end):
            line = text.count("\n", 0, hit.start()) + 1
            found.append((line, hit.group()))
        if match:
            position = match.end()
    return found


def template_files() -> list[Path]:
    return sorted(
        path
        for templates in ROOT.rglob("templates")
        if templates.is_dir()
        for path in templates.rglob("*")
        if path.is_file() and path.suffix in {".html", ".txt", ".xml", ".svg", ".js", ".css", ".md"}
    )


def test_the_scan_finds_the_templates() -> None:
    names = {path.relative_to(ROOT).as_posix() for path in template_files()}
    assert "templates/base.html" in names
    assert "templates/404.html" in names
    assert "portal/templates/portal/guide.html" in names


@pytest.mark.parametrize(
    "text",
    [
        "<h1>首页</h1>",
        '<a title="返回">x</a>',
        "{% translate '首页' %}页面",
        "{{ value|default:'无' }}",
        "{% blocktranslate %}a{% endblocktranslate %} 尾巴",
        "{% if x %}否{% endif %}",
    ],
)
def test_the_scan_catches_untranslated_text(text: str) -> None:
    assert untranslated(text), text


@pytest.mark.parametrize(
    "text",
    [
        '{% translate "首页" %}',
        "{% trans '首页' %}",
        "{% translate '主导航' as label %}",
        "{% blocktranslate with n=x trimmed %}\n共 {{ n }} 个\n{% endblocktranslate %}",
        "{% blocktrans count c=n %}一{% plural %}多{% endblocktrans %}",
        "{# 注释 #}",
        "{% comment %}\n说明\n{% endcomment %}",
        "{% comment 'why' %}说明{% endcomment %}",
        "<p>{{ site.site_name }}</p> — ABC 123",
    ],
)
def test_the_scan_accepts_translated_text(text: str) -> None:
    assert untranslated(text) == []


def test_punctuation_is_reported_separately() -> None:
    assert untranslated("{{ a }}：{{ b }}") == []
    assert untranslated("{{ a }}：{{ b }}", CJK_PUNCTUATION) == [(1, "：")]


def _problems(pattern: re.Pattern[str]) -> list[str]:
    return [
        f"{path.relative_to(ROOT.parent)}:{line}: {snippet}"
        for path in template_files()
        for line, snippet in untranslated(path.read_text(encoding="utf-8"), pattern)
    ]


def test_no_untranslated_chinese_in_templates() -> None:
    problems = _problems(HAN)
    assert not problems, "Chinese text outside {% translate %} / {% blocktranslate %}:\n" + "\n".join(problems)


def test_no_chinese_punctuation_outside_translations() -> None:
    problems = _problems(CJK_PUNCTUATION)
    assert not problems, (
        "Chinese punctuation outside {% translate %} / {% blocktranslate %} (move it into the translated "
        "string):\n" + "\n".join(problems)
    )
