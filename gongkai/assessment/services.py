"""The assessment's computation and its audited changes.

Computation: every leaf of the tree is scored — automatic ones by their rule from the figures of
``figures.GATHER`` (``reports.stats`` and the two figures of ``assessment.figures``), manual ones from
the office's ``ManualScore`` or "未评分" — then ``cards.build`` adds up the branches and ``cards.rank``
ranks the units. A closed scheme answers from ``Scheme.results``, frozen when it was closed.

Changes (office only, each audited in its transaction): creating a scheme from the default tree,
its state, the tree's indicators, and manual scores.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.actor import Actor, staff
from gongkai.assessment import cards, figures, rules
from gongkai.assessment.access import assessed_units
from gongkai.assessment.defaults import DEFAULT_TREE, Row
from gongkai.assessment.models import Indicator, ManualScore, Scheme, SchemeState
from gongkai.audit.services import changed, record, snapshot
from gongkai.orgs import access
from gongkai.orgs.models import Unit
from gongkai.publishing.services import Conflict

INDICATOR_FIELDS = ("code", "name", "kind", "points", "rule", "params", "description", "position", "parent")
TRANSITIONS = {
    SchemeState.DRAFT: {SchemeState.PUBLISHED},
    SchemeState.PUBLISHED: {SchemeState.DRAFT, SchemeState.CLOSED},
    SchemeState.CLOSED: {SchemeState.PUBLISHED},  # reopened to correct; closing again recomputes
}


# Computation ------------------------------------------------------------------------------------


def nodes(scheme: Scheme) -> list[cards.Node]:
    """The tree in display order: each parent before its children, siblings by position."""
    rows = list(scheme.indicators.order_by("position", "id"))
    children: dict[int | None, list[Indicator]] = {}
    for row in rows:
        children.setdefault(row.parent_id, []).append(row)
    ordered: list[cards.Node] = []

    def walk(parent: int | None) -> None:
        for row in children.get(parent, []):
            description = row.description or (str(rules.RULES[row.rule].description) if row.rule in rules.RULES else "")
            ordered.append(cards.Node(row.pk, row.parent_id, row.code, row.name, row.kind, row.points, description))
            walk(row.pk)

    walk(None)
    return ordered


def _auto(indicators: list[Indicator], units: list[Unit], year: int, today: dt.date) -> dict[int, dict[int, Any]]:
    """unit id → indicator id → Score, gathering each figure the scheme uses once."""
    used = {rules.RULES[i.rule].figure for i in indicators if i.rule in rules.RULES}
    gathered = {key: figures.GATHER[key](units, year, today) for key in used}
    results: dict[int, dict[int, Any]] = {u.pk: {} for u in units}
    for indicator in indicators:
        rule = rules.RULES.get(indicator.rule)
        if rule is None:
            continue  # an automatic indicator without a known rule scores as not scored
        params = rules.params_for(rule, indicator.params)
        for unit in units:
            results[unit.pk][indicator.pk] = rule.score(indicator.points, params, gathered[rule.figure][unit.pk])
    return results


def _manual(scheme: Scheme, units: list[Unit]) -> dict[int, dict[int, ManualScore]]:
    found: dict[int, dict[int, ManualScore]] = {u.pk: {} for u in units}
    for score in ManualScore.objects.filter(scheme=scheme, unit__in=units).select_related("scored_by"):
        found[score.unit_id][score.indicator_id] = score
    return found


def compute(scheme: Scheme, units: list[Unit], today: dt.date | None = None) -> list[cards.Card]:
    """The live cards of ``units`` from the platform's data and the manual scores (not ranked)."""
    today = today or timezone.localdate()
    indicators = list(scheme.indicators.filter(kind=Indicator.Kind.AUTO))
    tree = nodes(scheme)
    auto = _auto(indicators, units, scheme.year, today)
    manual = _manual(scheme, units)
    result = []
    for unit in units:
        scores: dict[int, rules.Score | None] = dict(auto[unit.pk])
        comments = {}
        for indicator_id, given in manual[unit.pk].items():
            points = given.indicator.points
            line = _("公开办评分：%(score)s / %(points)s") % {
                "score": rules.fmt(given.score),
                "points": rules.fmt(points),
            }
            scores[indicator_id] = rules.Score(given.score, points, [line])
            comments[indicator_id] = (given.comment, given.scored_by.get_full_name() or given.scored_by.get_username())
        result.append(cards.build(unit.pk, unit.name, tree, scores, comments))
    return result


def ranking(scheme: Scheme, today: dt.date | None = None) -> list[cards.Card]:
    """Every assessed unit's card, ranked: frozen for a closed scheme, live otherwise."""
    if scheme.state == SchemeState.CLOSED and scheme.results is not None:
        return cards.from_json(scheme.results)
    return cards.rank(compute(scheme, list(assessed_units()), today))


