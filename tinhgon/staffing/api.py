"""Quota API: ``GET|POST /api/v1/quota-entries/``, ``GET /api/v1/quota-balance/``, and the
submissions in the approval flow: ``/api/v1/quota-submissions/`` and
``/api/v1/headcount-submissions/`` (list, detail, submit, approve, return, bulk-approve; headcount
submissions are also created there).

The ledger holds approved entries only: ``POST /api/v1/quota-entries/`` proposes the entry — it
answers 201 with the created **quota submission** (``status: submitted``, or ``draft`` with
``"submit": false``), and the entry appears in ``GET /api/v1/quota-entries/`` once Sở Nội vụ has
approved it. Same scopes as the pages (``staffing.access``): a submission outside the scope is 404,
a step the user may not take 403, a refused input 400 ``{"errors": [{"path", "message"}]}``.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action, api_view
from rest_framework.request import Request
from rest_framework.response import Response

from tinhgon.core.api import BulkApproveSerializer
from tinhgon.core.approval import ApprovalStatus, BulkItem, approval_bulk_approve
from tinhgon.core.errors import Refused
from tinhgon.organizations import access
from tinhgon.organizations.api import parse_as_of
from tinhgon.organizations.services import DecisionInput
from tinhgon.rules import quota as quota_rules
from tinhgon.staffing import access as staffing_access
from tinhgon.staffing import selectors, services
from tinhgon.staffing import submission_services as submissions
from tinhgon.staffing.choices import EntryType, QuotaKind, SubmissionSource
from tinhgon.staffing.models import HeadcountSubmission, QuotaEntry, QuotaSubmission

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
    amount = serializers.IntegerField(min_value=-1_000_000, max_value=1_000_000)
    effective_date = serializers.DateField()
    decision = DecisionIn()
    note = serializers.CharField(required=False, allow_blank=True, default="")
    submit = serializers.BooleanField(
        required=False, default=True, help_text="false: keep the proposal as a draft"
    )


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


class _SubmissionOut(serializers.ModelSerializer):
    status_label = serializers.CharField(read_only=True)
    organization_name = serializers.SerializerMethodField()
    rows = serializers.JSONField()

    class Meta:
        fields = [
            "id",
            "title",
            "organization",
            "organization_name",
            "source",
            "status",
            "status_label",
            "version",
            "rows",
            "submitted_by",
            "submitted_at",
            "decided_by",
            "decided_at",
            "decision_reason",
        ]

    def get_organization_name(self, obj: Any) -> str:
        return str(obj.organization)


class QuotaSubmissionOut(_SubmissionOut):
    class Meta(_SubmissionOut.Meta):
        model = QuotaSubmission


class HeadcountSubmissionOut(_SubmissionOut):
    class Meta(_SubmissionOut.Meta):
        model = HeadcountSubmission


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

    @extend_schema(
        request=QuotaEntryIn,
        responses={201: QuotaSubmissionOut},
        description="Đề nghị ghi một bút toán: tạo một đề nghị (quota submission) chờ Sở Nội vụ "
        "phê duyệt; sổ biên chế chỉ thay đổi khi đề nghị được phê duyệt.",
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        ser = QuotaEntryIn(data=request.data)
        ser.is_valid(raise_exception=True)
        v = ser.validated_data
        org = access.get_organization(request.user, v["organization"])
        access.check_can_change(request.user, [org.pk], v["effective_date"])
        d = v["decision"]
        entry_type = dict(EntryType.choices)[v["entry_type"]]
        sub = submissions.quota_submission_create(
            acting_user=request.user,
            rows=[
                services.EntryInput(
                    org.pk,
                    v["kind"],
                    v["year"],
                    v["entry_type"],
                    v["amount"],
                    v["effective_date"],
                    DecisionInput(d["number"], d["date"], d["issuer"], d.get("signer", "")),
                    v.get("note", ""),
                )
            ],
            title=f"{entry_type} {v['amount']:+d} – {org} (QĐ {d['number']})",
            source=SubmissionSource.API,
            submit=v.get("submit", True),
            prefix="",
        )
        return Response(QuotaSubmissionOut(sub).data, status=status.HTTP_201_CREATED)


# ---------------------------------------------------------------------------------------------
# Submissions in the approval flow


class StepIn(serializers.Serializer):
    version = serializers.IntegerField()
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class HeadcountRowIn(serializers.Serializer):
    organization = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=QuotaKind.choices, error_messages=_NOT_LISTED)
    as_of = serializers.DateField()
    count = serializers.IntegerField(min_value=0, max_value=1_000_000)


class HeadcountSubmissionIn(serializers.Serializer):
    title = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    rows = HeadcountRowIn(many=True, allow_empty=False, max_length=5000)  # type: ignore[call-arg]
    submit = serializers.BooleanField(required=False, default=True)


class _SubmissionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    model: Any = None
    out: Any = None

    def get_queryset(self):  # type: ignore[no-untyped-def]
        qs = staffing_access.visible(self.request.user, self.model).order_by("-id")
        wanted = self.request.query_params.get("status")
        if wanted:
            if wanted not in ApprovalStatus.values:
                raise Refused.one("status", f"Trạng thái “{wanted}” không có trong danh mục.")
            qs = qs.filter(status=wanted)
        return qs

    def _get(self, pk: Any) -> Any:
        return staffing_access.get_submission(self.request.user, self.model, pk)

    @extend_schema(parameters=[OpenApiParameter("status", str, enum=ApprovalStatus.values)])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    def retrieve(self, request: Request, pk: str | None = None) -> Response:
        return Response(self.out(self._get(pk)).data)

    def _step(self, request: Request) -> dict[str, Any]:
        ser = StepIn(data=request.data)
        ser.is_valid(raise_exception=True)
        return dict(ser.validated_data)

    def _submit(self, request: Request, pk: Any) -> Response:
        obj = self._get(pk)
        staffing_access.check_can_submit(request.user, obj)
        d = self._step(request)
        obj = submissions.submission_submit(
            acting_user=request.user, submission=obj, expected_version=d["version"]
        )
        return Response(self.out(obj).data)

    def _approve(self, request: Request, pk: Any) -> Response:
        obj = self._get(pk)
        staffing_access.check_can_approve(request.user, obj)
        d = self._step(request)
        obj = submissions.submission_approve(
            acting_user=request.user, obj=obj, expected_version=d["version"], reason=d["reason"]
        )
        return Response(self.out(obj).data)

    def _return(self, request: Request, pk: Any) -> Response:
        obj = self._get(pk)
        staffing_access.check_can_approve(request.user, obj)
        d = self._step(request)
        obj = submissions.submission_return(
            acting_user=request.user,
            submission=obj,
            expected_version=d["version"],
            reason=d["reason"],
        )
        return Response(self.out(obj).data)

    def _bulk(self, request: Request) -> Response:
        ser = BulkApproveSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        d = ser.validated_data
        items = []
        for item in d["items"]:
            obj = self._get(item["id"])
            staffing_access.check_can_approve(request.user, obj)
            items.append(BulkItem(obj, item["version"]))
        done = approval_bulk_approve(
            acting_user=request.user,
            items=items,
            reason=d["reason"],
            approve=submissions.submission_approve,
        )
        return Response(self.out(done, many=True).data)


class QuotaSubmissionViewSet(_SubmissionViewSet):
    """Proposed ledger entries (the entry form, ``POST /quota-entries/``, the import)."""

    model = QuotaSubmission
    out = QuotaSubmissionOut
    serializer_class = QuotaSubmissionOut

    @extend_schema(request=StepIn, responses=QuotaSubmissionOut)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        return self._submit(request, pk)

    @extend_schema(
        request=StepIn,
        responses=QuotaSubmissionOut,
        description="Sở Nội vụ phê duyệt: kiểm tra lại toàn bộ và ghi các bút toán vào sổ "
        "trong cùng một giao dịch (tất cả hoặc không).",
    )
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str | None = None) -> Response:
        return self._approve(request, pk)

    @extend_schema(request=StepIn, responses=QuotaSubmissionOut)
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request: Request, pk: str | None = None) -> Response:
        return self._return(request, pk)

    @extend_schema(request=BulkApproveSerializer, responses=QuotaSubmissionOut(many=True))
    @action(detail=False, methods=["post"], url_path="bulk-approve")
    def bulk_approve(self, request: Request) -> Response:
        return self._bulk(request)


class HeadcountSubmissionViewSet(mixins.CreateModelMixin, _SubmissionViewSet):
    """Headcounts reported by an agency for its units."""

    model = HeadcountSubmission
    out = HeadcountSubmissionOut
    serializer_class = HeadcountSubmissionOut

    @extend_schema(request=HeadcountSubmissionIn, responses={201: HeadcountSubmissionOut})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        ser = HeadcountSubmissionIn(data=request.data)
        ser.is_valid(raise_exception=True)
        v = ser.validated_data
        for row in v["rows"]:
            org = access.get_organization(request.user, row["organization"])
            access.check_can_change(request.user, [org.pk], row["as_of"])
        rows = [
            services.HeadcountInput(r["organization"], r["kind"], r["as_of"], r["count"])
            for r in v["rows"]
        ]
        sub = submissions.headcount_submission_create(
            acting_user=request.user,
            rows=rows,
            title=v.get("title") or f"Số người có mặt ({len(rows)} dòng)",
            source=SubmissionSource.API,
            submit=v.get("submit", True),
        )
        return Response(HeadcountSubmissionOut(sub).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=StepIn, responses=HeadcountSubmissionOut)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        return self._submit(request, pk)

    @extend_schema(request=StepIn, responses=HeadcountSubmissionOut)
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str | None = None) -> Response:
        return self._approve(request, pk)

    @extend_schema(request=StepIn, responses=HeadcountSubmissionOut)
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request: Request, pk: str | None = None) -> Response:
        return self._return(request, pk)

    @extend_schema(request=BulkApproveSerializer, responses=HeadcountSubmissionOut(many=True))
    @action(detail=False, methods=["post"], url_path="bulk-approve")
    def bulk_approve(self, request: Request) -> Response:
        return self._bulk(request)


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
