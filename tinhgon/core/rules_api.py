"""The rule surface over HTTP: ``GET /api/v1/rules/`` and ``POST /api/v1/rules/NAME/``."""

from typing import Any

from drf_spectacular.utils import OpenApiTypes, extend_schema
from rest_framework.decorators import api_view
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from tinhgon.rules import catalogue
from tinhgon.rules.base import RuleInputError


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
    try:
        return Response(catalogue.run(name, request.data))
    except RuleInputError as exc:
        return Response(rule_errors(exc), status=400)
