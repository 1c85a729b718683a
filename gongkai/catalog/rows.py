"""The catalogue as a table: the standard columns, and turning rows into checked entries.

Used by the .xlsx import and by the demo seed (a CSV with the same columns). Every row is
checked before anything is saved, and every problem is reported with its row and column.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from gongkai.catalog import rules
from gongkai.catalog.models import CatalogueEntry, Domain

# The columns of a 基层政务公开标准目录, in this order (REGULATIONS §4). They are a data format
# shared with other governments' sheets, so they stay Chinese and are not translated.
COLUMNS: tuple[str, ...] = (
    "序号",
    "领域",
    "一级事项",
    "二级事项",
    "公开内容（要素）",
    "公开依据",
    "公开时限",
    "公开主体",
    "公开渠道和载体",
    "公开对象",
    "公开方式",
    "公开层级",
)
# Column → model field, for the columns stored as plain text.
TEXT_FIELDS: dict[str, str] = {
    "一级事项": "first_level",
    "二级事项": "second_level",
    "公开内容（要素）": "content_elements",
    "公开依据": "basis",
    "公开时限": "time_limit",
    "公开主体": "subject",
    "公开渠道和载体": "channels",
}
FIELD_COLUMNS: dict[str, str] = {
    **{field: column for column, field in TEXT_FIELDS.items()},
    "domain": "领域",
    "level": "公开层级",
    "audience": "公开对象",
    "mode": "公开方式",
    "position": "序号",
    "time_limit_days": "公开时限",
}
MAX_ROWS = 5000

Key = tuple[int, str, str, str]


@dataclass(frozen=True)
class RowError:
    """One problem: the sheet row (1 is the header), the column name, a Chinese message."""

    row: int
    column: str
    message: str


class ImportRejected(Exception):
    """Nothing was saved; ``errors`` lists every bad row."""

    def __init__(self, errors: Sequence[RowError]) -> None:
        super().__init__(f"{len(errors)} errors")
        self.errors = list(errors)


def entry_key(entry: CatalogueEntry) -> Key:
    """The identity an import upserts by: (domain, level, 一级事项, 二级事项)."""
    return (entry.domain_id, entry.level, entry.first_level, entry.second_level)


def text(value: Any) -> str:
    """A cell as text: integral floats without ".0", dates as ISO, whitespace trimmed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value).replace("\r\n", "\n").strip()


def cells(entry: CatalogueEntry, serial: int) -> list[Any]:
    """One entry as a row of the standard columns; coded values in their standard spelling."""
    return [
        serial,
        entry.domain.name,
        entry.first_level,
        entry.second_level,
        entry.content_elements,
        entry.basis,
        entry.time_limit,
        entry.subject,
        entry.channels,
        rules.AUDIENCE_SPELLINGS[entry.audience][0],
        rules.MODE_SPELLINGS[entry.mode][0],
        rules.LEVEL_SPELLINGS[entry.level][0],
    ]


def check_header(
    header: Sequence[Any],
    columns: Sequence[str] = COLUMNS,
    *,
    optional: Sequence[str] = (),
    template: str | None = None,
) -> list[RowError]:
    """Row 1 must hold ``columns`` in order; after them only the ``optional`` ones (or nothing).
    Also used by the task ledger's import with its own columns and template name."""
    found = [text(value) for value in header]
    found += [""] * (len(columns) - len(found))
    errors = [
        RowError(
            1,
            expected,
            _("表头第%(n)d列应为“%(expected)s”，文件中为“%(found)s”")
            % {"n": n, "expected": expected, "found": found[n - 1]},
        )
        for n, expected in enumerate(columns, start=1)
        if found[n - 1] != expected
    ]
    extra = [value for value in found[len(columns) :] if value and value not in optional]
    if extra:
        name = template or _("标准目录模板")
        errors.append(
            RowError(
                1, extra[0], _("表头多出了“%(name)s”列，请使用%(template)s") % {"name": extra[0], "template": name}
            )
        )
    return errors


