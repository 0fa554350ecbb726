"""``{% signature_panel obj %}``: the signatures of an approval, each checked again now."""

from __future__ import annotations

from typing import Any

from django import template

from tinhgon.signatures import approvals, selectors

register = template.Library()


@register.inclusion_tag("signatures/panel.html", takes_context=True)
def signature_panel(context: Any, obj: Any) -> dict[str, Any]:
    user = context.get("user")
    key = approvals.key_of(obj)
    can_sign = (
        key in approvals.kinds()
        and getattr(obj, "status", "") == "submitted"
        and getattr(user, "effective_role", "") in {"supervisor", "administrator"}
        and getattr(obj, "submitted_by_id", None) != getattr(user, "pk", None)
    )
    return {"rows": selectors.approval_rows(obj), "obj": obj, "key": key, "can_sign": can_sign}
