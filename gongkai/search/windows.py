"""Where a query's forms occur in long texts, and a window of the text there, asked of the
database in one query: a results page reads ten windows of about a thousand characters, never
ten whole bodies or files (a law's full text is hundreds of kilobytes; issue 18).

Written as SQL (SQLite and PostgreSQL): the ORM's expressions for the same query (a position
per form and per column, the first found, the window) cost more to build on every results page
than the database takes to answer it. The rows searched are given as a queryset, so that which
rows may be read (public files only, …) stays defined in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import QuerySet


@dataclass(frozen=True)
class Window:
    """``text`` from character ``begin`` (1 = its start) of a row's ``column``, one character
    more than asked for when the text goes on; ``found[i]``: whether the column holds needle i,
    ``named[i]``: whether the name column does (when one was given)."""

    key: tuple[Any, ...]
    begin: int
    text: str
    found: tuple[bool, ...]
    named: tuple[bool, ...]


def _positions(column: str, prefix: str, needles: list[str]) -> str:
    """The position of each needle in ``column``, ignoring case. A needle without cased letters
    (most Chinese text) is looked for in the column as it is: LOWER() would copy the whole text
    for each needle, and finds it at the same places."""
    find = "STRPOS" if connection.vendor == "postgresql" else "INSTR"
    return "".join(
        f", {find}({column if n.lower() == n.upper() else f'LOWER({column})'}, %s) AS {prefix}{i}"
        for i, n in enumerate(needles)
    )


def windows(
    rows: QuerySet[Any],
    keys: list[str],
    column: str,
    needles: list[str],
    before: int,
    chars: int,
    name: str | None = None,
    only_found: bool = False,
    order: tuple[str, ...] = (),
) -> list[Window]:
    """For each row of ``rows`` (a values() queryset giving ``keys``, ``column`` and ``name``),
    the window of ``column`` that begins ``before`` characters before the first of ``needles``
    it holds (from its start when it holds none) and is ``chars`` long. ``only_found``: only the
    rows whose column or name holds one of the needles; ``order``: their order (columns of
    ``rows``). ``keys``, ``column``, ``name`` and ``order`` are the column names of ``rows``'s
    SQL, written in code, never a visitor's text (which travels as parameters only)."""
    source, params = rows.query.sql_with_params()
    count = len(needles)
    first = " ".join(f"WHEN t{i} > 0 THEN t{i}" for i in range(count))
    first = f"CASE {first} ELSE 1 END" if count else "1"
    marks = [f"t{i}" for i in range(count)] + ([f"n{i}" for i in range(count)] if name else [])
    listed = "".join(f", {mark}" for mark in marks)
    where = " OR ".join(f"{mark} > 0" for mark in marks) if only_found and marks else "1 = 1"
    names = _positions(name, "n", needles) if name else ""
    ordering = f" ORDER BY {', '.join(order)}" if order else ""
    # Names from code only (see above); the needles and the rows' values are parameters.
    sql = (
        f"SELECT {', '.join(keys)}, b, SUBSTR(COALESCE({column}, ''), b, {chars + 1}){listed} FROM ("  # noqa: S608
        f"SELECT *, CASE WHEN {first} > {before} THEN {first} - {before} ELSE 1 END AS b FROM ("
        f"SELECT *{_positions(column, 't', needles)}{names} FROM ({source}) source_rows"
        f") found WHERE {where}) positioned{ordering}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*needles, *(needles if name else []), *params])
        fetched = cursor.fetchall()
    width = len(keys)
    result = []
    for row in fetched:
        at = row[width + 2 :]
        found = tuple(bool(p) for p in at[:count])
        named = tuple(bool(p) for p in at[count:]) if name else ()
        result.append(Window(tuple(row[:width]), int(row[width]), str(row[width + 1] or ""), found, named))
    return result
