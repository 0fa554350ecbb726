"""``{% signature_panel obj %}``: the signatures of an approval, each checked again now."""

from __future__ import annotations

from typing import Any

from django import template

from tinhgon.signatures import approvals, selectors

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
