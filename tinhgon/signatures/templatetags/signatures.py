"""``{% signature_panel obj %}``: the signatures of an approval, each checked again now."""

from __future__ import annotations

from typing import Any

from django import template

from tinhgon.signatures import access, approvals, selectors

register = template.Library()


@register.inclusion_tag("signatures/panel.html", takes_context=True)
def signature_panel(context: Any, obj: Any, colspan: int = 0) -> dict[str, Any]:
    """``colspan``: inside a table, as a row of that many columns (nothing when nothing to show)."""
    user = context.get("user")
    key = approvals.key_of(obj)
    kind = approvals.kinds().get(key)
    can_sign = (
        kind is not None
        and user is not None
        and getattr(obj, "status", "") == "submitted"
        and kind.can_sign(user, obj)
    )
    return {
        "rows": selectors.approval_rows(obj),
        "obj": obj,
        "key": key,
        "can_sign": can_sign,
        "colspan": colspan,
    }


@register.simple_tag(takes_context=True)
def signing_key_ready(context: Any) -> bool:
    """Whether the user has a signing key of their own registered (the signed sign-off is offered)."""
    user = context.get("user")
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return bool(access.person_credentials(user).exists())


@register.inclusion_tag("signatures/document_panel.html")
def document_signature_panel(obj: Any, download: str = "") -> dict[str, Any]:
    """The digital signatures of a document (a report version) with its stored file verified now;
    a document that was signed off without a digital signature says so plainly."""
    return {
        "obj": obj,
        "check": selectors.document_check(obj),
        "download": download,
        "status": getattr(obj, "status", ""),
    }
