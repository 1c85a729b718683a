"""The dashboards' supervision section: per unit, its open and overdue ledger tasks, supervision
notices awaiting its reply, the findings of the latest site inspection and its new-media accounts
not updated in two weeks (REGULATIONS.md §5). Figures come from the supervision apps."""

from __future__ import annotations

from django.utils.translation import gettext as _

from gongkai.workbench.views.dashboards import TALL_AFTER, Scope, Section, _caption, _count, _series

COLUMNS = ("open", "overdue", "notices_open", "findings", "newmedia_operating", "newmedia_stale")


def _figures(scope: Scope) -> dict[int, dict[str, int]]:
    from gongkai.supervision.inspection.figures import findings_by_unit_of_every_site
    from gongkai.supervision.ledger.figures import unit_counts
    from gongkai.supervision.newmedia.figures import counts_by_unit

    tasks = unit_counts(scope.today)
    media = counts_by_unit(scope.today)
    findings = findings_by_unit_of_every_site()
    rows: dict[int, dict[str, int]] = {}
    for unit_id in scope.short_names():
        own, accounts = tasks.get(unit_id, {}), media.get(unit_id, {})
        rows[unit_id] = {
            "open": own.get("open", 0),
            "overdue": own.get("overdue", 0),
            "notices_open": own.get("notices_open", 0),
            "findings": findings.get(unit_id, 0),
            "newmedia_operating": accounts.get("operating", 0),
            "newmedia_stale": accounts.get("stale", 0),
        }
    return rows


def supervision(scope: Scope) -> Section:
    """Units with anything to show, most overdue first; the numbers are today's, not the year's."""
    names = scope.short_names()
    figures = {pk: row for pk, row in _figures(scope).items() if any(row.values())}
    order = sorted(figures, key=lambda pk: (-figures[pk]["overdue"], -figures[pk]["open"], names[pk]))
    title = _("任务台账、督办与检查")
    labels = [_("未完成任务"), _("逾期任务"), _("待反馈督办"), _("检查问题"), _("运营中新媒体"), _("两周未更新新媒体")]
    return Section(
        key="supervision",
        title=title,
        caption=_caption(title, scope),
        columns=[_("单位"), *labels],
        rows=[[names[pk], *(_count(figures[pk][key]) for key in COLUMNS)] for pk in order],
        chart={
            "horizontal": True,
            "categories": [names[pk] for pk in order],
            "axes": [{"name": _("项")}],
            "series": [
                _series(_("未完成任务"), [figures[pk]["open"] for pk in order]),
                _series(_("逾期任务"), [figures[pk]["overdue"] for pk in order]),
                _series(_("检查问题"), [figures[pk]["findings"] for pk in order]),
            ],
        },
        notes=[
            _(
                "截至今日的情况（不随所选年度变化）。未完成任务含逾期任务；检查问题为最近一次网站自查中"
                "涉及该单位的问题数；政务新媒体两周未更新对应全国政务新媒体检查的内容更新指标。"
            )
        ],
        tall=len(order) > TALL_AFTER,
    )
