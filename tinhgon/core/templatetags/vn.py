"""Display filters: Vietnamese dates and numbers. Templates only display; formatting lives here."""

import datetime as dt
from decimal import Decimal

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
def iso(value: dt.date | None) -> str:
    return value.isoformat() if value else ""
