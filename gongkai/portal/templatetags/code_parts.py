"""``{% code_parts item %}``: on the page of a part of a code published in parts (a book of the
民法典), the whole's parts in order, each a link, and a link to the whole's page (issue 17,
point 4). Nothing for any other item."""

from __future__ import annotations

from typing import Any

from django import template

from gongkai.policies import codes

register = template.Library()


@register.inclusion_tag("portal/_code_parts.html")
def code_parts(item: Any) -> dict[str, Any]:
    whole = codes.whole_of(item)
    if not whole:
        return {}
    return {
        "code_whole": whole,
        "code_parts": codes.parts(whole),
        "code_item": item,
        "code_number": item.policy.part_number or 1,
    }
