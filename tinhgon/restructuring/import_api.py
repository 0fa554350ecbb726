"""``POST /api/v1/imports/<kind>/``: the Excel imports of the screens, for API clients.

The same pipeline as the upload screen (file checks by content, dry run, all-or-nothing commit);
``commit=true`` writes in the request itself. Every refusal is ``400 {"errors": [{"path",
"message"}]}`` with the path ``sheet!row:column`` of the cell, or ``file`` for the file as a whole.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiTypes, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import api_view, parser_classes
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from tinhgon.core import importing
from tinhgon.core.errors import Refused
from tinhgon.organizations import access
from tinhgon.restructuring import import_views  # noqa: F401  (registers every import kind)


class ImportUploadSerializer(serializers.Serializer):
    file = serializers.FileField()
    commit = serializers.BooleanField(required=False, default=False)


def _path(error: importing.RowError) -> str:
    if not error.sheet:
        return error.column or "file"
    return f"{error.sheet}!{error.row or ''}:{error.column}"


@extend_schema(
    request={"multipart/form-data": ImportUploadSerializer}, responses=OpenApiTypes.OBJECT
)
@api_view(["POST"])
@parser_classes([MultiPartParser])
def import_upload(request: Request, kind: str) -> Response:
    access.require_writer(request.user)
    spec = importing.get_kind(kind)
    if spec is None:
        raise Refused.one("kind", _("Không có loại nhập này."))
    upload = request.FILES.get("file")
    if upload is None:
        raise Refused.one("file", _("Hãy chọn tệp Excel."))
    if upload.size and upload.size > settings.TINHGON_MAX_UPLOAD_BYTES:
        raise Refused.one("file", _("Tệp lớn quá giới hạn cho phép."))
    commit = str(request.data.get("commit", "")).lower() in {"1", "true", "yes", "on"}
    result = importing.run_import(
        spec.spec, upload.read(), spec.apply, acting_user=request.user, commit=commit
    )
    if not result.ok:
        return Response(
            {
                "errors": [
                    {"path": _path(e), "message": e.message, **e.as_dict()} for e in result.errors
                ]
            },
            status=status.HTTP_400_BAD_REQUEST,
        )
    return Response(result.as_dict())
