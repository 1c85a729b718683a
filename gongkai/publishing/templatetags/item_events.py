"""``{% item_step event as step %}``: an item's history line in Chinese (publishing/events.py)."""

from __future__ import annotations

from typing import Any

from django import template

from gongkai.publishing.events import Step, describe

register = template.Library()


@register.simple_tag
def item_step(event: Any) -> Step:
    return describe(event)
