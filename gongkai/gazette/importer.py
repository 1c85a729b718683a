"""Bulk import of an archive folder of issue PDFs as already-published history.

Each file is its own transaction: a bad file changes nothing and the others go on. Files are
matched to issues by (year, number) from their names, so a second run imports only what is new.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.actor import Actor
from gongkai.gazette import services
from gongkai.gazette.filenames import parse_issue_name
from gongkai.gazette.models import GazetteIssue
from gongkai.gazette.pdftext import PdfText, find_issue_date
from gongkai.orgs import access
from gongkai.orgs.models import Role, Unit
from gongkai.publishing.services import Conflict
from gongkai.publishing.workflow import publish_now, record_step

log = logging.getLogger("gongkai.gazette")
PUBLISH_HOUR = dt.time(10)  # an archived issue is recorded as published at 10:00 on its date


@dataclass
class Outcome:
    name: str
    imported: bool
    message: str
    warnings: list[str] = field(default_factory=list)
    item_id: int | None = None


@dataclass
class Summary:
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def imported(self) -> int:
        return sum(1 for o in self.outcomes if o.imported)

    @property
    def skipped(self) -> int:
        return len(self.outcomes) - self.imported


def archive_files(folder: Path) -> list[Path]:
    """Every file under ``folder`` (sub-folders included): issues in order of year and number
    (so their 索引号 follow the order of publication), then the other files by name."""

    def order(path: Path) -> tuple[int, int, int, str]:
        shown = path.relative_to(folder).as_posix()
        parsed = parse_issue_name(path.name) if path.suffix.lower() == ".pdf" else None
        return (0, *parsed, shown) if parsed else (1, 0, 0, shown)

    return sorted((p for p in folder.rglob("*") if p.is_file()), key=order)


def import_folder(
    folder: Path, actor: Actor, unit: Unit, progress: Callable[[int, int, Outcome], None] | None = None
) -> Summary:
    """Import every issue PDF in ``folder``; ``progress`` hears about each file as it is done."""
    access.require(actor, unit, Role.EDITOR)
    files = archive_files(folder)
    summary = Summary()
    for index, path in enumerate(files, start=1):
        outcome = import_file(path, actor, unit, shown=path.relative_to(folder).as_posix())
        if outcome.item_id is not None:
            _tell_search(outcome)
        summary.outcomes.append(outcome)
        if progress is not None:
            progress(index, len(files), outcome)
    return summary


def _refusal(path: Path) -> str | tuple[int, int]:
    """Why the file is not an issue to import, or its (year, number)."""
    if path.suffix.lower() != ".pdf":
        return _("不是PDF文件（扩展名不是.pdf）")
    parsed = parse_issue_name(path.name)
    if parsed is None:
        return _("文件名中没有年份和期号（例如“2019年第4期.pdf”或“2019-04.pdf”）")
    existing = GazetteIssue.objects.filter(year=parsed[0], number=parsed[1]).first()
    if existing is not None:
        return _("%(year)d年第%(number)d期已存在（信息编号%(pk)d），未重复导入") % {
            "year": parsed[0],
            "number": parsed[1],
            "pk": existing.pk,
        }
    if path.stat().st_size > services.MAX_PDF_BYTES:
        return _("文件超过大小上限 %(limit)d MB") % {"limit": services.MAX_PDF_BYTES // (1 << 20)}
    return parsed


def import_file(path: Path, actor: Actor, unit: Unit, shown: str | None = None) -> Outcome:
    name = shown or path.name
    checked = _refusal(path)
    if isinstance(checked, str):
        return Outcome(name, False, checked)
    year, number = checked
    try:
        data = path.read_bytes()
    except OSError as exc:
        return Outcome(name, False, _("无法读取文件：%(reason)s") % {"reason": exc.strerror or exc})
    try:
        content = services.check_pdf(path.name, data)
        with transaction.atomic():
            return _import(name, path.name, data, content, actor, unit, year, number)
    except ValidationError as exc:
        return Outcome(name, False, "；".join(exc.messages))
    except (Conflict, IntegrityError) as exc:
        return Outcome(name, False, _("导入失败，已回滚：%(reason)s") % {"reason": exc})


def _import(
    name: str, filename: str, data: bytes, content: PdfText, actor: Actor, unit: Unit, year: int, number: int
) -> Outcome:
    issue_date = find_issue_date(content.text, year)
    issue = services.create_issue(actor, unit, year=year, number=number, issue_date=issue_date)
    warnings = services.set_pdf(actor, issue, filename, data, content)
    if issue_date is None:
        warnings.append(_("未能从PDF首页识别出版日期，出版日期留空，按导入时间发布"))
    now = timezone.now()
    published = dt.datetime.combine(issue_date, PUBLISH_HOUR, timezone.get_current_timezone()) if issue_date else now
    item = issue.item
    # Archive: published before this platform existed, so it is recorded as imported history
    # (dated now; the revision carries the issue's date). Search is told by import_folder once the
    # file's transaction has committed, so that a failure shows in the summary.
    before = item.state
    publish_now(item, actor, published)
    note = _("从公报档案导入：%(name)s") % {"name": name}
    record_step(item, "import", actor, before=before, note=note, at=now)
    message = _("已导入为%(title)s（%(pages)d页）") % {"title": item.title, "pages": content.page_count}
    return Outcome(name, True, message, warnings, item.pk)


def _search_hook() -> Callable[[list[int]], None]:
    """The search app's indexing hook (looked up here so that tests can replace it)."""
    from gongkai.search.hooks import documents_changed as hook  # local: search imports publishing

    return hook


def _tell_search(outcome: Outcome) -> None:
    """The issue is imported (committed) whatever the index does; a failure is reported."""
    try:
        documents_changed([outcome.item_id] if outcome.item_id else [])
    except Exception:  # the index can be rebuilt (manage.py reindex); the import goes on
        log.exception("search index not updated", extra={"event": "gazette.import.search_failed"})
        outcome.warnings.append(_("全文检索索引未能更新，请稍后运行 manage.py reindex 重建索引"))


def documents_changed(item_ids: list[int]) -> None:
    """Tell the search index about imported issues (after their transaction has committed)."""
    _search_hook()(item_ids)
