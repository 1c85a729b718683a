"""Scorecards as plain data: the tree's totals from the leaves' scores, the ranking, and the JSON
form a closed scheme keeps (no Django).

A group's score is the sum of its children's scores when their points add up to the group's points.
When they do not (the office may weigh siblings freely), the sum is scaled to the group's points —
group points × children's score ÷ children's points — and the evidence shows both, so the total is
never an unexplained number. An unscored manual indicator counts 0 and marks its card.

Not applicable (issue 17, point 14): an automatic indicator with nothing to count for the unit is
left out of its group — neither its score nor its points count — so its weight is shared over the
applicable siblings in proportion to their points (the group's scaling above); a group with no
applicable indicator is not applicable itself and its weight goes to the other groups the same way.
The evidence names what was not applicable and shows the scaling.

Too little to rank: a unit whose applicable automatic indicators carry less than ``RANK_MIN_SHARE``
of the automatic indicators' points has too little activity in the year for its score to compare
with the others'. It is not ranked and is listed apart with its score and the share.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from gongkai.assessment.rules import Score, fmt, quantize

GROUP, AUTO, MANUAL = "group", "auto", "manual"
# A unit is ranked when its applicable automatic indicators carry at least this share of the
# automatic indicators' points (by points, so a 15-point rate weighs more than a 5-point one).
RANK_MIN_SHARE = Decimal("0.5")


@dataclass(frozen=True)
class Node:
    """One indicator as the computation needs it."""

    id: int
    parent_id: int | None
    code: str
    name: str
    kind: str
    points: Decimal
    description: str = ""


@dataclass
class Line:
    """One indicator on a unit's card; ``score`` None = a manual indicator not scored yet."""

    indicator_id: int
    parent_id: int | None
    code: str
    name: str
    kind: str
    depth: int
    points: Decimal
    score: Decimal | None
    evidence: list[str]
    description: str = ""
    comment: str = ""
    scored_by: str = ""
    children_points: Decimal | None = None
    unscored: int = 0  # manual indicators not scored yet, this one and below
    uncounted: int = 0  # automatic indicators with nothing to count (not applicable), this one and below
    applicable: bool = True  # False: nothing to count here; the points are shared over the others


@dataclass
class Card:
    unit_id: int
    unit: str
    lines: list[Line]
    total: Decimal
    max: Decimal
    unscored: int
    uncounted: int = 0
    rank: int | None = None
    tied: bool = False
    branches: list[Line] = field(default_factory=list)
    auto_points: Decimal = Decimal(0)  # the automatic indicators' points
    applicable_points: Decimal = Decimal(0)  # of which applicable to this unit
    ranked: bool = True  # False: too little activity to rank (RANK_MIN_SHARE), listed apart
    notes: list[str] = field(default_factory=list)  # how the total was reached when weights were shared

    @property
    def applicable_share(self) -> Decimal:
        return self.applicable_points / self.auto_points if self.auto_points else Decimal(1)


def _codes(lines: list[Line]) -> str:
    return "、".join(f"{line.code} {line.name}" for line in lines)


def shared(points: Decimal, lines: list[Line]) -> tuple[Decimal | None, list[str]]:
    """The score of ``points`` from ``lines`` (the children of a group, or the card's branches):
    the applicable ones' sum, scaled to ``points`` when their points differ from it; None when
    none is applicable."""
    counted = [line for line in lines if line.applicable]
    left_out = [line for line in lines if not line.applicable]
    got = sum((c.score or Decimal(0) for c in counted), Decimal(0))
    out_of = sum((c.points for c in counted), Decimal(0))
    if not counted:
        return None, [_("下级指标均不适用，本项不适用：本项分值按比例由其他适用指标分担")]
    if out_of == points:
        return quantize(got), [_("下级指标得分之和 %(got)s / %(of)s") % {"got": fmt(got), "of": fmt(out_of)}]
    score = quantize(points * got / out_of) if out_of else Decimal(0)
    values = {"got": fmt(got), "of": fmt(out_of), "points": fmt(points), "score": fmt(score)}
    if left_out:
        lines_ = [
            _("不适用：%(names)s，其分值按比例由适用指标分担") % {"names": _codes(left_out)},
            _("适用指标得分之和 %(got)s / %(of)s，折算为%(points)s分制：%(points)s × %(got)s ÷ %(of)s = %(score)s")
            % values,
        ]
        return score, lines_
    return score, [
        _("下级指标得分之和 %(got)s / %(of)s，按本项分值折算：%(points)s × %(got)s ÷ %(of)s = %(score)s") % values
    ]


