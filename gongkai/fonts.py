"""The fonts official documents are printed in: which are needed, whether fontconfig has them, and
a refusal before rendering when it does not.

A reply letter (答复告知书) is a statutory document. WeasyPrint gives no error for a missing CJK
font — it writes a valid PDF of empty boxes in DejaVu — and with no font at all Pango crashes the
process (STACK.md §6). So the letters and the report are never rendered without asking
fontconfig first, and ``manage.py check``, production start-up and /healthz report the gap.

fontconfig is asked through its C library (ctypes), the one Pango itself uses: a fresh
configuration per question, so what ``FONTCONFIG_FILE`` names now is what is answered (about
10 ms with fontconfig's cache; a render takes 0.2 s or more). No ``fc-list`` binary is needed.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import logging
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

logger = logging.getLogger("gongkai.fonts")


@dataclass(frozen=True)
class FontNeed:
    """Fonts a kind of document needs: one of ``families`` must be there and cover ``lang``."""

    key: str
    families: tuple[str, ...]
    lang: str  # fontconfig's language tag: the font must cover that language's characters
    package: str  # the Debian package that brings the first family (system-packages.txt)
    purpose: str  # marked for translation (gettext_noop), translated where it is shown


# The letters and the annual report name exactly these in their stylesheets (a test holds them to
# it): Noto Serif CJK SC for text, Noto Sans CJK SC for headings, WenQuanYi Micro Hei between them
# as the lighter fallback.
CJK = FontNeed(
    key="cjk",
    families=("Noto Serif CJK SC", "WenQuanYi Micro Hei", "Noto Sans CJK SC"),
    lang="zh-cn",
    package="fonts-noto-cjk",
    purpose=N_("中文公文（答复告知书等文书、政府信息公开工作年度报告）"),
)
# What the documents the platform prints need today; the Mongolian site adds its font here.
REQUIRED: tuple[FontNeed, ...] = (CJK,)


class FontsMissing(RuntimeError):
    """No font of a need is installed: the document must not be rendered."""

    def __init__(self, need: FontNeed) -> None:
        self.need = need
        super().__init__(
            _(
                "服务器未安装%(purpose)s所需的字体（%(families)s），为避免文书中文字显示为方框，"
                "已停止生成PDF。请系统管理员安装软件包 %(package)s 后重试。"
            )
            % {"purpose": _(need.purpose), "families": "、".join(need.families), "package": need.package}
        )


class _FontSet(ctypes.Structure):
    _fields_ = [
        ("nfont", ctypes.c_int),
        ("sfont", ctypes.c_int),
        ("fonts", ctypes.POINTER(ctypes.c_void_p)),
    ]


@functools.cache
def _fontconfig() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("fontconfig") or "libfontconfig.so.1"
    try:
        lib = ctypes.CDLL(name)
    except OSError:
        return None
    void_p, char_p = ctypes.c_void_p, ctypes.c_char_p
    signatures = {
        "FcInitLoadConfigAndFonts": ([], void_p),
        "FcNameParse": ([char_p], void_p),
        "FcObjectSetCreate": ([], void_p),
        "FcObjectSetAdd": ([void_p, char_p], ctypes.c_int),
        "FcFontList": ([void_p, void_p, void_p], ctypes.POINTER(_FontSet)),
        "FcPatternGetString": ([void_p, char_p, ctypes.c_int, ctypes.POINTER(char_p)], ctypes.c_int),
        "FcFontSetDestroy": ([ctypes.POINTER(_FontSet)], None),
        "FcObjectSetDestroy": ([void_p], None),
        "FcPatternDestroy": ([void_p], None),
        "FcConfigDestroy": ([void_p], None),
    }
    for function, (arguments, result) in signatures.items():
        getattr(lib, function).argtypes = arguments
        getattr(lib, function).restype = result
    return lib


def families_for(lang: str) -> set[str] | None:
    """Every family name (all its names) of the installed fonts that cover ``lang``, from a fresh
    fontconfig configuration; None when fontconfig itself cannot be loaded."""
    lib = _fontconfig()
    if lib is None:
        return None
    config = lib.FcInitLoadConfigAndFonts()
    if not config:
        return set()
    pattern = lib.FcNameParse(f":lang={lang}".encode())
    objects = lib.FcObjectSetCreate()
    lib.FcObjectSetAdd(objects, b"family")
    found = lib.FcFontList(config, pattern, objects)
    names: set[str] = set()
    try:
        for i in range(found.contents.nfont if found else 0):
            value = ctypes.c_char_p()
            n = 0
            while lib.FcPatternGetString(found.contents.fonts[i], b"family", n, ctypes.byref(value)) == 0:
                names.add((value.value or b"").decode("utf-8", "replace"))
                n += 1
    finally:
        if found:
            lib.FcFontSetDestroy(found)
        lib.FcObjectSetDestroy(objects)
        lib.FcPatternDestroy(pattern)
        lib.FcConfigDestroy(config)
    return names


def installed(need: FontNeed) -> list[str]:
    """The families of ``need`` that fontconfig has, covering its language, in the stylesheet's order."""
    present = families_for(need.lang) or set()
    return [family for family in need.families if family in present]


def missing() -> list[FontNeed]:
    """The needs of REQUIRED that no installed font meets."""
    return [need for need in REQUIRED if not installed(need)]


def require(need: FontNeed) -> None:
    """Refuse (FontsMissing, and an error in the log) unless a font of ``need`` is installed:
    called before a document is rendered, never after."""
    if installed(need):
        return
    logger.error(
        "document not rendered: no font for %s (%s); install %s",
        need.key,
        ", ".join(need.families),
        need.package,
        extra={"event": "fonts.missing", "package": need.package},
    )
    raise FontsMissing(need)
