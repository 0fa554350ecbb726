"""The background job that commits an uploaded import file (kind ``"import"``).

Params: ``kind`` (import kind), ``module`` (where the kind is registered, imported first so that a
worker process knows it), ``path`` (the file under MEDIA_ROOT/imports/) and ``sha256``.
"""

from __future__ import annotations

import hashlib
import importlib
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from tinhgon.core import importing
from tinhgon.core.errors import Refused
from tinhgon.core.jobs import job_function

UPLOAD_DIR = "imports"


def upload_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / UPLOAD_DIR


def stored_file(path: str, sha256: str) -> bytes:
    """The bytes of a kept upload, refused if it is outside the upload folder or was changed."""
    base = upload_dir().resolve()
    full = (base / Path(path).name).resolve()
    if full.parent != base or not full.is_file():
        raise Refused.one("", _("Không còn tệp đã tải lên; hãy tải lên lại."))
    data = full.read_bytes()
    if hashlib.sha256(data).hexdigest() != sha256:
        raise Refused.one("", _("Tệp đã tải lên bị thay đổi; hãy tải lên lại."))
    return data


def load_kind(params: dict[str, Any]) -> importing.ImportKind:
    module = str(params.get("module", ""))
    if module.startswith("tinhgon."):
        importlib.import_module(module)
    kind = importing.get_kind(str(params.get("kind", "")))
    if kind is None:
        raise Refused.one("", _("Không có loại nhập “%(k)s”.") % {"k": params.get("kind")})
    return kind


@job_function("import")
def import_job(params: dict[str, Any], *, owner: Any, progress: Any) -> dict[str, Any]:
    kind = load_kind(params)
    data = stored_file(params["path"], params["sha256"])
    result = importing.run_import(
        kind.spec, data, kind.apply, acting_user=owner, commit=True, progress=progress
    )
    if result.committed:
        message = _("Đã ghi vào hệ thống: %(what)s.") % {"what": importing.describe(result)}
    else:
        message = _("Không ghi gì: có %(n)s lỗi.") % {"n": result.error_count}
    return {"message": message, "import": result.as_dict()}
