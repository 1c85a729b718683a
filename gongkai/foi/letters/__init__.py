"""The standard letters of disclosure by application (依申请公开), as .docx and PDF.

    letter = build(LetterContext(kind="reply", ...))   # worded Letter, or ValueError
    render_docx(letter) -> bytes; render_pdf(letter) -> bytes

Plain Python over dataclasses: no models, no database. Kinds are in ``KINDS``, reply outcomes
(the rows of the annual report's Table 三, with their articles) in ``OUTCOMES``.
"""

from gongkai.foi.letters.content import EITHER, FEE_METHODS, MAX_EXTENSION_DAYS, PARTY_REPLY_DAYS, REQUIRED, build
from gongkai.foi.letters.model import (
    KINDS,
    FeeLine,
    FeeTable,
    Letter,
    LetterContext,
    format_date,
    format_yuan,
    yuan_in_words,
)
from gongkai.foi.letters.outcomes import OUTCOMES, Outcome
from gongkai.foi.letters.pdf import render_html, render_pdf
from gongkai.foi.letters.word import render_docx

__all__ = [
    "EITHER",
    "FEE_METHODS",
    "KINDS",
    "MAX_EXTENSION_DAYS",
    "OUTCOMES",
    "PARTY_REPLY_DAYS",
    "REQUIRED",
    "FeeLine",
    "FeeTable",
    "Letter",
    "LetterContext",
    "Outcome",
    "build",
    "format_date",
    "format_yuan",
    "render_docx",
    "render_html",
    "render_pdf",
    "yuan_in_words",
]
