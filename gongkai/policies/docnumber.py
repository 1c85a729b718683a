"""文号 (document numbers) normalised for exact matching. Plain Python: no Django.

People type a 文号 in many ways: ``国办发〔2016〕80号``, ``国办发[2016]80号``, ``国办发（2016）80号``,
``国办发【2016】８０号``, with stray spaces, or with a leading ``中华人民共和国``. All of them give
the same key, so a 文号 typed in either bracket style finds the document. The key is for
matching only; pages show the 文号 as the document states it.
"""

from __future__ import annotations

import re
import unicodedata

# After NFKC, full-width （）［］ are ASCII already; the rest are CJK brackets NFKC keeps.
_OPENING = "([{〔【〖〘［（﹝⦅"
_CLOSING = ")]}〕】〗〙］）﹞⦆"
_BRACKETS = str.maketrans({**dict.fromkeys(_OPENING, "〔"), **dict.fromkeys(_CLOSING, "〕")})
_SPACE = re.compile(r"\s+")
_COUNTRY = "中华人民共和国"


def normalise_doc_number(text: str | None) -> str:
    """The matching key of a 文号: every bracket pair → 〔〕, full-width digits and letters →
    ASCII, no whitespace, no leading 中华人民共和国. Empty for an empty or missing 文号."""
    if not text:
        return ""
    key = unicodedata.normalize("NFKC", text).translate(_BRACKETS)
    key = _SPACE.sub("", key)
    while key.startswith(_COUNTRY):
        key = key[len(_COUNTRY) :]
    return key
