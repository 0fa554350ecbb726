"""Workforce API (``/api/v1/workforce/…``), with the same scopes as the pages.

People are listed without their identification number; a person's detail shows it masked. Every
list of people is an export of personal data and is written to the audit trail.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import Any

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from tinhgon.core.api import Pagination
from tinhgon.core.errors import Refused
from tinhgon.organizations import access as org_access
from tinhgon.positions import selectors as position_selectors
from tinhgon.workforce import access, selectors, services


def _as_of(request: Request) -> dt.date:
    raw = request.query_params.get("as_of")
    if not raw:
        return timezone.localdate()
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise Refused.one("as_of", f"Ngày “{raw}” không đúng định dạng YYYY-MM-DD.") from None


class PersonItemSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="person.pk")
    full_name = serializers.CharField(source="person.full_name")
    birth_year = serializers.IntegerField(source="person.birth_date.year")
    sex = serializers.CharField(source="person.sex")
    employment_kind = serializers.CharField(source="person.employment_kind")
    organization = serializers.IntegerField(source="organization_id")
    position = serializers.IntegerField(source="position_id", allow_null=True)


class PersonInSerializer(serializers.Serializer):
    full_name = serializers.CharField()
    birth = serializers.CharField(help_text="dd/mm/yyyy, yyyy-mm-dd hoặc chỉ năm sinh")
    sex = serializers.CharField()
    employment_kind = serializers.CharField()
    hired_on = serializers.DateField()
    organization = serializers.IntegerField()
    id_number = serializers.CharField(required=False, allow_blank=True, default="")
    annex = serializers.CharField(required=False, default="I")
    annex_reason = serializers.CharField(required=False, allow_blank=True, default="")
    position = serializers.IntegerField(required=False, allow_null=True, default=None)
    title_code = serializers.CharField(required=False, allow_blank=True, default="")
    rank = serializers.CharField(required=False, allow_blank=True, default="")
    coefficient = serializers.CharField(required=False, allow_blank=True, default="")


AS_OF = OpenApiParameter(
    "as_of", OpenApiTypes.DATE, description="Ngày xem số liệu (YYYY-MM-DD; mặc định hôm nay)."
)
_I, _S, _D, _B = (
    serializers.IntegerField,
    serializers.CharField,
    serializers.DateField,
    serializers.BooleanField,
)
PERSON_OUT = inline_serializer(
    "WorkforcePerson",
    {
        "id": _I(),
        "full_name": _S(),
        "id_number_masked": _S(),
        "birth_date": _D(),
        "birth_year_only": _B(),
        "sex": _S(),
        "employment_kind": _S(),
        "annex": _S(),
        "hired_on": _D(),
        "version": _I(),
        "assignments": inline_serializer(
            "WorkforcePersonAssignment",
            {
                "id": _I(),
                "organization": _I(),
                "position": _I(allow_null=True),
                "valid_from": _D(),
                "valid_to": _D(allow_null=True),
                "full_time": _B(),
            },
            many=True,
        ),
        "titles": inline_serializer(
            "WorkforcePersonTitle",
            {"title_rank": _S(), "career_level": _I(allow_null=True), "valid_from": _D()},
            many=True,
        ),
        "ratings": inline_serializer(
            "WorkforcePersonRating",
            {"year": _I(), "period": _S(), "part": _S(), "grade": _S()},
            many=True,
        ),
    },
)


def person_json(person: services.Person) -> dict[str, Any]:
    h = selectors.person_history(person)
    return {
        "id": person.pk,
        "full_name": person.full_name,
        "id_number_masked": person.masked_id,
        "birth_date": person.birth_date.isoformat(),
        "birth_year_only": person.birth_year_only,
        "sex": person.sex,
        "employment_kind": person.employment_kind,
        "annex": person.annex,
        "hired_on": person.hired_on.isoformat(),
        "version": person.version,
        "assignments": [
            {
                "id": a.pk,
                "organization": a.organization_id,
                "position": a.position_id,
                "valid_from": a.valid_from.isoformat(),
                "valid_to": a.valid_to.isoformat() if a.valid_to else None,
                "full_time": a.full_time,
            }
            for a in h["assignments"]
        ],
        "titles": [
            {
                "title_rank": t.title_rank.code,
                "career_level": t.title_rank.career_level,
                "valid_from": t.valid_from.isoformat(),
            }
            for t in h["titles"]
        ],
        "ratings": [
            {"year": r.year, "period": r.period, "part": r.part, "grade": r.grade}
            for r in h["ratings"]
        ],
    }


@extend_schema(
    methods=["GET"],
    parameters=[
        AS_OF,
        OpenApiParameter("organization", OpenApiTypes.INT, description="Chỉ một đơn vị."),
        OpenApiParameter("q", OpenApiTypes.STR, description="Tìm theo họ tên."),
    ],
    responses=PersonItemSerializer(many=True),
)
@extend_schema(methods=["POST"], request=PersonInSerializer, responses={201: PERSON_OUT})
@api_view(["GET", "POST"])
def people(request: Request) -> Response:
    """GET: people present on ``as_of`` in scope (``organization``, ``q``); POST: record a person."""
    if request.method == "POST":
        ser = PersonInSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        data = ser.validated_data
        org_access.check_can_change(request.user, [data["organization"]], data["hired_on"])
        person = services.person_record(acting_user=request.user, data=services.PersonInput(**data))
        return Response(person_json(person), status=201)
    as_of = _as_of(request)
    scope = org_access.scope_ids(request.user, as_of)
    org = request.query_params.get("organization")
    ids: set[int] | None = scope
    if org:
        unit = org_access.get_organization(request.user, org)
        ids = {unit.pk}
    qs = selectors.people_in(ids, as_of, request.query_params.get("q", ""))
    paginator = Pagination()
    page = paginator.paginate_queryset(qs, request)
    services.export_record(
        acting_user=request.user,
        what="api_people",
        scope=None,
        rows=len(page or []),
        params=dict(request.query_params.items()),
    )
    return paginator.get_paginated_response(PersonItemSerializer(page, many=True).data)


@extend_schema(responses=PERSON_OUT)
@api_view(["GET"])
def person_detail(request: Request, pk: int) -> Response:
    person = access.get_person(request.user, pk)
    return Response(person_json(person))


class AssignmentInSerializer(serializers.Serializer):
    organization = serializers.IntegerField()
    valid_from = serializers.DateField()
    position = serializers.IntegerField(required=False, allow_null=True, default=None)
    full_time = serializers.BooleanField(required=False, default=True)
    version = serializers.IntegerField()


@extend_schema(
    request=AssignmentInSerializer,
    responses={201: inline_serializer("WorkforceAssignmentCreated", {"id": _I()})},
)
@api_view(["POST"])
def person_assignments(request: Request, pk: int) -> Response:
    """Move the person: their open full-time assignment ends the day before ``valid_from``."""
    person = access.get_person(request.user, pk)
    ser = AssignmentInSerializer(data=request.data)
    ser.is_valid(raise_exception=True)
    d = ser.validated_data
    org_access.check_can_change(request.user, [d["organization"]], d["valid_from"])
    access.check_can_change_person(request.user, person)
    row = services.assignment_record(
        acting_user=request.user,
        data=services.AssignmentInput(
            person=person.pk,
            organization=d["organization"],
            valid_from=d["valid_from"],
            position=d["position"],
            full_time=d["full_time"],
        ),
        close_open=True,
        expected_version=d["version"],
    )
    return Response({"id": row.pk}, status=201)


@extend_schema(
    parameters=[AS_OF],
    responses=inline_serializer(
        "WorkforceCompliance",
        {
            "as_of": _D(),
            "units": _I(),
            "counts": serializers.DictField(child=_I()),
            "results": inline_serializer(
                "WorkforceComplianceUnit",
                {
                    "organization": _I(),
                    "name": _S(),
                    "people": _I(),
                    "vien_chuc": _I(),
                    "deputies": _I(),
                    "max_deputies": _I(allow_null=True),
                    "violations": serializers.ListField(child=serializers.DictField()),
                },
                many=True,
            ),
        },
    ),
)
@api_view(["GET"])
def compliance(request: Request) -> Response:
    """Compliance of the units in scope: counts per check and each unit's violations."""
    as_of = _as_of(request)
    rows = selectors.compliance(org_access.scope_ids(request.user, as_of), as_of)
    summary = selectors.compliance_summary(rows)
    return Response(
        {
            "as_of": as_of,
            "units": summary.units,
            "counts": summary.by_check,
            "results": [
                {
                    "organization": r.organization_id,
                    "name": r.name,
                    "people": r.people,
                    "vien_chuc": r.vien_chuc,
                    "deputies": r.deputies,
                    "max_deputies": r.max_deputies,
                    "violations": [asdict(v) for v in r.violations],
                }
                for r in rows
                if r.violations
            ],
        }
    )


