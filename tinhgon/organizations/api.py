"""Read API of the registry: organizations as of a date, lineage, unit counts.

Writing (establishing a unit, any other event) is added in ``restructuring.api``, the one door.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.decorators import action, api_view
from rest_framework.request import Request
from rest_framework.response import Response

from tinhgon.core.errors import Refused
from tinhgon.organizations import access, selectors
from tinhgon.organizations.choices import Kind, Sector
from tinhgon.organizations.models import Organization, OrganizationState


def parse_as_of(value: str | None, path: str = "as_of") -> dt.date:
    if not value:
        return timezone.localdate()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise Refused.one(path, f"Ngày “{value}” không đúng định dạng YYYY-MM-DD.") from None


class OrganizationItemSerializer(serializers.Serializer):
    """An organization as it was on a date (its state then)."""

    id = serializers.IntegerField(source="organization_id")
    code = serializers.CharField(source="organization.code", allow_null=True)
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=Kind.choices)
    sector = serializers.ChoiceField(choices=Sector.choices)
    managing_body = serializers.IntegerField(source="managing_body_id", allow_null=True)
    valid_from = serializers.DateField(source="organization.valid_from")
    valid_to = serializers.DateField(source="organization.valid_to", allow_null=True)


class LineageLinkSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="organization.pk")
    name = serializers.CharField()
    event_kind = serializers.CharField(source="event.kind")
    effective_date = serializers.DateField(source="event.effective_date")
    decision_number = serializers.CharField(source="event.decision.number")


class LineageSerializer(serializers.Serializer):
    predecessors = LineageLinkSerializer(many=True)
    successors = LineageLinkSerializer(many=True)


def state_for_item(org: Organization, as_of: dt.date | None = None) -> OrganizationState:
    day = as_of or access.reference_date(org)
    state = org.state_on(day) or org.last_state
    assert state is not None
    return state


_LIST_PARAMS = [
    OpenApiParameter("as_of", str, description="Ngày (YYYY-MM-DD), mặc định hôm nay"),
    OpenApiParameter("kind", str, enum=Kind.values),
    OpenApiParameter("sector", str, enum=Sector.values),
    OpenApiParameter("managing_body", int),
    OpenApiParameter("q", str, description="Tìm theo tên, không phân biệt dấu"),
]


class OrganizationViewSet(viewsets.GenericViewSet):
    serializer_class = OrganizationItemSerializer
    queryset = OrganizationState.objects.none()

    @extend_schema(parameters=_LIST_PARAMS, responses=OrganizationItemSerializer(many=True))
    def list(self, request: Request) -> Response:
        params = request.query_params
        as_of = parse_as_of(params.get("as_of"))
        qs = selectors.states_as_of(as_of, scope=access.scope_ids(request.user, as_of))
        problems = []
        if params.get("kind"):
            if params["kind"] not in Kind.values:
                problems.append(("kind", f"Loại hình “{params['kind']}” không có trong danh mục."))
            qs = qs.filter(kind=params["kind"])
        if params.get("sector"):
            if params["sector"] not in Sector.values:
                problems.append(
                    ("sector", f"Lĩnh vực “{params['sector']}” không có trong danh mục.")
                )
            qs = qs.filter(sector=params["sector"])
        if params.get("managing_body"):
            try:
                qs = qs.filter(managing_body_id=int(params["managing_body"]))
            except ValueError:
                problems.append(("managing_body", "Cơ quan quản lý phải là một mã số."))
        if problems:
            raise Refused(*problems)
        qs = qs.search(params.get("q", "")).order_by("name_folded", "id")
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(OrganizationItemSerializer(page, many=True).data)

    @extend_schema(responses=OrganizationItemSerializer)
    def retrieve(self, request: Request, pk: str) -> Response:
        org = access.get_organization(request.user, pk)
        return Response(OrganizationItemSerializer(state_for_item(org)).data)

    @extend_schema(responses=LineageSerializer)
    @action(detail=True, methods=["get"])
    def lineage(self, request: Request, pk: str) -> Response:
        org = access.get_organization(request.user, pk)
        links = selectors.lineage(org)
        visible = {
            role: [link for link in items if access.can_see(request.user, link.organization)]
            for role, items in links.items()
        }
        return Response(LineageSerializer(visible).data)


_STATS_RESPONSE = inline_serializer(
    "UnitStats",
    {
        "as_of": serializers.DateField(),
        "total": serializers.IntegerField(),
        "groups": inline_serializer(
            "UnitStatsGroup",
            {
                "key": serializers.CharField(),
                "label": serializers.CharField(),
                "count": serializers.IntegerField(),
            },
            many=True,
        ),
    },
)


@extend_schema(
    parameters=[
        OpenApiParameter("as_of", str),
        OpenApiParameter("group_by", str, enum=list(selectors.GROUP_BY)),
    ],
    responses=_STATS_RESPONSE,
)
@api_view(["GET"])
def unit_stats(request: Request) -> Response:
    """Số đơn vị sự nghiệp công lập tại một ngày, theo lĩnh vực, loại hình hoặc cơ quan quản lý."""
    as_of = parse_as_of(request.query_params.get("as_of"))
    group_by = request.query_params.get("group_by", "sector")
    if group_by not in selectors.GROUP_BY:
        raise Refused.one("group_by", "group_by phải là sector, kind hoặc managing_body.")
    data: dict[str, Any] = selectors.unit_counts(
        as_of, group_by, scope=access.scope_ids(request.user, as_of)
    )
    return Response(data)
