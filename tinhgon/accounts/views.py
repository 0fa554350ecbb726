"""Login (password, then the TOTP code when the user has a confirmed device) and 2FA enrolment.

django-axes counts the password step (``authenticate`` with the request); the code step is
throttled by django-otp's own delay after each wrong code. API tokens never meet either step.
"""

from __future__ import annotations

from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from tinhgon.accounts import forms, services
from tinhgon.accounts.choices import TWO_FACTOR_ROLES

_PENDING = "tinhgon_otp_pending"


def _next_url(request: HttpRequest) -> str:
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return "/"


def _confirmed_device(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
def login_view(request: HttpRequest) -> HttpResponse:
    form = AuthenticationForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.get_user()
        device = _confirmed_device(user)
        if device is None:
            auth_login(request, user)
            return redirect(_next_url(request))
        request.session[_PENDING] = {
            "user": user.pk,
            "backend": user.backend,  # type: ignore[attr-defined]
            "next": _next_url(request),
        }
        return redirect("accounts:login_code")
    return render(
        request, "registration/login.html", {"form": form, "next": request.GET.get("next", "")}
    )


@sensitive_post_parameters("code")
@csrf_protect
@never_cache
def login_code(request: HttpRequest) -> HttpResponse:
    pending = request.session.get(_PENDING)
    if not pending:
        return redirect("accounts:login")
    user = get_user_model().objects.filter(pk=pending["user"], is_active=True).first()
    device = _confirmed_device(user) if user else None
    if user is None or device is None:
        request.session.pop(_PENDING, None)
        return redirect("accounts:login")
    form = forms.CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, _data = device.verify_is_allowed()
        if allowed and device.verify_token(form.cleaned_data["code"]):
            request.session.pop(_PENDING, None)
            auth_login(request, user, backend=pending["backend"])
            otp_login(request, device)
            return redirect(pending.get("next") or "/")
        form.add_error(
            "code",
            "Mã xác thực không đúng hoặc đã hết hạn."
            if allowed
            else "Nhập sai nhiều lần: hãy chờ một lát rồi thử lại.",
        )
    return render(request, "accounts/login_code.html", {"form": form})


@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    """Enrol (QR code as inline SVG, no outside service), confirm with a code, or turn it off."""
    user = request.user
    if getattr(user, "effective_role", None) not in TWO_FACTOR_ROLES:
        raise PermissionDenied("Xác thực hai bước dành cho chuyên viên tổng hợp và quản trị.")
    confirmed = _confirmed_device(user)
    form = forms.CodeForm(request.POST or None)
    if confirmed is not None:
        if request.method == "POST" and form.is_valid():
            if confirmed.verify_token(form.cleaned_data["code"]):
                services.two_factor_disable(acting_user=user)  # type: ignore[arg-type]
                messages.success(request, "Đã tắt xác thực hai bước.")
                return redirect("accounts:two_factor")
            form.add_error("code", "Mã xác thực không đúng hoặc đã hết hạn.")
        return render(request, "accounts/two_factor.html", {"enabled": True, "form": form})
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, confirmed=False, defaults={"name": "Ứng dụng xác thực"}
    )
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            services.two_factor_confirm(acting_user=user, device=device)  # type: ignore[arg-type]
            messages.success(request, "Đã bật xác thực hai bước: lần đăng nhập sau sẽ hỏi mã.")
            return redirect("accounts:two_factor")
        form.add_error("code", "Mã xác thực không đúng hoặc đã hết hạn.")
    qr = segno.make(device.config_url, error="m").svg_inline(scale=5, dark="#000", light="#fff")
    return render(
        request,
        "accounts/two_factor.html",
        {"enabled": False, "form": form, "qr": qr, "secret": _base32(device.bin_key)},
    )


def _base32(key: bytes) -> str:
    import base64

    return base64.b32encode(key).decode().rstrip("=")
