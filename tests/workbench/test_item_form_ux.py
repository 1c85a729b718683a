"""The item form as a clerk meets it (issue 17, points 8 and 9): the Word import first, date pickers,
the catalogue entries of the unit's own domains only (a foreign one refused, naming the field), and
a body pasted from Word keeping its headings, lists and tables through the server's sanitiser."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from django.urls import reverse

from gongkai.catalog import units as catalogue_units
from gongkai.catalog.models import CatalogueEntry, Domain
from gongkai.orgs.models import Membership, Role, Unit
from gongkai.publishing.models import Item
from gongkai.publishing.sanitize import clean_html
from gongkai.workbench.item_forms import ItemForm

WORD_PASTE = (Path(__file__).resolve().parent / "word_paste.html").read_text(encoding="utf-8")


def entry(domain: Domain, first: str, subject: str, level: str = CatalogueEntry.Level.COUNTY) -> CatalogueEntry:
    return CatalogueEntry.objects.create(
        domain=domain,
        level=level,
        first_level=first,
        content_elements="要素",
        basis="依据",
        subject=subject,
        channels="政府网站",
    )


@pytest.fixture
def catalogue(unit_a: Unit) -> dict[str, CatalogueEntry]:
    """Three domains: one naming unit_a, one naming the tax bureau only, one naming 各部门."""
    assistance = Domain.objects.create(name="社会救助", code="social-assistance", position=1)
    taxes = Domain.objects.create(name="税收管理", code="taxation", position=2)
    functions = Domain.objects.create(
        name="机关职能", code="functions", kind=Domain.Kind.GENERAL, basis="第二十条", position=3
    )
    return {
        "dibao": entry(assistance, "最低生活保障", unit_a.name),
        "dibao_finance": entry(assistance, "低保资金", "测试区财政局"),
        "street": entry(assistance, "临时救助", "各街道办事处", CatalogueEntry.Level.TOWNSHIP),
        "tax": entry(taxes, "税收优惠", "国家税务总局测试区税务局"),
        "functions": entry(functions, "机构职能", "各部门"),
    }


def test_the_unit_sees_the_entries_of_its_own_domains(unit_a: Unit, catalogue: dict[str, CatalogueEntry]) -> None:
    assert {d.name for d in catalogue_units.domains_of(unit_a)} == {"社会救助", "机关职能"}
    assert set(catalogue_units.entries_for(unit_a)) == {
        catalogue["dibao"],
        catalogue["dibao_finance"],
        catalogue["functions"],
    }


def test_the_form_offers_the_units_domains_grouped_with_dates_and_the_word_file_first(
    unit_a: Unit, catalogue: dict[str, CatalogueEntry]
) -> None:
    form = ItemForm(units=Unit.objects.filter(pk=unit_a.pk))
    assert next(iter(form.fields)) == "word_file"
    assert list(form.fields).index("word_file") < list(form.fields).index("title")
    html = form.as_div()
    for name in ("written_on", "formed_on", "expires_on"):
        assert f'type="date" name="{name}"' in html
    assert '<optgroup label="社会救助">' in html and '<optgroup label="机关职能">' in html
    assert "税收" not in html and "临时救助" not in html
    assert '<textarea name="body_html"' in html  # the editor enhances it; without JavaScript it is the field


def form_data(unit: Unit, **extra: Any) -> dict[str, Any]:
    return {
        "unit": unit.pk,
        "title": "关于冬季救助的通知",
        "topic": "civil",
        "genre": "notice",
        "formed_on": "2026-11-02",
        "validity": "valid",
        "disclosure_mode": "proactive",
        **extra,
    }


def test_a_foreign_entry_is_refused_naming_the_field(
    editor_a: Any, unit_a: Unit, catalogue: dict[str, CatalogueEntry], logged_in: Any
) -> None:
    editor = logged_in(editor_a)
    response = editor.post(reverse("workbench:item_create"), form_data(unit_a, catalogue_entry=catalogue["tax"].pk))
    assert response.status_code == 422
    assert "所选目录事项不在本单位的公开领域内，请重新选择目录事项" in response.content.decode()
    assert not Item.objects.exists()

    saved = editor.post(reverse("workbench:item_create"), form_data(unit_a, catalogue_entry=catalogue["dibao"].pk))
    assert saved.status_code == 302
    assert Item.objects.get().catalogue_entry == catalogue["dibao"]


def test_an_editor_of_two_units_may_not_file_one_units_item_under_the_others_domain(
    editor_a: Any, unit_a: Unit, unit_b: Unit, catalogue: dict[str, CatalogueEntry]
) -> None:
    Membership.objects.create(user=editor_a, unit=unit_b, role=Role.EDITOR)
    taxes = catalogue["tax"].domain
    school_fees = entry(taxes, "教育收费", unit_b.name)
    form = ItemForm(
        form_data(unit_a, catalogue_entry=school_fees.pk), units=Unit.objects.filter(pk__in=[unit_a.pk, unit_b.pk])
    )
    assert not form.is_valid()
    assert form.errors["catalogue_entry"] == [f"“{school_fees}”不在{unit_a.name}的公开领域内，请重新选择目录事项"]


def test_an_edited_item_keeps_the_entry_it_already_has(
    editor_a: Any, unit_a: Unit, catalogue: dict[str, CatalogueEntry]
) -> None:
    from gongkai.publishing import services

    item = services.create_item(
        editor_a,
        unit_a,
        title="旧信息",
        formed_on=dt.date(2026, 11, 2),
        genre="notice",
        catalogue_entry=catalogue["tax"],
    )
    data = form_data(unit_a, catalogue_entry=catalogue["tax"].pk, version=item.version)
    form = ItemForm(data, instance=item)
    assert form.is_valid(), form.errors


def test_the_sanitiser_keeps_a_word_pastes_headings_lists_and_tables() -> None:
    cleaned = clean_html(WORD_PASTE)
    assert "<h2>" in cleaned and "<h3>" in cleaned  # Word's 标题 1 becomes h2: the page has the h1
    assert "<ul><li>" in cleaned.replace("\n", "") and "<ol><li>" in cleaned.replace("\n", "")
    lists = lxml.html.fragment_fromstring(cleaned, create_parent="div")
    assert [li.text_content() for li in lists.iter("li")] == [
        "城乡最低生活保障对象",
        "特困供养人员",
        "按月发放取暖补贴",
        "一次性发放慰问金",
    ]
    assert "<table>" in cleaned and "<td>" in cleaned and "980" in cleaned
    for gone in ("<script", "alert(", "<style", "style=", "mso-", "<o:p", "@list", "supportLists", "Wingdings"):
        assert gone not in cleaned, gone
    assert clean_html(cleaned) == cleaned
