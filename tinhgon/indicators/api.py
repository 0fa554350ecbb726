"""``GET /api/v1/indicators/?as_of=&scope=``: every indicator with its baseline and target."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, OpenApiTypes, extend_schema
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from tinhgon.core.errors import Refused
from tinhgon.indicators import selectors
from tinhgon.organizations import access
from tinhgon.organizations.api import parse_as_of
from tinhgon.organizations.models import Organization


def resolve_scope(user: Any, raw: str | None) -> Organization | None:
    """The scope asked for (checked against the user's), or the user's own scope root."""
    if raw:
        try:
            int(raw)
        except ValueError:
            raise Refused.one("scope", "Phạm vi phải là mã số của một cơ quan, đơn vị.") from None
        return access.get_organization(user, raw)
    if user.sees_everything:
        return None
    return user.scope_root


@extend_schema(
    parameters=[OpenApiParameter("as_of", str), OpenApiParameter("scope", int)],
    responses=OpenApiTypes.OBJECT,
)
@api_view(["GET"])
def indicator_list(request: Request) -> Response:
    """Các chỉ tiêu tại một ngày cho một phạm vi (mặc định: phạm vi của người dùng)."""
    as_of = (
        parse_as_of(request.query_params.get("as_of"))
        if request.query_params.get("as_of")
        else timezone.localdate()
    )
    scope = resolve_scope(request.user, request.query_params.get("scope"))
    return Response(selectors.indicator_payload(as_of, scope))
