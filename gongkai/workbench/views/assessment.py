"""The unit performance assessment (绩效考核) in the workbench: the year's ranking (the office; a
unit's staff see their own units' totals), a unit's scorecard with the evidence behind each score,
the office's manual scores, the scheme's tree and the .xlsx export."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.assessment import access, cards, rules, services, xlsx
from gongkai.assessment.forms import IndicatorForm, NewIndicatorForm
from gongkai.assessment.models import Indicator, Scheme, SchemeState
from gongkai.assessment.rules import RULES
from gongkai.orgs import access as org_access
from gongkai.publishing.services import Conflict
from gongkai.workbench.decorators import office_required, staff_required


def _years() -> list[int]:
    current = timezone.localdate().year
    return list(range(current, current - 6, -1))


def _chosen_year(request: HttpRequest) -> int:
    raw = request.GET.get("year", "")
    return int(raw) if raw.isdigit() and len(raw) == 4 else timezone.localdate().year


def _field_errors(exc: ValidationError) -> dict[str, list[str]]:
    """Errors by field; errors of no field under "other" (templates cannot read "__all__")."""
    found = exc.message_dict if hasattr(exc, "error_dict") else {"other": exc.messages}
    return {("other" if key == "__all__" else key): value for key, value in found.items()}


def _sections(card: Any, errors: dict[int, Any], posted: dict[int, Any]) -> list[dict[str, Any]]:
    """One section per first-level indicator: its head and the rows below it (a first-level leaf is
    its own only row), each row with the errors and values of a refused manual score."""
    sections: list[dict[str, Any]] = []
    for line in card.lines:
        row = {"line": line, "errors": errors.get(line.indicator_id, {}), "posted": posted.get(line.indicator_id)}
        if line.depth == 0:
            sections.append({"head": line, "rows": [] if line.kind == "group" else [row]})
        else:
            sections[-1]["rows"].append(row)
    return sections


@staff_required
def assessment(request: HttpRequest) -> HttpResponse:
    """The office: every unit ranked, with each first-level indicator. A unit's staff: their own
    units' totals (the ranking of all units is the office's; their rank shows once closed)."""
    year = _chosen_year(request)
    scheme = access.schemes_visible_to(request.user).filter(year=year).first()
    office = access.sees_ranking(request.user)
    cards_ = []
    if scheme is not None:
        if office:
            cards_ = services.ranking(scheme)
        else:
            cards_ = [services.scorecard(scheme, unit) for unit in access.units_visible_to(request.user)]
    return render(
        request,
        "workbench/assessment.html",
        {
            "year": year,
            "years": sorted({*_years(), year}, reverse=True),
            "scheme": scheme,
            "cards": cards_,
            "ranked": [card for card in cards_ if card.ranked],
            "apart": [card for card in cards_ if not card.ranked],
            "min_share_pct": rules.fmt(cards.RANK_MIN_SHARE * 100),
            "branches": cards_[0].branches if cards_ else [],
            "is_office": office,
            "closed": scheme is not None and scheme.state == SchemeState.CLOSED,
        },
    )


@office_required
@require_POST
def assessment_create(request: HttpRequest) -> HttpResponse:
    year = request.POST.get("year", "")
    try:
        scheme = services.create_scheme(request.user, int(year) if year.isdigit() else 0)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("workbench:assessment")
    messages.success(request, _("已按默认指标体系创建考核方案，请核对分值和参数后发布"))
    return redirect("workbench:assessment_scheme", year=scheme.year)


def _scorecard_context(
    request: HttpRequest, scheme: Scheme, unit: Any, errors: Any = None, posted: Any = None
) -> dict[str, Any]:
    card = services.scorecard(scheme, unit)
    return {
        "scheme": scheme,
        "unit": unit,
        "card": card,
        "sections": _sections(card, errors or {}, posted or {}),
        "can_score": org_access.is_office(request.user) and scheme.state != SchemeState.CLOSED,
        "closed": scheme.state == SchemeState.CLOSED,
    }


@staff_required
def assessment_unit(request: HttpRequest, year: int, unit: int) -> HttpResponse:
    scheme = access.get_scheme_for(request.user, year)
    found = access.get_unit_for(request.user, unit)
    return render(request, "workbench/assessment_unit.html", _scorecard_context(request, scheme, found))


@office_required
@require_POST
def assessment_score(request: HttpRequest, year: int, unit: int) -> HttpResponse:
    scheme = access.get_scheme_for(request.user, year)
    found = access.get_unit_for(request.user, unit)
    raw = request.POST.get("indicator", "")
    indicator = scheme.indicators.filter(pk=int(raw) if raw.isdigit() else 0).first()
    if indicator is None:
        raise Http404
    score, comment = request.POST.get("score", ""), request.POST.get("comment", "")
    try:
        services.score_manual(request.user, scheme, found, indicator, score, comment)
    except Conflict as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        context = _scorecard_context(
            request,
            scheme,
            found,
            errors={indicator.pk: _field_errors(exc)},
            posted={indicator.pk: {"score": score, "comment": comment}},
        )
        return render(request, "workbench/assessment_unit.html", context, status=422)
    else:
        messages.success(request, _("已保存“%(name)s”的评分") % {"name": indicator.name})
    return redirect("workbench:assessment_unit", year=year, unit=unit)


def _scheme_context(scheme: Scheme, bound: IndicatorForm | None = None, new: NewIndicatorForm | None = None) -> Any:
    tree = services.nodes(scheme)
    indicators = {i.pk: i for i in scheme.indicators.all()}
    rows = []
    for node in tree:
        indicator = indicators[node.id]
        form = bound if bound is not None and bound.prefix == f"i{node.id}" else IndicatorForm(indicator=indicator)
        children = [i for i in indicators.values() if i.parent_id == node.id]
        rows.append(
            {
                "indicator": indicator,
                "node": node,
                "form": form,
                "rule": RULES.get(indicator.rule),
                "children_points": sum(c.points for c in children) if children else None,
            }
        )
    top = sum(i.points for i in indicators.values() if i.parent_id is None)
    return {
        "scheme": scheme,
        "rows": rows,
        "top_points": top,
        "new_form": new or NewIndicatorForm(scheme=scheme),
        "editable": scheme.state != SchemeState.CLOSED,
        "transitions": sorted(services.TRANSITIONS[SchemeState(scheme.state)]),
    }


@office_required
def assessment_scheme(request: HttpRequest, year: int) -> HttpResponse:
    """GET: the tree with a form per indicator. POST (``indicator``): change one indicator."""
    scheme = get_object_or_404(Scheme, year=year)
    if request.method != "POST":
        return render(request, "workbench/assessment_scheme.html", _scheme_context(scheme))
    raw = request.POST.get("indicator", "")
    indicator = get_object_or_404(Indicator, scheme=scheme, pk=int(raw) if raw.isdigit() else 0)
    form = IndicatorForm(request.POST, indicator=indicator)
    if form.is_valid():
        try:
            services.update_indicator(request.user, indicator, **form.values())
        except Conflict as exc:
            messages.error(request, exc.message)
            return redirect("workbench:assessment_scheme", year=year)
        except ValidationError as exc:
            for field, errors in _field_errors(exc).items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("已保存指标“%(name)s”") % {"name": indicator.name})
            return redirect("workbench:assessment_scheme", year=year)
    return render(request, "workbench/assessment_scheme.html", _scheme_context(scheme, bound=form), status=422)


@office_required
@require_POST
def assessment_indicator_add(request: HttpRequest, year: int) -> HttpResponse:
    scheme = get_object_or_404(Scheme, year=year)
    form = NewIndicatorForm(request.POST, scheme=scheme)
    if form.is_valid():
        try:
            services.add_indicator(request.user, scheme, **form.cleaned_data)
        except Conflict as exc:
            messages.error(request, exc.message)
            return redirect("workbench:assessment_scheme", year=year)
        except ValidationError as exc:
            for field, errors in _field_errors(exc).items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("已添加指标"))
            return redirect("workbench:assessment_scheme", year=year)
    return render(request, "workbench/assessment_scheme.html", _scheme_context(scheme, new=form), status=422)


@office_required
@require_POST
def assessment_indicator_remove(request: HttpRequest, year: int, pk: int) -> HttpResponse:
    indicator = get_object_or_404(Indicator, scheme__year=year, pk=pk)
    try:
        services.remove_indicator(request.user, indicator)
    except Conflict as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已删除指标“%(name)s”及其下级指标") % {"name": indicator.name})
    return redirect("workbench:assessment_scheme", year=year)


@office_required
@require_POST
def assessment_state(request: HttpRequest, year: int) -> HttpResponse:
    scheme = get_object_or_404(Scheme, year=year)
    try:
        services.change_state(request.user, scheme, request.POST.get("state", ""))
    except Conflict as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已完成"))
    return redirect("workbench:assessment_scheme", year=year)


@office_required
def assessment_export(request: HttpRequest, year: int) -> HttpResponse:
    scheme = get_object_or_404(Scheme, year=year)
    response = HttpResponse(xlsx.render(scheme, services.ranking(scheme)), content_type=xlsx.CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, xlsx.filename(scheme)) or ""
    return response
