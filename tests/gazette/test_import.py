"""``manage.py import_gazette``: an archive folder becomes published history, file by file."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from gongkai.audit.models import AuditEntry
from gongkai.gazette import importer
from gongkai.gazette.access import public_issues
from gongkai.gazette.models import GazetteIssue
from gongkai.gazette.pdfgen import make_pdf
from gongkai.orgs.models import SiteProfile, Unit
from gongkai.publishing.models import Attachment, Item
from tests.gazette.conftest import issue_pdf
from tests.publishing.fixtures.builders import png

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    folder = tmp_path / "archive"
    (folder / "2020").mkdir(parents=True)
    (folder / "2019年第4期.pdf").write_bytes(
        make_pdf([["Kangbashi Gazette 2019 No. 4", "Issued 2019-04-15"], ["Notice on heating 2019"]])
    )
    (folder / "2019-05.pdf").write_bytes(make_pdf([["2019 No. 5", "2019-05-20"]]))
    (folder / "2020" / "公报2020第1期.pdf").write_bytes(make_pdf([["2020 No. 1 without a date"]]))
    (folder / "2020年第2期.pdf").write_bytes(make_pdf([[], []]))  # a scan: no text layer
    (folder / "scan0001.pdf").write_bytes(issue_pdf())  # no year and number in the name
    (folder / "2019年第6期.pdf").write_bytes(png())  # a picture renamed .pdf
    (folder / "2019年第7期.pdf").write_bytes(make_pdf([["2019 No. 7"]])[:200])  # damaged
    (folder / "readme.txt").write_text("目录说明")
    return folder


def run(folder: Path, *args: str) -> str:
    out = io.StringIO()
    call_command("import_gazette", str(folder), *args, stdout=out)
    return out.getvalue()


def test_imports_good_files_as_published_history(archive: Path, office: Any, unit_a: Unit) -> None:
    output = run(archive, "--user", "office", "--unit-id", str(unit_a.pk))
    assert "完成：导入4期，跳过4个文件" in output
    assert set(public_issues().values_list("year", "number")) == {(2019, 4), (2019, 5), (2020, 1), (2020, 2)}
    first = GazetteIssue.objects.select_related("item__published_revision").get(year=2019, number=4)
    item = first.item
    assert item.kind == "gazette" and item.state == "published" and item.unit == unit_a
    assert item.title == "测试区民政局公报 2019年第4期"
    assert first.issue_date == dt.date(2019, 4, 15)
    assert timezone.localtime(item.published_revision.published_at) == dt.datetime(
        2019, 4, 15, 10, tzinfo=timezone.get_current_timezone()
    )
    assert item.index_number.endswith("/2019-00001")
    assert first.page_count == 2 and "Notice on heating 2019" in first.extracted_text
    assert first.pdf is not None and first.pdf.kind == "pdf" and first.pdf.public
    assert AuditEntry.objects.filter(action="item.imported", object_id=str(item.pk)).exists()


def test_reports_every_skipped_file_with_its_reason(archive: Path, office: Any, unit_a: Unit) -> None:
    output = run(archive, "--user", "office", "--unit-id", str(unit_a.pk))
    lines = {line.split(" ")[2].split("：")[0]: line for line in output.splitlines() if line.startswith("[")}
    assert "文件名中没有年份和期号" in lines["scan0001.pdf"]
    assert "跳过" in lines["2019年第6期.pdf"] and "与文件内容（PNG 图片）不符" in lines["2019年第6期.pdf"]
    assert "已损坏" in lines["2019年第7期.pdf"]
    assert "不是PDF文件" in lines["readme.txt"]
    assert "导入" in lines["2020/公报2020第1期.pdf"]
    assert "没有文字层" in output  # the scan is imported with a warning
    assert "未能从PDF首页识别出版日期" in output
    order = [line.split(" ")[2].split("：")[0] for line in output.splitlines() if line.startswith("[")]
    assert order[:4] == ["2019年第4期.pdf", "2019-05.pdf", "2019年第6期.pdf", "2019年第7期.pdf"]


def test_a_bad_file_leaves_nothing_behind(archive: Path, office: Any, unit_a: Unit) -> None:
    run(archive, "--user", "office", "--unit-id", str(unit_a.pk))
    assert not GazetteIssue.objects.filter(year=2019, number__in=[6, 7]).exists()
    assert Item.objects.filter(kind="gazette").count() == 4
    assert Attachment.objects.count() == 4
    stored = list((Path(Attachment.objects.first().file.path).parent).iterdir())
    assert len(stored) == 4


def test_a_second_run_imports_nothing_again(archive: Path, office: Any, unit_a: Unit) -> None:
    run(archive, "--user", "office", "--unit-id", str(unit_a.pk))
    (archive / "2019年第8期.pdf").write_bytes(make_pdf([["2019 No. 8"]]))
    output = run(archive, "--user", "office", "--unit-id", str(unit_a.pk))
    assert "完成：导入1期，跳过8个文件" in output
    assert "2019年第4期已存在" in output
    assert GazetteIssue.objects.count() == 5


def test_a_damaged_file_rolls_back_only_itself(
    archive: Path, office: Any, unit_a: Unit, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failure after the issue was created (here: publishing) undoes that file only."""
    real = importer.publish_now

    def failing(item: Item, actor: Any, now: Any = None) -> None:
        if item.title.endswith("2019年第5期"):
            raise importer.Conflict("simulated failure")
        real(item, actor, now)

    monkeypatch.setattr(importer, "publish_now", failing)
    output = run(archive, "--user", "office", "--unit-id", str(unit_a.pk))
    assert "导入失败，已回滚：simulated failure" in output
    assert not GazetteIssue.objects.filter(year=2019, number=5).exists()
    assert not Item.objects.filter(title__endswith="2019年第5期").exists()
    assert GazetteIssue.objects.count() == 3


def test_search_is_told_about_each_imported_issue(
    archive: Path, office: Any, unit_a: Unit, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[list[int]] = []
    monkeypatch.setattr(importer, "_search_hook", lambda: calls.append)
    run(archive, "--user", "office", "--unit-id", str(unit_a.pk))
    assert sorted(i for ids in calls for i in ids) == sorted(GazetteIssue.objects.values_list("pk", flat=True))


def test_defaults_to_the_site_government(archive: Path, office: Any, site: SiteProfile) -> None:
    run(archive, "--user", "office")
    assert set(Item.objects.filter(kind="gazette").values_list("unit", flat=True)) == {site.government_id}


def test_needs_a_user_who_may_edit_for_the_unit(archive: Path, editor_b: Any, unit_a: Unit) -> None:
    with pytest.raises(CommandError):
        run(archive)  # --user is required
    with pytest.raises(CommandError, match="nobody"):
        run(archive, "--user", "nobody", "--unit-id", str(unit_a.pk))
    with pytest.raises(CommandError, match="信息员"):
        run(archive, "--user", "editor_b", "--unit-id", str(unit_a.pk))
    with pytest.raises(CommandError, match="文件夹不存在"):
        run(archive / "missing", "--user", "editor_b")
    assert not GazetteIssue.objects.exists()


def test_a_failing_search_index_does_not_stop_the_import(
    archive: Path, office: Any, unit_a: Unit, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(ids: list[int]) -> None:
        raise RuntimeError("index locked")

    monkeypatch.setattr(importer, "_search_hook", lambda: broken)
    output = run(archive, "--user", "office", "--unit-id", str(unit_a.pk))
    assert "完成：导入4期" in output and "全文检索索引未能更新" in output
    assert public_issues().count() == 4
