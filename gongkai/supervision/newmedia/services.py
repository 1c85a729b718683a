"""Every change to the new-media registry goes through one of these functions: each checks
permission (``access``) and the current state (``lifecycle``), changes the rows, appends the
lifecycle event and writes the audit entry in the same transaction. Views, the API, the feed job
and the demo all call them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai import officesettings
from gongkai.actor import Actor, signed_in
from gongkai.audit.services import changed, record, snapshot
from gongkai.orgs.models import Unit
from gongkai.supervision.newmedia import access
from gongkai.supervision.newmedia import lifecycle as lc
from gongkai.supervision.newmedia.models import Account, AccountEvent, NewMediaSettings, Platform

AUDITED = (
    "platform", "name", "account_id", "unit", "filing_number", "home_url", "feed_url", "state",
    "last_content_on", "content_source", "interaction_available",
)  # fmt: skip
DETAILS = ("name", "account_id", "home_url", "feed_url", "interaction_available")
LIMITS = {
    "name": (gettext_lazy("账号名称"), 100),
    "account_id": (gettext_lazy("账号ID"), 100),
    "filing_number": (gettext_lazy("备案编号"), 64),
}


class Conflict(Exception):
    """The account is not in a state that allows the step (the API answers 409)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Application:
    """What a unit's 信息员 fills in to apply for a new account (申请开设)."""

    unit_id: int | None
    platform_id: int | None
    name: str
    purpose: str = ""
    account_id: str = ""
    home_url: str = ""
    feed_url: str = ""
    interaction_available: bool = False


def _check_text(errors: dict[str, str], field: str, value: str, *, required: bool) -> None:
    label, most = LIMITS[field]
    if required and not value.strip():
        errors[field] = _("请填写“%(label)s”") % {"label": label}
    elif len(value.strip()) > most:
        errors[field] = _("“%(label)s”不能超过%(n)s个字") % {"label": label, "n": most}


def url_problem(field: str, value: str) -> str:
    """What is wrong with a link (empty: nothing); only http and https are taken."""
    labels = {"home_url": _("账号主页"), "feed_url": _("订阅源地址")}
    if not value:
        return ""
    if len(value) > 500:
        return _("“%(label)s”不能超过500个字符") % {"label": labels[field]}
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        return _("“%(label)s”应为以http://或https://开头的网址") % {"label": labels[field]}
    return ""


def _check_url(errors: dict[str, str], field: str, value: str) -> None:
    problem = url_problem(field, value)
    if problem:
        errors[field] = problem


def _check_details(errors: dict[str, str], values: dict[str, Any], *, exclude: int | None = None) -> None:
    _check_text(errors, "name", values["name"], required=True)
    _check_text(errors, "account_id", values["account_id"], required=False)
    _check_url(errors, "home_url", values["home_url"])
    _check_url(errors, "feed_url", values["feed_url"])
    platform_id, account_id = values.get("platform_id"), values["account_id"].strip()
    if "account_id" not in errors and account_id and platform_id:
        twins = Account.objects.filter(platform_id=platform_id, account_id=account_id)
        if twins.exclude(pk=exclude or 0).exists():
            errors["account_id"] = _("“账号ID”已登记在其他账号下，同一平台的账号ID不能重复")


def _event(account: Account, actor: Actor, action: str, before: str, reason: str = "") -> AccountEvent:
    name = actor.get_username() if actor is not None and actor.is_authenticated else ""
    return AccountEvent.objects.create(
        account=account, action=action, from_state=before, to_state=account.state, by=signed_in(actor), by_name=name,
        reason=reason.strip(),
    )  # fmt: skip


