"""User administration for Sở Nội vụ (create per agency, deactivate, reset password).

These pages live in ``organizations`` because they scope users by the organization subtree;
``accounts`` (below ``organizations``) keeps the model and the services.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from tinhgon.accounts import services
from tinhgon.accounts.forms import UserCreateForm
from tinhgon.accounts.models import User
from tinhgon.core.errors import Refused
from tinhgon.organizations import access


def _managed_users(request: HttpRequest):  # type: ignore[no-untyped-def]
    if not request.user.can_manage_users:  # type: ignore[union-attr]
        raise PermissionDenied("Bạn không có quyền quản lý người dùng.")
    qs = User.objects.select_related("organization", "scope_root").order_by("username")
    scope = access.scope_ids(request.user)
    if scope is not None:
        qs = qs.filter(scope_root_id__in=scope)
    return qs


@login_required
def user_list(request: HttpRequest) -> HttpResponse:
    users = _managed_users(request)
    page = Paginator(users, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/user_list.html", {"page": page, "form": UserCreateForm()})


@login_required
def user_create(request: HttpRequest) -> HttpResponse:
    _managed_users(request)
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        for key in ("organization", "scope_root"):
            if data[key] is not None:
                access.get_organization(request.user, data[key])
        try:
            user, password = services.user_create(
                acting_user=request.user,
                username=data["username"],
                full_name=data["full_name"],
                email=data["email"],
                role=data["role"],
                organization_id=data["organization"],
                scope_root_id=data["scope_root"],
            )
        except Refused as exc:
            for p in exc.problems:
                form.add_error(p.path if p.path in form.fields else None, p.message)
        else:
            messages.success(
                request, f"Đã tạo tài khoản {user.username}. Mật khẩu ban đầu: {password}"
            )
            return redirect("users:list")
    return render(request, "accounts/user_form.html", {"form": form})


def _get_managed(request: HttpRequest, pk: int) -> User:
    try:
        return _managed_users(request).get(pk=pk)
    except User.DoesNotExist:
        raise Http404("Không tìm thấy người dùng.") from None


@login_required
@require_POST
def user_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    user = _get_managed(request, pk)
    try:
        services.user_set_active(acting_user=request.user, user=user, active=not user.is_active)
    except Refused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, f"Đã {'mở khoá' if user.is_active else 'khoá'} tài khoản {user.username}."
        )
    return redirect("users:list")


@login_required
@require_POST
def user_reset(request: HttpRequest, pk: int) -> HttpResponse:
    user = _get_managed(request, pk)
    password = services.user_reset_password(acting_user=request.user, user=user)
    messages.success(request, f"Mật khẩu mới của {user.username}: {password}")
    return redirect("users:list")
