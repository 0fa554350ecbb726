"""Quota API: ``GET|POST /api/v1/quota-entries/`` and ``GET /api/v1/quota-balance/``."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from tinhgon.core.errors import Refused
from tinhgon.organizations import access
from tinhgon.organizations.api import parse_as_of
from tinhgon.organizations.services import DecisionInput
from tinhgon.rules import quota as quota_rules
from tinhgon.staffing import selectors, services
from tinhgon.staffing.choices import EntryType, QuotaKind
from tinhgon.staffing.models import QuotaEntry

_NOT_LISTED: dict[str, Any] = {"invalid_choice": "“{input}” không có trong danh mục."}


class DecisionIn(serializers.Serializer):
    number = serializers.CharField(max_length=100)
    date = serializers.DateField()
    issuer = serializers.CharField(max_length=300)
    signer = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class QuotaEntryIn(serializers.Serializer):
    organization = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=QuotaKind.choices, error_messages=_NOT_LISTED)
    year = serializers.IntegerField()
    entry_type = serializers.ChoiceField(choices=EntryType.choices, error_messages=_NOT_LISTED)
    amount = serializers.IntegerField()
    effective_date = serializers.DateField()
    decision = DecisionIn()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class QuotaEntryOut(serializers.ModelSerializer):
    decision = serializers.SerializerMethodField()

    class Meta:
        model = QuotaEntry
        fields = [
            "id",
            "organization",
            "kind",
            "year",
            "entry_type",
            "amount",
            "effective_date",
            "decision",
            "event",
            "counterpart",
            "note",
        ]

    def get_decision(self, entry: QuotaEntry) -> dict[str, Any]:
        d = entry.decision
        return {"number": d.number, "date": d.date.isoformat(), "issuer": d.issuer}


class QuotaEntryViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    serializer_class = QuotaEntryOut

    def get_queryset(self):  # type: ignore[no-untyped-def]
        qs = QuotaEntry.objects.select_related("decision").order_by("-effective_date", "-id")
        history = access.history_scope_ids(self.request.user)
        if history is not None:
            qs = qs.filter(organization_id__in=history)
        params = self.request.query_params
        if params.get("org"):
            try:
                qs = qs.filter(organization_id=int(params["org"]))
            except ValueError:
                raise Refused.one("org", "Mã số cơ quan, đơn vị không hợp lệ.") from None
        if params.get("kind"):
            if params["kind"] not in QuotaKind.values:
                raise Refused.one(
                    "kind", f"Loại biên chế “{params['kind']}” không có trong danh mục."
                )
            qs = qs.filter(kind=params["kind"])
        if params.get("year"):
            qs = qs.filter(year=params["year"])
        return qs

    @extend_schema(
        parameters=[
            OpenApiParameter("org", int),
            OpenApiParameter("kind", str, enum=QuotaKind.values),
            OpenApiParameter("year", int),
        ]
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(request=QuotaEntryIn, responses={201: QuotaEntryOut})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        ser = QuotaEntryIn(data=request.data)
        ser.is_valid(raise_exception=True)
        v = ser.validated_data
        org = access.get_organization(request.user, v["organization"])
        access.check_can_change(request.user, [org.pk], v["effective_date"])
        d = v["decision"]
        entry = services.quota_entry_record(
            acting_user=request.user,
            data=services.EntryInput(
                org.pk,
                v["kind"],
                v["year"],
                v["entry_type"],
                v["amount"],
                v["effective_date"],
                DecisionInput(d["number"], d["date"], d["issuer"], d.get("signer", "")),
                v.get("note", ""),
            ),
        )
        return Response(QuotaEntryOut(entry).data, status=status.HTTP_201_CREATED)


@extend_schema(
    parameters=[
        OpenApiParameter("org", int, required=True),
        OpenApiParameter("kind", str, enum=QuotaKind.values),
        OpenApiParameter("as_of", str),
    ],
    responses=inline_serializer(
        "QuotaBalance",
        {
            "organization": serializers.IntegerField(),
            "kind": serializers.CharField(),
            "kind_label": serializers.CharField(),
            "as_of": serializers.DateField(),
            "balance": serializers.IntegerField(),
            "assigned_to_children": serializers.IntegerField(),
            "present": serializers.IntegerField(allow_null=True),
        },
    ),
)
@api_view(["GET"])
def quota_balance(request: Request) -> Response:
    """Số biên chế của một cơ quan, đơn vị tại một ngày (được giao, đã giao tiếp, có mặt)."""
    params = request.query_params
    if not params.get("org"):
        raise Refused.one("org", "Thiếu mã số cơ quan, đơn vị (org).")
    org = access.get_organization(request.user, params["org"])
    kind = params.get("kind", QuotaKind.PUBLIC_EMPLOYEE_BUDGET)
    if kind not in QuotaKind.values:
        raise Refused.one("kind", f"Loại biên chế “{kind}” không có trong danh mục.")
    as_of = parse_as_of(params.get("as_of")) if params.get("as_of") else timezone.localdate()
    children = selectors.children_on(org.pk, as_of)
    return Response(
        {
            "organization": org.pk,
            "kind": kind,
            "kind_label": quota_rules.kind_label(kind, as_of),
            "as_of": as_of.isoformat(),
            "balance": selectors.balance(org.pk, kind, as_of),
            "assigned_to_children": sum(selectors.balances(children, kind, as_of).values()),
            "present": selectors.present([org.pk], kind, as_of)[org.pk],
        }
    )