def scorecard(scheme: Scheme, unit: Unit, today: dt.date | None = None) -> cards.Card:
    """One unit's card; its rank only when the scheme is closed (a live rank needs every unit)."""
    if scheme.state == SchemeState.CLOSED and scheme.results is not None:
        found = [card for card in cards.from_json(scheme.results) if card.unit_id == unit.pk]
        if found:
            return found[0]
    return compute(scheme, [unit], today)[0]


# Changes ----------------------------------------------------------------------------------------


def _require_open(scheme: Scheme) -> None:
    if scheme.state == SchemeState.CLOSED:
        raise Conflict(_("考核已结束，不能再修改；如需更正请先重新开放"))


def _create_rows(scheme: Scheme, rows: list[Row], parent: Indicator | None) -> int:
    count = 0
    for position, (code, name, kind, points, rule, params, description, children) in enumerate(rows, start=1):
        indicator = Indicator.objects.create(
            scheme=scheme,
            parent=parent,
            code=code,
            name=str(name),
            kind=kind,
            points=Decimal(points),
            rule=rule,
            params=dict(params),
            description=str(description),
            position=position * 10,
        )
        count += 1 + _create_rows(scheme, children, indicator)
    return count


@transaction.atomic
def build_scheme(year: int, actor: Actor | None = None, name: str = "", tree: list[Row] | None = None) -> Scheme:
    """A new draft scheme for ``year`` with the default tree. No permission check: for commands and
    the demo (actor None = the system); views call ``create_scheme``."""
    if Scheme.objects.filter(year=year).exists():
        raise ValidationError({"year": _("%(year)s年度的考核方案已经存在") % {"year": year}})
    scheme = Scheme.objects.create(year=year, name=name or _("%(year)s年度政务公开工作绩效考核") % {"year": year})
    count = _create_rows(scheme, DEFAULT_TREE if tree is None else tree, None)
    record(actor, "assessment.scheme_created", scheme, after={"year": year, "name": scheme.name, "indicators": count})
    return scheme


def create_scheme(actor: Actor, year: int, name: str = "") -> Scheme:
    access.require_office(actor)
    today = timezone.localdate()
    if not 2008 <= year <= today.year + 1:
        raise ValidationError({"year": _("考核年度应在2008年至%(last)s年之间") % {"last": today.year + 1}})
    return build_scheme(year, actor, name)


@transaction.atomic
def change_state(actor: Actor, scheme: Scheme, state: str, today: dt.date | None = None) -> Scheme:
    """Publish to the units, take back to draft, close (freezing the results) or reopen."""
    access.require_office(actor)
    current = Scheme.objects.select_for_update().get(pk=scheme.pk)
    if state not in TRANSITIONS.get(SchemeState(current.state), set()):
        raise Conflict(_("“%(state)s”状态的考核方案不能进行此操作") % {"state": current.get_state_display()})
    before = current.state
    current.state = state
    if state == SchemeState.CLOSED:
        current.results = cards.to_json(cards.rank(compute(current, list(assessed_units()), today)))
        current.closed_at = timezone.now()
    else:
        current.results, current.closed_at = None, None
    current.save(update_fields=["state", "results", "closed_at", "updated_at"])
    record(actor, "assessment.scheme_state", current, before={"state": before}, after={"state": state})
    return current


def _clean_indicator(indicator: Indicator) -> None:
    """The tree's own rules: automatic leaves have a known rule with valid parameters; only groups
    have children; codes are unique in the scheme. Errors name the field."""
    errors: dict[str, str] = {}
    if indicator.points is None or indicator.points < 0 or indicator.points >= 1000:
        errors["points"] = _("分值：应在0至999.9之间")
    if not (indicator.name or "").strip():
        errors["name"] = _("指标名称：不能为空")
    if not (indicator.code or "").strip():
        errors["code"] = _("编码：不能为空")
    elif indicator.scheme.indicators.filter(code=indicator.code).exclude(pk=indicator.pk).exists():
        errors["code"] = _("编码：本方案中已有编码为“%(code)s”的指标") % {"code": indicator.code}
    if indicator.kind == Indicator.Kind.AUTO:
        rule = rules.RULES.get(indicator.rule)
        if rule is None:
            errors["rule"] = _("计分规则：自动计分指标须选择计分规则")
        else:
            try:
                indicator.params = rules.clean_params(rule, indicator.params or {})
            except ValueError as exc:
                errors["params"] = str(exc)
    else:
        indicator.rule, indicator.params = "", {}
    if indicator.parent is not None and indicator.parent.kind != Indicator.Kind.GROUP:
        errors["parent"] = _("上级指标：只有指标分组可以有下级指标")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def add_indicator(actor: Actor, scheme: Scheme, **fields: Any) -> Indicator:
    access.require_office(actor)
    _require_open(scheme)
    parent = fields.pop("parent", None)
    if parent is not None and parent.scheme_id != scheme.pk:
        raise ValidationError({"parent": _("上级指标：不属于本方案")})
    indicator = Indicator(scheme=scheme, parent=parent, **fields)
    _clean_indicator(indicator)
    indicator.save()
    record(actor, "assessment.indicator_added", indicator, after=snapshot(indicator, INDICATOR_FIELDS))
    return indicator


