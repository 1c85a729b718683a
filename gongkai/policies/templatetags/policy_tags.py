"""``{% policy_extras item %}``: what the public item page adds for a policy document (issuer,
level, effective date, relations both ways, its interpretations) or an interpretation."""

from __future__ import annotations

from typing import Any

from django import template

from gongkai.policies import public

register = template.Library()


@register.inclusion_tag("portal/policy_extras.html")
def policy_extras(item: Any) -> dict[str, Any]:
    return public.extras(item)