@transaction.atomic
def apply(actor: Actor, application: Application, *, http: HttpRequest | None = None) -> Account:
    """申请开设: a new account of the unit, in state 申请开设, waiting for the office's approval."""
    errors: dict[str, str] = {}
    unit = Unit.objects.filter(pk=application.unit_id, active=True).first() if application.unit_id else None
    if unit is None:
        errors["unit_id"] = _("请选择“主办单位”")
    else:
        access.require_unit_editor(actor, unit)
    platform = Platform.objects.filter(pk=application.platform_id or 0, active=True).first()
    if platform is None:
        errors["platform_id"] = _("请选择“平台”")
    values = {k: getattr(application, k) for k in DETAILS} | {"platform_id": application.platform_id}
    _check_details(errors, values)
    if errors:
        raise ValidationError(errors)
    assert unit is not None and platform is not None
    account = Account.objects.create(
        unit=unit, platform=platform, name=application.name.strip(), account_id=application.account_id.strip(),
        home_url=application.home_url, feed_url=application.feed_url, purpose=application.purpose.strip(),
        interaction_available=application.interaction_available, state=lc.APPLICATION,
    )  # fmt: skip
    _event(account, actor, "apply", "", application.purpose)
    record(actor, "newmedia.applied", account, unit=unit, after=snapshot(account, AUDITED), request=http)
    return account


def _locked(actor: Actor, account_id: int) -> Account:
    access.get_account_for(actor, account_id)  # 404 for someone who may not see it
    return Account.objects.select_for_update().select_related("unit", "platform").get(pk=account_id)


