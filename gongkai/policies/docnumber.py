"""文号 (document numbers) normalised for exact matching. Plain Python: no Django.

People type a 文号 in many ways: ``国办发〔2016〕80号``, ``国办发[2016]80号``, ``国办发（2016）80号``,
``国办发【2016】８０号``, with stray spaces, without brackets (``国办发2016 80号``), with 第 or
leading zeros (``国办发〔2016〕第080号``), or with a leading ``中华人民共和国``. All of them give
the same key, so a 文号 typed in either bracket style finds the document. The key is for
matching only; pages show the 文号 as the document states it.
"""

from __future__ import annotations

from gongkai.search.text import doc_number_key


def normalise_doc_number(text: str | None) -> str:
    """The matching key of a 文号: every bracket pair → 〔〕, full-width digits and letters →
    ASCII, no whitespace, no leading 中华人民共和国. Empty for an empty or missing 文号.
    One implementation for the library and the search index (gongkai.search.text)."""
    return doc_number_key(text) if text else ""