@transaction.atomic
def update_indicator(actor: Actor, indicator: Indicator, **fields: Any) -> Indicator:
    """Change an indicator's name, points, parameters, description or position (not its kind: a
    manual score or a rule would lose its meaning; remove and add instead)."""
    access.require_office(actor)
    current = Indicator.objects.select_for_update(of=("self",)).select_related("scheme", "parent").get(pk=indicator.pk)
    _require_open(current.scheme)
    allowed = {"code", "name", "points", "rule", "params", "description", "position"}
    unknown = sorted(set(fields) - allowed)
    if unknown:
        raise ValidationError({unknown[0]: _("不能修改此字段")})
    before = snapshot(current, INDICATOR_FIELDS)
    for key, value in fields.items():
        setattr(current, key, value)
    _clean_indicator(current)
    if current.kind == Indicator.Kind.MANUAL and current.manual_scores.filter(score__gt=current.points).exists():
        raise ValidationError({"points": _("分值：已有单位得分高于新的分值，请先调整这些评分")})
    current.save()
    old, new = changed(before, snapshot(current, INDICATOR_FIELDS))
    if old or new:
        record(actor, "assessment.indicator_changed", current, before=old, after=new)
    return current


@transaction.atomic
def remove_indicator(actor: Actor, indicator: Indicator) -> None:
    """Remove an indicator with everything below it and their manual scores (kept in the audit trail)."""
    access.require_office(actor)
    current = Indicator.objects.select_related("scheme").get(pk=indicator.pk)
    _require_open(current.scheme)
    below = [current.pk]
    frontier = [current.pk]
    while frontier:
        frontier = list(Indicator.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        below += frontier
    scores = list(ManualScore.objects.filter(indicator_id__in=below).values("unit_id", "indicator_id", "score"))
    before = {**snapshot(current, INDICATOR_FIELDS), "removed_indicators": below, "manual_scores": scores}
    record(actor, "assessment.indicator_removed", current, before=before)
    current.delete()


def _score_value(raw: Any, indicator: Indicator) -> Decimal:
    label = indicator.name
    try:
        value = Decimal(str(raw).strip())
    except InvalidOperation:
        raise ValidationError({"score": _("“%(name)s”的得分：应为数字") % {"name": label}}) from None
    if not value.is_finite() or value < 0 or value > indicator.points or value != rules.quantize(value):
        raise ValidationError(
            {
                "score": _("“%(name)s”的得分：应在0至%(points)s分之间，最多一位小数")
                % {"name": label, "points": rules.fmt(indicator.points)}
            }
        )
    return value


@transaction.atomic
def score_manual(
    actor: Actor, scheme: Scheme, unit: Unit, indicator: Indicator, score: Any, comment: str
) -> ManualScore:
    """The office scores a manual indicator for a unit: within 0..points, with a comment whenever
    the score is below full points (the unit must be able to read why)."""
    access.require_office(actor)
    _require_open(scheme)
    if indicator.scheme_id != scheme.pk or indicator.kind != Indicator.Kind.MANUAL:
        raise ValidationError({"indicator": _("评分指标：不是本方案的人工评分指标")})
    if not assessed_units().filter(pk=unit.pk).exists():
        raise ValidationError({"unit": _("被考核单位：该单位不参加考核")})
    value = _score_value(score, indicator)
    comment = (comment or "").strip()
    if value < indicator.points and not comment:
        raise ValidationError(
            {"comment": _("“%(name)s”的评分意见：未得满分时须写明扣分理由") % {"name": indicator.name}}
        )
    existing = ManualScore.objects.select_for_update().filter(scheme=scheme, unit=unit, indicator=indicator).first()
    before = None if existing is None else {"score": existing.score, "comment": existing.comment}
    if existing is None:
        existing = ManualScore(scheme=scheme, unit=unit, indicator=indicator)
    existing.score, existing.comment, existing.scored_by = value, comment, staff(actor)
    existing.save()
    after = {"indicator": indicator.code, "score": value, "comment": comment}
    record(actor, "assessment.scored", existing, unit=unit, before=before, after=after)
    return existing