def _group(node: Node, children: list[Line], depth: int) -> Line:
    out_of = sum((c.points for c in children), Decimal(0))
    unscored = sum(c.unscored for c in children)
    uncounted = sum(c.uncounted for c in children)
    if not children:
        score: Decimal | None = Decimal(0)
        evidence = [_("本组下没有指标，得0分")]
    else:
        score, evidence = shared(node.points, children)
    if unscored:
        evidence.append(_("含%(n)s项未评分指标，按0分计") % {"n": unscored})
    line = Line(node.id, node.parent_id, node.code, node.name, node.kind, depth, node.points, score, evidence)
    line.description, line.children_points = node.description, out_of
    line.unscored, line.uncounted = unscored, uncounted
    line.applicable = score is not None
    return line


def _leaf(node: Node, depth: int, result: Score | None, comment: str, scored_by: str) -> Line:
    line = Line(node.id, node.parent_id, node.code, node.name, node.kind, depth, node.points, None, [_("未评分")])
    line.description = node.description
    if result is None:
        line.unscored = 1
    else:
        line.score, line.evidence, line.comment, line.scored_by = result.score, result.evidence, comment, scored_by
        line.uncounted = 0 if result.counted else 1
        if not result.counted:
            line.score, line.applicable = None, False
    return line


def build(
    unit_id: int,
    unit: str,
    nodes: list[Node],
    results: dict[int, Score | None],
    comments: dict[int, tuple[str, str]] | None = None,
) -> Card:
    """The card of one unit: ``nodes`` in display order (a parent before its children), ``results``
    the leaves' scores by indicator id (None: not scored), ``comments`` (comment, scorer) by id."""
    comments = comments or {}
    children: dict[int | None, list[Node]] = {}
    for node in nodes:
        children.setdefault(node.parent_id, []).append(node)

    def walk(node: Node, depth: int) -> list[Line]:
        if node.kind != GROUP:
            comment, scorer = comments.get(node.id, ("", ""))
            return [_leaf(node, depth, results.get(node.id), comment, scorer)]
        below = [walk(child, depth + 1) for child in children.get(node.id, [])]
        own = _group(node, [lines[0] for lines in below], depth)
        return [own, *(line for lines in below for line in lines)]

    lines = [line for top in children.get(None, []) for line in walk(top, 0)]
    branches = [line for line in lines if line.depth == 0]
    out_of = sum((b.points for b in branches), Decimal(0))
    total, notes = shared(out_of, branches)
    if all(b.applicable for b in branches):
        notes = []
    unscored = sum(b.unscored for b in branches)
    uncounted = sum(b.uncounted for b in branches)
    card = Card(unit_id, unit, lines, total or Decimal(0), out_of, unscored, uncounted, branches=branches, notes=notes)
    autos = [line for line in lines if line.kind == AUTO]
    card.auto_points = sum((line.points for line in autos), Decimal(0))
    card.applicable_points = sum((line.points for line in autos if line.applicable), Decimal(0))
    card.ranked = card.applicable_share >= RANK_MIN_SHARE
    return card


def rank(cards: Iterable[Card]) -> list[Card]:
    """The ranked cards first, highest total first; equal totals share a rank (1, 1, 3), keeping
    the given order among them. Then the units with too little activity to rank, unranked,
    highest total first."""
    ordered = sorted(cards, key=lambda card: (not card.ranked, -card.total))
    ranked = [card for card in ordered if card.ranked]
    for card in ordered:
        if not card.ranked:
            card.rank, card.tied = None, False
            continue
        card.rank = 1 + sum(other.total > card.total for other in ranked)
        card.tied = sum(other.total == card.total for other in ranked) > 1
    return ordered


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(value)


def to_json(cards: list[Card]) -> list[dict[str, Any]]:
    """The cards for ``Scheme.results`` (decimals as strings, so they come back exact)."""

    def plain(value: Any) -> Any:
        if isinstance(value, Decimal):
            return str(value)
        if isinstance(value, list):
            return [plain(v) for v in value]
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items() if k != "branches"}
        return value

    return [plain(asdict(card)) for card in cards]


def from_json(rows: list[dict[str, Any]]) -> list[Card]:
    cards = []
    for row in rows:
        lines = []
        for data in row["lines"]:
            values = {**data, "points": Decimal(data["points"]), "score": _decimal(data["score"])}
            values["children_points"] = _decimal(data.get("children_points"))
            lines.append(Line(**values))
        total, out_of = Decimal(row["total"]), Decimal(row["max"])
        card = Card(row["unit_id"], row["unit"], lines, total, out_of, row["unscored"], row.get("uncounted", 0))
        card.rank, card.tied = row.get("rank"), row.get("tied", False)
        card.auto_points = Decimal(row.get("auto_points", "0"))
        card.applicable_points = Decimal(row.get("applicable_points", "0"))
        card.ranked, card.notes = row.get("ranked", True), row.get("notes", [])
        card.branches = [line for line in lines if line.depth == 0]
        cards.append(card)
    return cards
