"""The public policy pages show published revisions only: the library with its filters, the
现行有效规范性文件目录 with its .xlsx, and the policy extras on the item page."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import strip_tags
from openpyxl import load_workbook

from gongkai.orgs.models import Unit
from gongkai.policies import services, xlsx
from gongkai.policies.models import PolicyDocument
from gongkai.publishing.models import Item
from gongkai.publishing.workflow import drive, perform
from tests.policies.conftest import MakeDocument, MakeInterpretation

pytestmark = pytest.mark.django_db
Step = Callable[[Item], Item]


@pytest.fixture
def live(make_document: MakeDocument, sign: Step, publish: Step, signer_a: Any) -> Callable[..., PolicyDocument]:
    """A published document (normative ones with an exemption, to keep these tests short)."""

    def make(title: str, normative: bool = True, **fields: Any) -> PolicyDocument:
        document = make_document(title, normative=normative, **fields)
        if normative:
            services.record_exemption(signer_a, document, "测试")
        sign(document.item)
        publish(document.item)
        return PolicyDocument.objects.get(pk=document.pk)

    return make


def get(name: str, **params: Any) -> str:
    response = Client().get(reverse(name), params)
    assert response.status_code == 200
    return strip_tags(response.content.decode())


def test_library_shows_published_documents_only(
    live: Callable[..., PolicyDocument], make_document: MakeDocument
) -> None:
    live("已发布的办法")
    make_document("起草中的办法")
    page = get("portal:policies")
    assert "已发布的办法" in page and "起草中的办法" not in page


def test_library_filters(
    live: Callable[..., PolicyDocument], unit_b: Unit, signer_a: Any, make_person: Callable[..., Any]
) -> None:
    live("区级办法", doc_number="康民发〔2025〕3号", written_on=dt.date(2025, 3, 1))
    live("市级文件", level="city", written_on=dt.date(2026, 2, 1), normative=False)
    repealed = live("已废止的办法", written_on=dt.date(2026, 1, 1), normative=False)
    services.add_relation(signer_a, PolicyDocument.objects.get(item__title="区级办法"), repealed, "repeals")
    assert "市级文件" in get("portal:policies", level="city")
    assert "区级办法" not in get("portal:policies", level="city")
    assert "已废止的办法" in get("portal:policies", validity="repealed")
    assert "区级办法" not in get("portal:policies", validity="repealed")
    assert "区级办法" in get("portal:policies", year=2025) and "市级文件" not in get("portal:policies", year=2025)
    assert "区级办法" in get("portal:policies", doc_number="康民发[2025]3号")
    assert "市级文件" not in get("portal:policies", doc_number="康民发(2025)3号")
    unit_a = Item.objects.get(title="区级办法").unit
    assert "区级办法" in get("portal:policies", unit=unit_a.pk)
    response = Client().get(reverse("portal:policies"), {"year": "abc"})
    assert response.status_code == 200 and "区级办法" not in strip_tags(response.content.decode())


def test_library_pagination_keeps_the_filters(live: Callable[..., PolicyDocument]) -> None:
    for n in range(22):
        live(f"文件{n:02d}", normative=False, level="city")
    html = Client().get(reverse("portal:policies"), {"level": "city"}).content.decode()
    assert "level=city&amp;page=2" in html
    assert "文件00" in get("portal:policies", level="city", page=2)


def test_normative_list(live: Callable[..., PolicyDocument], make_document: MakeDocument, signer_a: Any) -> None:
    live("低保实施办法", doc_number="康民发〔2026〕12号", written_on=dt.date(2026, 3, 16))
    live("工作简报", normative=False)
    make_document("尚未发布的办法")
    withdrawn = live("已撤回的办法")
    perform(signer_a, withdrawn.pk, "withdraw", reason="发布有误", reason_code="error")
    page = get("portal:policies_normative")
    assert "低保实施办法" in page and "康民发〔2026〕12号" in page and "2026-03-16" in page and "2026-11-01" in page
    assert "测试区民政局" in page
    for absent in ["工作简报", "尚未发布的办法", "已撤回的办法"]:
        assert absent not in page


def test_normative_list_is_grouped_by_unit(
    live: Callable[..., PolicyDocument], unit_b: Unit, make_person: Callable[..., Any]
) -> None:
    live("甲办法")
    editor_b = make_person("editor_b2", "editor", unit_b)
    reviewer_b, signer_b = make_person("reviewer_b2", "reviewer", unit_b), make_person("signer_b2", "signer", unit_b)
    document = services.create_policy(
        editor_b, unit_b, {}, title="乙办法", normative=True, formed_on=dt.date(2026, 9, 1), genre="measures"
    )
    services.record_exemption(signer_b, document, "测试")
    drive(document.pk, editor_b, reviewer_b, signer_b)
    html = Client().get(reverse("portal:policies_normative")).content.decode()
    heading_a = f'<h2 id="unit-{Item.objects.get(title="甲办法").unit_id}-title">'
    heading_b = f'<h2 id="unit-{unit_b.pk}-title">'
    assert html.index(heading_a) < html.index("甲办法</a>") < html.index(heading_b) < html.index("乙办法</a>")


def test_normative_xlsx(live: Callable[..., PolicyDocument]) -> None:
    live("低保实施办法", doc_number="康民发〔2026〕12号", written_on=dt.date(2026, 3, 16))
    live('=HYPERLINK("x")', doc_number="康民发〔2026〕13号")
    response = Client().get(reverse("portal:policies_normative_xlsx"))
    assert response.status_code == 200 and response["Content-Type"] == xlsx.CONTENT_TYPE
    assert response["Content-Disposition"].startswith("attachment;")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == xlsx.COLUMNS
    assert rows[1:] == [  # newest first; a formula-like title stays text
        (1, "测试区民政局", "低保实施办法", "康民发〔2026〕12号", "测试区民政局", "2026-03-16", "2026-11-01"),
        (2, "测试区民政局", '=HYPERLINK("x")', "康民发〔2026〕13号", "测试区民政局", None, "2026-11-01"),
    ]


def test_item_page_shows_policy_extras_and_interpretations(
    make_document: MakeDocument, make_interpretation: MakeInterpretation, sign: Step, publish: Step
) -> None:
    document = make_document(issuer="康巴什区人民政府办公室", effective_on=dt.date(2026, 12, 1))
    published = make_interpretation(document, "《低保办法》政策解读", person="赵建国", phone="0477-8583210")
    draft = make_interpretation(document, "尚未签发的解读")
    sign(published.item)
    sign(document.item)
    publish(document.item)
    page = strip_tags(Client().get(reverse("portal:item", args=[document.pk])).content.decode())
    assert "康巴什区人民政府办公室" in page and "2026-12-01" in page and "区" in page
    assert "《低保办法》政策解读" in page and "尚未签发的解读" not in page
    interpretation_page = strip_tags(Client().get(reverse("portal:item", args=[published.pk])).content.decode())
    for text in ["康巴什区城乡低保实施办法", "文字解读", "赵建国", "0477-8583210", "解读机构"]:
        assert text in interpretation_page
    assert Client().get(reverse("portal:item", args=[draft.pk])).status_code == 404


def test_working_copy_changes_wait_for_the_next_publication(
    live: Callable[..., PolicyDocument], editor_a: Any, sign: Step, publish: Step
) -> None:
    document = live("会修订的办法", normative=False, issuer="原发文机关")
    item = perform(editor_a, document.pk, "revise")
    services.update_policy(editor_a, document, item.version, issuer="新发文机关", level="city")
    page = strip_tags(Client().get(reverse("portal:item", args=[document.pk])).content.decode())
    assert "原发文机关" in page and "新发文机关" not in page
    Item.objects.filter(pk=document.pk).update(change_note="更正发文机关")
    sign(Item.objects.get(pk=document.pk))
    publish(Item.objects.get(pk=document.pk))
    page = strip_tags(Client().get(reverse("portal:item", args=[document.pk])).content.decode())
    assert "新发文机关" in page
    assert "会修订的办法" in get("portal:policies", level="city")