class _Row:
    """Checks one data row and builds the (unsaved) entry it describes."""

    def __init__(self, number: int, values: Sequence[str], domains: dict[str, Domain]) -> None:
        self.number = number
        self.cell = dict(zip(COLUMNS, values, strict=True))
        self.domains = domains
        self.errors: list[RowError] = []

    def fail(self, column: str, message: str) -> None:
        error = RowError(self.number, column, str(message))
        if error not in self.errors:
            self.errors.append(error)

    def choice(self, column: str, spellings: rules.Spellings) -> str | None:
        value = rules.parse_choice(self.cell[column], spellings)
        if value is None and not self.cell[column]:
            self.fail(column, _("%(column)s不能为空") % {"column": column})
        elif value is None:
            allowed = "、".join(f"“{name}”" for names in spellings.values() for name in names[:2])
            self.fail(
                column,
                _("%(column)s应为%(allowed)s之一，文件中为“%(value)s”")
                % {"column": column, "allowed": allowed, "value": self.cell[column]},
            )
        return value

    def domain(self) -> Domain | None:
        name = self.cell["领域"]
        domain = self.domains.get(name)
        if domain is None:
            message = (
                _("领域不能为空") if not name else _("领域“%(name)s”不存在，请先添加该领域或改正名称") % {"name": name}
            )
            self.fail("领域", message)
        return domain

    def position(self, fallback: int) -> int:
        serial = self.cell["序号"]
        if not serial:
            return fallback
        if not serial.isdecimal() or int(serial) < 1:
            self.fail("序号", _("序号应为正整数，文件中为“%(value)s”") % {"value": serial})
            return fallback
        return int(serial)

    def build(self, fallback_position: int) -> CatalogueEntry:
        entry = CatalogueEntry(**{field: self.cell[column] for column, field in TEXT_FIELDS.items()})
        entry.position = self.position(fallback_position)
        domain = self.domain()
        if domain is not None:
            entry.domain = domain
        entry.level = self.choice("公开层级", rules.LEVEL_SPELLINGS) or ""
        entry.audience = self.choice("公开对象", rules.AUDIENCE_SPELLINGS) or ""
        entry.mode = self.choice("公开方式", rules.MODE_SPELLINGS) or ""
        if not self.cell["一级事项"]:
            self.fail("一级事项", _("一级事项不能为空"))
        failed = {field for field, column in FIELD_COLUMNS.items() if any(e.column == column for e in self.errors)}
        try:
            entry.full_clean(exclude=sorted(failed), validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                for message in messages:
                    self.fail(FIELD_COLUMNS.get(field, ""), message)
        return entry


def validate(header: Sequence[Any], rows: Iterable[tuple[int, Sequence[Any]]]) -> list[CatalogueEntry]:
    """Checked, unsaved entries for every non-empty row, or ImportRejected listing every problem."""
    errors = check_header(header)
    if errors:
        raise ImportRejected(errors)
    domains = {domain.name: domain for domain in Domain.objects.all()}
    seen: dict[Key, int] = {}
    entries: list[CatalogueEntry] = []
    for number, raw in rows:
        values = [text(value) for value in raw][: len(COLUMNS)]
        values += [""] * (len(COLUMNS) - len(values))
        if not any(values):
            continue
        if len(entries) >= MAX_ROWS:
            raise ImportRejected([RowError(number, "", _("一次最多导入%(n)d行") % {"n": MAX_ROWS})])
        row = _Row(number, values, domains)
        entry = row.build(fallback_position=len(entries) + 1)
        if not row.errors:
            first = seen.setdefault(entry_key(entry), number)
            if first != number:
                row.fail(
                    "二级事项", _("与第%(row)d行重复：同一领域、同一层级下一级事项和二级事项相同") % {"row": first}
                )
        errors += row.errors
        entries.append(entry)
    if not entries and not errors:
        errors.append(RowError(2, "", _("文件中没有任何事项")))
    if errors:
        raise ImportRejected(errors)
    return entries
