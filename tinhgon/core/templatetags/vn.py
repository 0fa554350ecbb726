"""Display filters: Vietnamese dates and numbers. Templates only display; formatting lives here."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django import template

register = template.Library()


@register.filter
def vn_date(value: dt.date | None) -> str:
    """dd/mm/yyyy; empty for None."""
    if not value:
        return ""
    return value.strftime("%d/%m/%Y")


@register.filter
def vn_number(value: int | Decimal | float | None) -> str:
    """1.234.567 (whole numbers)."""
    if value is None or value == "":
        return ""
    return f"{int(value):,}".replace(",", ".")


@register.filter
def action_label(code: str) -> str:
    """The Vietnamese name of an audit action ("submit" → "Gửi phê duyệt")."""
    from tinhgon.core.audit_labels import action_label as label

    return label(code)


@register.filter
def iso(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


@register.simple_tag
def approval_changed_badge(obj: Any) -> str:
    """A warning badge when ``obj``'s data differs from what was last approved
    (:func:`tinhgon.core.approval.changed_since_approval`); nothing otherwise."""
    from django.utils.html import format_html

    from tinhgon.core.approval import changed_since_approval

    if not changed_since_approval(obj):
        return ""
    return format_html(
        '<span class="badge text-bg-warning" data-testid="changed-since-approval" '
        'title="{}">{}</span>',
        "Dữ liệu hiện tại khác với dữ liệu đã được phê duyệt lần gần nhất",
        "Đã thay đổi sau phê duyệt",
    )