def _step_errors(account: Account, transition: lc.Transition, reason: str, filing_number: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    if transition.reason_required and not reason.strip():
        errors["reason"] = _("请填写“理由”")
    elif len(reason) > 2000:
        errors["reason"] = _("“理由”不能超过2000个字")
    if transition.needs_filing_number:
        _check_text(errors, "filing_number", filing_number, required=True)
        twins = Account.objects.filter(filing_number=filing_number.strip()).exclude(pk=account.pk)
        if "filing_number" not in errors and twins.exists():
            errors["filing_number"] = _("“备案编号”已被其他账号使用")
    if transition.needs_account_id and not account.account_id:
        errors["account_id"] = _("开始运营前请先填写“账号ID”")
    return errors


@transaction.atomic
def transition(
    actor: Actor,
    account_id: int,
    action: str,
    *,
    reason: str = "",
    filing_number: str = "",
    http: HttpRequest | None = None,
) -> Account:
    """Take the lifecycle step ``action`` (see ``lifecycle.TRANSITIONS``) on the account."""
    account = _locked(actor, account_id)
    try:
        step = lc.step(action, account.state)
    except lc.NotAllowed as exc:
        raise Conflict(_("账号当前状态为“%(state)s”，不能进行此操作") % {"state": account.get_state_display()}) from exc
    access.require_step(actor, account, step)
    errors = _step_errors(account, step, reason, filing_number)
    if errors:
        raise ValidationError(errors)
    before = snapshot(account, AUDITED)
    from_state = account.state
    account.state = step.target
    if step.needs_filing_number:
        account.filing_number = filing_number.strip()
    account.save()
    _event(account, actor, action, from_state, reason)
    old, new = changed(before, snapshot(account, AUDITED))
    record(actor, f"newmedia.{action}", account, unit=account.unit, before=old, after=new, note=reason[:200],
           request=http)  # fmt: skip
    return account


@transaction.atomic
def record_content(actor: Actor, account_id: int, on: dt.date, *, http: HttpRequest | None = None) -> Account:
    """The unit enters the date of the account's latest content (a date not in the future)."""
    account = _locked(actor, account_id)
    access.require_unit_editor(actor, account.unit_id)
    if account.state not in (*lc.LIVE, lc.FILED):
        state = account.get_state_display()
        raise Conflict(_("账号当前状态为“%(state)s”，不能填报最近更新日期") % {"state": state})
    if on > timezone.localdate():
        raise ValidationError({"on": _("“最近更新日期”不能晚于今天")})
    before = snapshot(account, AUDITED)
    account.last_content_on, account.content_source = on, Account.Source.ENTERED
    account.save(update_fields=["last_content_on", "content_source", "updated_at"])
    old, new = changed(before, snapshot(account, AUDITED))
    record(actor, "newmedia.content_entered", account, unit=account.unit, before=old, after=new, request=http)
    return account


@transaction.atomic
def update_details(
    actor: Actor, account_id: int, values: dict[str, Any], *, http: HttpRequest | None = None
) -> Account:
    """The unit corrects the account's name, ID, links and interaction flag (not state or number)."""
    account = _locked(actor, account_id)
    access.require_unit_editor(actor, account.unit_id)
    if account.state in lc.ENDED:
        raise Conflict(_("账号已%(state)s，不能修改") % {"state": account.get_state_display()})
    values = {k: values[k] for k in DETAILS} | {"platform_id": account.platform_id}
    errors: dict[str, str] = {}
    _check_details(errors, values, exclude=account.pk)
    if errors:
        raise ValidationError(errors)
    before = snapshot(account, AUDITED)
    for key in DETAILS:
        setattr(account, key, values[key].strip() if isinstance(values[key], str) else values[key])
    account.save()
    old, new = changed(before, snapshot(account, AUDITED))
    if new:
        record(actor, "newmedia.details_changed", account, unit=account.unit, before=old, after=new, request=http)
    return account


def update_settings(actor: Actor, *, stale_after_days: int, http: HttpRequest | None = None) -> NewMediaSettings:
    if not 1 <= stale_after_days <= 365:
        raise ValidationError({"stale_after_days": _("“未更新提示天数”应在1到365之间")})
    values = {"stale_after_days": stale_after_days}
    return officesettings.update(actor, NewMediaSettings, values, action="newmedia.settings_changed", request=http)


@transaction.atomic
def add_platform(actor: Actor, *, name: str, offers_feed: bool = False, http: HttpRequest | None = None) -> Platform:
    """The office adds a platform the list does not have yet."""
    access.require_office(actor)
    name = name.strip()
    if not name or len(name) > 40:
        raise ValidationError({"name": _("请填写“平台名称”（40字以内）")})
    if Platform.objects.filter(name=name).exists():
        raise ValidationError({"name": _("“平台名称”已存在")})
    position = (Platform.objects.order_by("-position").values_list("position", flat=True).first() or 0) + 10
    code = f"custom-{Platform.objects.count() + 1}"
    while Platform.objects.filter(code=code).exists():
        code += "x"
    platform = Platform.objects.create(code=code, name=name, offers_feed=offers_feed, position=position)
    record(actor, "newmedia.platform_added", platform, after=snapshot(platform, ("code", "name", "offers_feed")),
           request=http)  # fmt: skip
    return platform


@transaction.atomic
def record_feed_result(account_id: int, newest_on: dt.date | None, error: str) -> bool:
    """What the feed check (the system) found for one account; True when the date moved.

    A feed only moves the date forward: a feed that lags behind a date the unit entered does not
    overwrite it. The audit trail gets an entry when the date or the error changes, not for every
    check that found nothing new.
    """
    account = Account.objects.select_for_update().select_related("unit").filter(pk=account_id).first()
    if account is None:
        return False
    before = snapshot(account, (*AUDITED, "feed_error"))
    account.feed_checked_at = timezone.now()
    account.feed_error = error[:500]
    moved = newest_on is not None and (account.last_content_on is None or newest_on > account.last_content_on)
    if moved:
        account.last_content_on, account.content_source = newest_on, Account.Source.FEED
    account.save(update_fields=["feed_checked_at", "feed_error", "last_content_on", "content_source", "updated_at"])
    old, new = changed(before, snapshot(account, (*AUDITED, "feed_error")))
    if new:
        record(None, "newmedia.feed_checked", account, unit=account.unit, before=old, after=new)
    return moved