@extend_schema(
    parameters=[
        AS_OF,
        OpenApiParameter("by", OpenApiTypes.STR, enum=list(selectors.STRUCTURE_BY)),
    ],
    responses=inline_serializer(
        "WorkforceStructure",
        {
            "as_of": _D(),
            "by": _S(),
            "rows": inline_serializer(
                "WorkforceStructureRow", {"label": _S(), "count": _I()}, many=True
            ),
        },
    ),
)
@api_view(["GET"])
def structure(request: Request) -> Response:
    as_of = _as_of(request)
    by = request.query_params.get("by", "level")
    if by not in selectors.STRUCTURE_BY:
        raise Refused.one("by", "by phải là một trong: " + ", ".join(selectors.STRUCTURE_BY))
    rows = selectors.structure(org_access.scope_ids(request.user, as_of), as_of, by)
    return Response({"as_of": as_of, "by": by, "rows": [{"label": k, "count": n} for k, n in rows]})


@extend_schema(
    parameters=[AS_OF],
    responses=inline_serializer(
        "WorkforceUnitStaffing",
        {
            "organization": _I(),
            "as_of": _D(),
            "people": _I(),
            "deputies": _I(),
            "max_deputies": _I(allow_null=True),
            "positions": inline_serializer(
                "WorkforceUnitPosition",
                {
                    "id": _I(),
                    "code": _S(),
                    "name": _S(),
                    "approved": _I(allow_null=True),
                    "people": _I(),
                    "vacancies": _I(allow_null=True),
                },
                many=True,
            ),
            "staff": inline_serializer(
                "WorkforceUnitStaff",
                {"id": _I(), "full_name": _S(), "position": _I(allow_null=True), "problem": _S()},
                many=True,
            ),
        },
    ),
)
@api_view(["GET"])
def unit_staffing(request: Request, pk: int) -> Response:
    org = org_access.get_organization(request.user, pk)
    as_of = _as_of(request)
    data = selectors.unit_staffing(org.pk, as_of)
    c = data.compliance
    services.export_record(
        acting_user=request.user,
        what="api_unit_staffing",
        scope=org,
        rows=len(data.staff),
        params={"as_of": as_of.isoformat()},
    )
    return Response(
        {
            "organization": org.pk,
            "as_of": as_of,
            "people": c.people if c else 0,
            "deputies": c.deputies if c else 0,
            "max_deputies": c.max_deputies if c else None,
            "positions": [
                {
                    "id": line.position.pk,
                    "code": line.position.code,
                    "name": line.position.name,
                    "approved": line.position.headcount,
                    "people": line.people,
                    "vacancies": line.vacancies,
                }
                for line in data.lines
            ],
            "staff": [
                {
                    "id": s.person.pk,
                    "full_name": s.person.full_name,
                    "position": s.assignment.position_id,
                    "problem": s.problem,
                }
                for s in data.staff
            ],
        }
    )


@extend_schema(
    parameters=[AS_OF],
    responses=inline_serializer(
        "WorkforceMigrationRow",
        {"organization": _I(), "name": _S(), "decision": _S(), "days_left": _I(allow_null=True)},
        many=True,
    ),
)
@api_view(["GET"])
def migration(request: Request) -> Response:
    as_of = _as_of(request)
    rows = position_selectors.migration_report(org_access.scope_ids(request.user, as_of), as_of)
    return Response(
        [
            {
                "organization": r.decision.organization_id,
                "name": r.organization_name,
                "decision": r.decision.document.number,
                "days_left": r.days_left,
            }
            for r in rows
        ]
    )
