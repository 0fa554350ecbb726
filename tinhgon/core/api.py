"""API conventions shared by every app: pagination and the error format."""

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from rest_framework import exceptions, serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from tinhgon.core.api_messages import vietnamese
from tinhgon.core.errors import Refused


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


def _flatten(detail: Any, path: str = "") -> list[dict[str, str]]:
    if isinstance(detail, dict):
        out: list[dict[str, str]] = []
        for key, value in detail.items():
            sub = (
                path
                if key in {"non_field_errors", "detail"}
                else f"{path}[{key}]"  # a list item's errors, keyed by its index
                if isinstance(key, int)
                else (f"{path}.{key}" if path else str(key))
            )
            out.extend(_flatten(value, sub))
        return out
    if isinstance(detail, list):
        out = []
        for i, value in enumerate(detail):
            if isinstance(value, dict | list) and not isinstance(value, exceptions.ErrorDetail):
                out.extend(_flatten(value, f"{path}[{i}]" if path else f"[{i}]"))
            else:
                out.extend(_flatten(value, path))
        return out
    return [{"path": path, "message": vietnamese(detail)}]


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Every refusal as ``{"errors": [{"path", "message"}]}``, messages in Vietnamese."""
    if isinstance(exc, Refused):
        return Response({"errors": exc.as_list()}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound("Không tìm thấy.")
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied("Bạn không có quyền thực hiện thao tác này.")
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    response.data = {"errors": _flatten(response.data)}
    return response


def refused_response(exc: Refused) -> Response:
    return Response({"errors": exc.as_list()}, status=status.HTTP_400_BAD_REQUEST)


def check_year(year: int, path: str = "year") -> int:
    """A year from the URL, refused (400, Vietnamese) outside 1900–2100 instead of a server error."""
    if not 1900 <= year <= 2100:
        raise Refused.one(path, "Năm phải trong khoảng 1900–2100.")
    return year


class BulkItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    version = serializers.IntegerField()


class BulkApproveSerializer(serializers.Serializer):
    """Many submitted items approved with one reason, all or nothing
    (:func:`tinhgon.core.approval.approval_bulk_approve`)."""

    items = BulkItemSerializer(many=True, allow_empty=False, max_length=500)  # type: ignore[call-arg]
    reason = serializers.CharField()
