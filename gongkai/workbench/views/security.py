"""Optional two-step login (TOTP, RFC 6238) for staff: enrol, confirm, switch off."""

from __future__ import annotations

import base64

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai.audit.services import record
from gongkai.workbench.decorators import staff_required
from gongkai.workbench.forms import TotpConfirmForm


def _qr_svg(url: str) -> str:
    import segno

    return str(segno.make(url, error="m").svg_inline(scale=4, omitsize=True))


@staff_required
def security(request: HttpRequest) -> HttpResponse:
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
        },
    )


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
