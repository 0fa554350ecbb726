"""Write API of the registry: every event goes through ``event_record``, the one door."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from tinhgon.core.text import nfc
from tinhgon.organizations import access
from tinhgon.organizations.api import (
    OrganizationItemSerializer,
    OrganizationViewSet,
    state_for_item,
)
from tinhgon.organizations.choices import EventKind, Kind, Sector
from tinhgon.organizations.models import ReorgEvent
from tinhgon.organizations.services import DecisionInput, EventInput, NewUnit
from tinhgon.restructuring.services import event_record


class ProjectDecisionSerializer(serializers.Serializer):
    number = serializers.CharField(max_length=100)
    date = serializers.DateField()
    issuer = serializers.CharField(max_length=300)
    signer = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    title = serializers.CharField(required=False, allow_blank=True, default="")

    def to_decision(self) -> DecisionInput:
        v = self.validated_data
        return DecisionInput(
            v["number"], v["date"], v["issuer"], v.get("signer", ""), v.get("title", "")
        )


_NOT_LISTED: dict[str, Any] = {"invalid_choice": "“{input}” không có trong danh mục."}


class NewUnitSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=300)
    kind = serializers.ChoiceField(choices=Kind.choices, error_messages=_NOT_LISTED)
    sector = serializers.ChoiceField(choices=Sector.choices, error_messages=_NOT_LISTED)
    managing_body = serializers.IntegerField(allow_null=True)
    code = serializers.CharField(max_length=40, required=False, allow_null=True, allow_blank=True)
    category = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    autonomy_group = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=4
    )
    unit_class = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")


def _new_unit(data: dict[str, Any]) -> NewUnit:
    return NewUnit(
        name=data["name"],
        kind=data["kind"],
        sector=data["sector"],
        managing_body=data.get("managing_body"),
        code=data.get("code") or None,
        category=data.get("category", ""),
        autonomy_group=data.get("autonomy_group"),
        unit_class=data.get("unit_class", ""),
    )


@extend_schema_field(
    {"oneOf": [{"type": "integer"}, {"$ref": "#/components/schemas/NewUnitRequest"}]}
)
class SuccessorField(serializers.Field):
    """An existing organization's id, or a new unit ``{"name","kind","sector","managing_body"}``."""

    def to_internal_value(self, data: Any) -> int | NewUnit:
        if isinstance(data, bool):
            raise serializers.ValidationError("Phải là mã số đơn vị hoặc thông tin đơn vị mới.")
        if isinstance(data, int):
            return data
        if isinstance(data, dict):
            ser = NewUnitSerializer(data=data)
            ser.is_valid(raise_exception=True)
            return _new_unit(ser.validated_data)
        raise serializers.ValidationError("Phải là mã số đơn vị hoặc thông tin đơn vị mới.")

    def to_representation(self, value: Any) -> Any:
        return value


class ChangesSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=300, required=False)
    managing_body = serializers.IntegerField(required=False)
    autonomy_group = serializers.IntegerField(required=False)


class EventCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=EventKind.choices, error_messages=_NOT_LISTED)
    effective_date = serializers.DateField()
    decision = ProjectDecisionSerializer()
    predecessors = serializers.ListField(
        child=serializers.IntegerField(), required=False, default=list
    )
    successors = serializers.ListField(child=SuccessorField(), required=False, default=list)
    changes = ChangesSerializer(required=False, default=dict)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class EventLinkOut(serializers.Serializer):
    id = serializers.IntegerField(source="organization_id")
    name = serializers.SerializerMethodField()
    role = serializers.CharField()

    def get_name(self, link: Any) -> str:
        return str(link.organization)


class EventSerializer(serializers.ModelSerializer):
    decision = serializers.SerializerMethodField()
    predecessors = serializers.SerializerMethodField()
    successors = serializers.SerializerMethodField()

    class Meta:
        model = ReorgEvent
        fields = [
            "id",
            "kind",
            "effective_date",
            "decision",
            "predecessors",
            "successors",
            "changes",
            "note",
        ]

    def get_decision(self, event: ReorgEvent) -> dict[str, Any]:
        doc = event.decision
        return {
            "number": doc.number,
            "date": doc.date.isoformat(),
            "issuer": doc.issuer,
            "signer": doc.signer,
        }

    def get_predecessors(self, event: ReorgEvent) -> list[int]:
        return [link.organization_id for link in event.links.all() if link.role == "predecessor"]

    def get_successors(self, event: ReorgEvent) -> list[int]:
        return [link.organization_id for link in event.links.all() if link.role == "successor"]


def event_input_from(data: dict[str, Any], decision: DecisionInput) -> EventInput:
    return EventInput(
        kind=data["kind"],
        effective_date=data["effective_date"],
        decision=decision,
        predecessors=list(data.get("predecessors") or []),
        successors=list(data.get("successors") or []),
        changes={
            k: (nfc(v) if isinstance(v, str) else v)
            for k, v in dict(data.get("changes") or {}).items()
        },
        note=data.get("note", ""),
    )


def _decision(data: dict[str, Any]) -> DecisionInput:
    d = data["decision"]
    return DecisionInput(
        d["number"], d["date"], d["issuer"], d.get("signer", ""), d.get("title", "")
    )


def check_event_scope(user: Any, inp: EventInput) -> None:
    """Writers act only inside their scope: on the participants and on new units' managing bodies."""
    import datetime as dt

    assert inp.effective_date is not None
    day_before = inp.effective_date - dt.timedelta(days=1)
    ids = [*inp.predecessors, *[s for s in inp.successors if isinstance(s, int)]]
    access.check_can_change(user, ids, day_before)
    parents = [
        s.managing_body for s in inp.successors if isinstance(s, NewUnit) and s.managing_body
    ]
    if inp.changes.get("managing_body"):
        parents.append(int(inp.changes["managing_body"]))
    access.check_can_change(user, [int(p) for p in parents], inp.effective_date)


class EventViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = EventSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        from tinhgon.organizations import selectors

        return selectors.events_in_scope(
            access.history_scope_ids(self.request.user)
        ).prefetch_related("links__organization")

    def retrieve(self, request: Request, pk: str | None = None) -> Response:
        event = access.get_event(request.user, pk)
        return Response(EventSerializer(event).data)

    @extend_schema(request=EventCreateSerializer, responses={201: EventSerializer})
    def create(self, request: Request) -> Response:
        ser = EventCreateSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        inp = event_input_from(ser.validated_data, _decision(ser.validated_data))
        check_event_scope(request.user, inp)
        event = event_record(acting_user=request.user, data=inp)
        return Response(EventSerializer(event).data, status=status.HTTP_201_CREATED)


class EstablishSerializer(NewUnitSerializer):
    valid_from = serializers.DateField()
    decision = ProjectDecisionSerializer()


class OrganizationWriteViewSet(OrganizationViewSet):
    """``POST /api/v1/organizations/`` establishes a unit (event ``establish``)."""

    @extend_schema(request=EstablishSerializer, responses={201: OrganizationItemSerializer})
    def create(self, request: Request) -> Response:
        ser = EstablishSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        v = ser.validated_data
        inp = EventInput(
            kind=EventKind.ESTABLISH,
            effective_date=v["valid_from"],
            decision=_decision(v),
            successors=[_new_unit(v)],
        )
        check_event_scope(request.user, inp)
        event = event_record(acting_user=request.user, data=inp)
        org = event.links.get(role="successor").organization
        return Response(
            OrganizationItemSerializer(state_for_item(org, v["valid_from"])).data,
            status=status.HTTP_201_CREATED,
        )
