"""``{% item_where item %}``: the "出现在" panel of the workbench item page — every site and
column that shows the item now (gongkai.sites.public.where; one query)."""

from __future__ import annotations

from typing import Any

from django import template

from gongkai.sites import public
from gongkai.sites.models import Site

register = template.Library()


@register.inclusion_tag("workbench/sites/_where.html", takes_context=True)
def item_where(context: dict[str, Any], item: Any) -> dict[str, Any]:
    from gongkai.sites.public import column_address

    request = context["request"]
    places = []
    for placement in public.where(item):
        placement.column.site = placement.site
        url = column_address(request, placement.column)
        places.append({"site": placement.site, "column": placement.column, "url": url})
    # A whole-library site (the district portal) shows every public item without a column's rule.
    portals = list(Site.objects.filter(whole_library=True, active=True)) if item.is_public else []
    return {"places": places, "portals": portals}
