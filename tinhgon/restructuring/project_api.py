"""``GET /api/v1/proposals/`` and ``GET /api/v1/proposals/{id}/``: restructuring projects with their
status, effective date, decision and stored impact (the same scope as the UI); ``POST
/api/v1/proposals/`` saves a draft through the same service as the editor."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, OpenApiTypes, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from tinhgon.restructuring.choices import ProjectKind, ProjectStatus
from tinhgon.restructuring.models import Project
from tinhgon.restructuring.project_access import get_project, visible_projects
from tinhgon.restructuring.project_services import ProjectInput, project_save


def payload(project: Project, *, with_impact: bool = True) -> dict[str, Any]:
    doc = project.decision
    out: dict[str, Any] = {
        "id": project.pk,
        "name": project.name,
        "status": project.status,
        "effective_date": project.effective_date.isoformat() if project.effective_date else None,
        "decision": {
            "number": doc.number,
            "date": doc.date.isoformat(),
            "issuer": doc.issuer,
            "signer": doc.signer,
        }
        if doc
        else None,
    }
    if with_impact:
        out["impact"] = project.impact or None
    return out


class ProposalSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=300)
    kind = serializers.ChoiceField(choices=ProjectKind.choices, default=ProjectKind.OTHER)
    owner = serializers.IntegerField()
    effective_date = serializers.DateField()
    legal_basis = serializers.CharField(required=False, allow_blank=True, default="")
    events = serializers.ListField(child=serializers.DictField())
    placements = serializers.ListField(child=serializers.DictField(), required=False, default=list)


_DECISION = inline_serializer(
    "RestructuringProposalDecision",
    {
        "number": serializers.CharField(),
        "date": serializers.DateField(),
        "issuer": serializers.CharField(),
        "signer": serializers.CharField(),
    },
    allow_null=True,
)
_FIELDS: dict[str, serializers.Field[Any, Any, Any, Any]] = {
    "id": serializers.IntegerField(),
    "name": serializers.CharField(),
    "status": serializers.ChoiceField(choices=ProjectStatus.choices),
    "effective_date": serializers.DateField(allow_null=True),
    "decision": _DECISION,
}
PROPOSAL_OUT = inline_serializer(
    "RestructuringProposal", {**_FIELDS, "impact": serializers.JSONField(allow_null=True)}
)


@extend_schema(
    methods=["GET"],
    operation_id="v1_proposals_list",
    parameters=[
        OpenApiParameter(
            "status", OpenApiTypes.STR, enum=[v for v, _label in ProjectStatus.choices]
        )
    ],
    responses=inline_serializer(
        "RestructuringProposalList",
        {"results": inline_serializer("RestructuringProposalItem", _FIELDS, many=True)},
    ),
)
@extend_schema(
    methods=["POST"],
    operation_id="v1_proposals_create",
    request=ProposalSerializer,
    responses={201: PROPOSAL_OUT},
)
@api_view(["GET", "POST"])
def proposal_list(request: Request) -> Response:
    if request.method == "POST":
        ser = ProposalSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        v = ser.validated_data
        project = project_save(
            acting_user=request.user,
            data=ProjectInput(
                name=v["name"],
                kind=v["kind"],
                owner=v["owner"],
                effective_date=v["effective_date"],
                legal_basis=v["legal_basis"],
                events=v["events"],
                placements=v["placements"],
            ),
        )
        return Response(payload(project), status=status.HTTP_201_CREATED)
    rows = visible_projects(request.user)
    wanted = request.query_params.get("status")
    if wanted:
        rows = rows.filter(status=wanted)
    return Response({"results": [payload(p, with_impact=False) for p in rows]})


@extend_schema(responses=PROPOSAL_OUT)
@api_view(["GET"])
def proposal_detail(request: Request, pk: int) -> Response:
    return Response(payload(get_project(request.user, pk)))
