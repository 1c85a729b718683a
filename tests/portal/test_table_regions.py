"""``table_regions``: a body's tables are shown in focusable regions named after their caption or
the heading before them (issue 17, point 16: the annual report's Table 四)."""

from __future__ import annotations

from django.template import Context, Template

from gongkai.portal.templatetags.table_regions import wrap_tables

REGION = '<div class="table-wrap" role="region" tabindex="0" aria-label="{}">'


def test_each_outermost_table_gets_a_region_named_by_its_caption_or_the_heading_before_it() -> None:
    html = (
        "<h2>四、复议 &amp; 诉讼</h2><p>说明</p>"
        "<table><tr><td><table><tr><td>1</td></tr></table></td></tr></table>"
        "<table> <caption>表 二</caption><tr><td>2</td></tr></table>"
    )
    assert wrap_tables(html) == (
        "<h2>四、复议 &amp; 诉讼</h2><p>说明</p>"
        + REGION.format("表格：四、复议 &amp; 诉讼")
        + "<table><tr><td><table><tr><td>1</td></tr></table></td></tr></table></div>"
        + REGION.format("表格：表 二")
        + "<table> <caption>表 二</caption><tr><td>2</td></tr></table></div>"
    )


def test_a_table_without_a_name_and_unbalanced_markup() -> None:
    assert wrap_tables("<table><tr><td>1</td></tr></table>").startswith(REGION.format("表格") + "<table>")
    assert wrap_tables("<p>无表格</p>") == "<p>无表格</p>"
    unbalanced = "<h2>a</h2><table><tr><td>1</td></tr>"
    assert wrap_tables(unbalanced) == unbalanced


def test_the_filter_escapes_what_is_not_marked_safe() -> None:
    template = Template("{% load table_regions %}{{ body|table_regions }}|{{ body|safe|table_regions }}")
    escaped, kept = template.render(Context({"body": "<table><tr><td>1</td></tr></table>"})).split("|")
    assert escaped == "&lt;table&gt;&lt;tr&gt;&lt;td&gt;1&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;"
    assert kept.startswith(REGION.format("表格"))
