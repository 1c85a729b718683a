"""The steps of one inspection run, in order, each with the words its progress page shows
(issue 17, point 12: the run is a background job and the office watches it advance).

Each content step reads the site's data (``data``) and judges it (``rules``, ``words``,
``personaldata``); the link check is the last step when it runs inside the job. ``advance`` writes
the step reached on the inspection at once (an UPDATE outside any transaction of the job), so the
progress page, read by another request, sees it while the job runs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext_lazy as _

from gongkai.supervision.inspection import data, personaldata, rules, servicecheck, words
from gongkai.supervision.inspection.models import Inspection
from gongkai.supervision.inspection.scope import Scope

Step = Callable[[dt.date, rules.Thresholds, Scope], list[rules.Hit]]


def _home(today: dt.date, limits: rules.Thresholds, scope: Scope) -> list[rules.Hit]:
    return rules.home_page(data.latest_home_on(scope), today, limits.home_max_age_days)


def _columns(today: dt.date, limits: rules.Thresholds, scope: Scope) -> list[rules.Hit]:
    columns = data.rule_columns(scope)
    hits = rules.stale_columns(columns, today, limits.stale_veto_count)
    empty = columns + data.empty_entries(scope)
    return hits + rules.empty_columns(empty, limits.empty_veto_count, limits.empty_points)


def _inquiries(today: dt.date, limits: rules.Thresholds, scope: Scope) -> list[rules.Hit]:
    return rules.unanswered_inquiries(data.unanswered_inquiries(today, scope))


def _words(today: dt.date, limits: rules.Thresholds, scope: Scope) -> list[rules.Hit]:
    return words.scan(data.texts(scope), data.dictionary(), limits.wrong_word_points)


def _newmedia(today: dt.date, limits: rules.Thresholds, scope: Scope) -> list[rules.Hit]:
    # The district's accounts are inspected with the district's site (they are objects of their own).
    return (data.stale_newmedia(today) or []) if scope.library else []


def _personal_data(today: dt.date, limits: rules.Thresholds, scope: Scope) -> list[rules.Hit]:
    # The archive sweep (issue 24) reads the whole archive once: with the library site's run.
    return personaldata.hits() if scope.library else []  # reported, not scored


def _services(today: dt.date, limits: rules.Thresholds, scope: Scope) -> list[rules.Hit]:
    return servicecheck.content_hits(scope)  # 服务不实用: no service, or a guide without a key element


# (the words of the progress page, the step): every indicator except the link check.
CONTENT: list[tuple[Any, Step]] = [
    (_("首页更新"), _home),
    (_("栏目更新和空白栏目"), _columns),
    (_("互动回应"), _inquiries),
    (_("错别字和敏感词"), _words),
    (_("政务新媒体更新"), _newmedia),
    (_("公开内容中的个人信息"), _personal_data),
    (_("办事服务"), _services),
]
LINKS = _("链接可用性")


def count(check_links: bool) -> int:
    """How many steps a run has (the link check is one when it runs inside the job)."""
    return len(CONTENT) + (1 if check_links else 0)


def advance(inspection: Inspection, number: int, total: int, label: Any) -> None:
    """Record that the run has reached step ``number`` of ``total``."""
    inspection.step, inspection.steps, inspection.step_label = number, total, str(label)[:100]
    Inspection.objects.filter(pk=inspection.pk).update(step=number, steps=total, step_label=str(label)[:100])
