"""Account security for staff: change one's own password; optional two-step login (TOTP, RFC 6238):
enrol, confirm, switch off."""

from __future__ import annotations

import base64

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai.audit.services import record
from gongkai.workbench.decorators import staff_required
from gongkai.workbench.forms import OwnPasswordForm, TotpConfirmForm


def _qr_svg(url: str) -> str:
    import segno

    return str(segno.make(url, error="m").svg_inline(scale=4, omitsize=True))


@staff_required
def security(request: HttpRequest) -> HttpResponse:
    return _page(request, OwnPasswordForm(request.user))


def _page(request: HttpRequest, password_form: OwnPasswordForm, status: int = 200) -> HttpResponse:
    confirmed = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    pending = None if confirmed else TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    return render(
        request,
        "workbench/security.html",
        {
            "confirmed": confirmed,
            "pending": pending,
            # The QR code is generated here from the device's own URL: nothing leaves the server.
            "qr": _qr_svg(pending.config_url) if pending else "",
            "secret": base64.b32encode(pending.bin_key).decode() if pending else "",
            "form": TotpConfirmForm(),
            "password_form": password_form,
        },
        status=status,
    )


@staff_required
@require_POST
def password_change(request: HttpRequest) -> HttpResponse:
    form = OwnPasswordForm(request.user, request.POST)
    if not form.is_valid():
        return _page(request, form, status=422)
    _change_own_password(request, form)
    messages.success(request, _("密码已修改。其他设备上的登录已失效，需要用新密码重新登录。"))
    return redirect("workbench:security")


@transaction.atomic
def _change_own_password(request: HttpRequest, form: OwnPasswordForm) -> None:
    user = form.save()
    record(user, "person.password_changed", user, request=request)  # that it changed, never the password
    # The new password changes the session hash: this session is kept, every other one ends.
    update_session_auth_hash(request, user)


@staff_required
@require_POST
def totp_start(request: HttpRequest) -> HttpResponse:
    if not TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
        TOTPDevice.objects.filter(user=request.user, confirmed=False).delete()
        TOTPDevice.objects.create(user=request.user, name="totp", confirmed=False)
    return redirect("workbench:security")


@staff_required
@require_POST
def totp_confirm(request: HttpRequest) -> HttpResponse:
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    form = TotpConfirmForm(request.POST)
    if device is not None and form.is_valid() and device.verify_token(form.cleaned_data["token"].strip()):
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        record(request.user, "auth.totp_enabled", request.user, request=request)
        messages.success(request, _("两步验证已开启，下次登录时需要填写动态验证码"))
    else:
        messages.error(request, _("验证码不正确，请按验证器应用当前显示的数字重新填写"))
    return redirect("workbench:security")


@staff_required
@require_POST
def totp_disable(request: HttpRequest) -> HttpResponse:
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    form = TotpConfirmForm(request.POST)
    if device is not None and form.is_valid() and device.verify_token(form.cleaned_data["token"].strip()):
        device.delete()
        record(request.user, "auth.totp_disabled", request.user, request=request)
        messages.success(request, _("两步验证已关闭"))
    else:
        messages.error(request, _("需要填写当前的动态验证码才能关闭两步验证"))
    return redirect("workbench:security")
