"""The page of a code published in parts and the links to it from each part (issue 17, point 4)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from gongkai.policies.models import PolicyDocument
from tests.policies.civil_code import BOOKS, WHOLE, import_civil_code


@pytest.fixture
def books(government: Any, tmp_path: Path) -> list[PolicyDocument]:
    import_civil_code(tmp_path)
    return list(PolicyDocument.objects.filter(part_of=WHOLE).order_by("part_number"))


def test_the_whole_shows_its_parts_in_order_with_anchors_and_contents(client: Any, books: list[PolicyDocument]) -> None:
    response = client.get(f"/xxgk/policies/code/{books[4].item_id}/")  # from any part
    assert response.status_code == 200
    page = response.content.decode()
    assert f"<h1>{WHOLE}</h1>" in page
    headings = [page.index(f'<h2 id="part-{n}">{book}</h2>') for n, (_id, book, _text) in enumerate(BOOKS, start=1)]
    assert headings == sorted(headings)
    assert all(f'<a href="#part-{n}">' in page for n in range(1, 9))
    assert page.index("第一条") < page.index("第二百零五条") < page.index("第一千二百五十九条")
    assert page.count("<h2>总则</h2>") == 0  # the part's own heading is not repeated under the anchored one
    assert f'href="/xxgk/items/{books[2].item_id}/"' in page  # each part's own page


def test_a_whole_document_has_no_code_page(client: Any, books: list[PolicyDocument]) -> None:
    other = PolicyDocument.objects.get(source_id="interp00001")
    assert client.get(f"/xxgk/policies/code/{other.item_id}/").status_code == 404
    assert client.get("/xxgk/policies/code/999999/").status_code == 404


def test_each_part_lists_the_books_and_links_to_the_whole(client: Any, books: list[PolicyDocument]) -> None:
    contract = books[2]
    page = client.get(f"/xxgk/items/{contract.item_id}/").content.decode()
    assert "本法典共 8 编" in page
    assert f'href="/xxgk/policies/code/{contract.item_id}/#part-3"' in page
    assert f'href="/xxgk/items/{books[0].item_id}/">总则</a>' in page
    assert '<span aria-current="page">合同编</span>' in page
    other = PolicyDocument.objects.get(source_id="interp00001")
    assert "本法典共" not in client.get(f"/xxgk/items/{other.item_id}/").content.decode()
