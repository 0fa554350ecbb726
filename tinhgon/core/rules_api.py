"""The rule surface over HTTP: ``GET /api/v1/rules/`` and ``POST /api/v1/rules/NAME/``."""

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import OpenApiTypes, extend_schema
from rest_framework.decorators import api_view
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from tinhgon.rules import catalogue
from tinhgon.rules.base import RuleInputError


def with_local_today(name: str, payload: Any) -> Any:
    """A rule's ``as_of`` defaults to today in Vietnam (Asia/Ho_Chi_Minh), not the server's UTC date."""
    if isinstance(payload, dict) and "as_of" in catalogue.get(name).INPUT_SCHEMA.get(
        "properties", {}
    ):
        payload = {**payload}
        payload.setdefault("as_of", timezone.localdate().isoformat())
    return payload


def rule_errors(exc: RuleInputError) -> dict[str, Any]:
    return {"errors": [{"path": p.path, "message": p.message} for p in exc.problems]}


@extend_schema(responses=OpenApiTypes.OBJECT)
@api_view(["GET"])
def rule_list(request: Request) -> Response:
    """Danh sách quy tắc pháp lý với lược đồ dữ liệu vào."""
    return Response({"results": catalogue.describe()})


@extend_schema(request=OpenApiTypes.OBJECT, responses=OpenApiTypes.OBJECT)
@api_view(["POST"])
def rule_run(request: Request, name: str) -> Response:
    """Chạy một quy tắc với dữ liệu JSON; kết quả có phần giải thích (căn cứ pháp lý)."""
    if name not in catalogue.RULES:
        raise NotFound(f"Không có quy tắc “{name}”.")
    payload = with_local_today(name, request.data)
    try:
        return Response(catalogue.run(name, payload))
    except RuleInputError as exc:
        return Response(rule_errors(exc), status=400)
