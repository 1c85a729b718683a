"""How the permission matrices are tested (architecture issue, item 6).

Each matrix has two halves:

* **the rules, without HTTP**: every persona × every object × every access function of the
  domain (``gongkai/<domain>/access.py``), answered in one test that builds nothing per case and
  lists every mismatch at once;
* **the pages, over HTTP**: for each URL (and method), one request per role class — the set of
  personas (anonymous, no role, a role of the unit, the same role in another unit, the office)
  that get the same answer. ``one_per_class`` picks, of each class, the persona at the boundary:
  of those refused, the last (most privileged) one; of those let in, the first (least
  privileged) one. A view that checks nothing, or checks the wrong rule, is caught by the one
  nearest the line.

The world each matrix tests is built once per module (``tests.builders.module_data``).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.http import Http404

C = TypeVar("C")

LET_IN = frozenset({200, 302})


def one_per_class(
    cases: Iterable[C],
    *,
    row: Callable[[C], Hashable],
    answer: Callable[[C], int],
    let_in: Callable[[int], bool] = LET_IN.__contains__,
    anonymous: Callable[[C], bool] | None = None,
) -> list[C]:
    """The cases to send over HTTP: for each ``row`` (a URL and method) and each answer, one case.

    ``cases`` come in order from the least to the most privileged persona. Of the personas an
    answer refuses, the last is kept (the refusal nearest the line); of those it lets in, the
    first. The anonymous visitor (``anonymous(case)``) is a class of its own, always refused:
    its 302 to the login page must not stand for the 302 of a step that was taken. The order of
    ``cases`` is kept."""
    chosen: dict[tuple[Hashable, object], int] = {}
    listed = list(cases)
    for index, case in enumerate(listed):
        outsider = anonymous is not None and anonymous(case)
        key = (row(case), "login" if outsider else answer(case))
        if key not in chosen or outsider or not let_in(answer(case)):
            chosen[key] = index
    return [listed[i] for i in sorted(chosen.values())]


def mismatches(found: dict[str, object], expected: dict[str, object]) -> list[str]:
    """``name: got … expected …`` for each entry of a truth table that differs."""
    return [
        f"{name}: got {found[name]!r}, expected {expected[name]!r}"
        for name in expected
        if found[name] != expected[name]
    ]


def lets_through(check: Callable[..., object], *args: Any, **kwargs: Any) -> bool:
    """Whether an access function lets the user through: neither hides the object (Http404) nor
    refuses (PermissionDenied)."""
    try:
        check(*args, **kwargs)
    except (Http404, PermissionDenied):
        return False
    return True


# An access function and its arguments, as a view calls it.
Guard = tuple[Callable[..., object], *tuple[Any, ...]]


def guards_answer(*guards: Guard) -> object:
    """What the guards a view calls, in order, answer: the status of the first that refuses
    (403, or 404 for an object the user may not see), else "let in"."""
    try:
        for function, *args in guards:
            function(*args)
    except PermissionDenied:
        return 403
    except Http404:
        return 404
    return "let in"
