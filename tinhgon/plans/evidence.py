"""Tài liệu minh chứng: the type is judged by the file's content (magic bytes), not its name."""

from __future__ import annotations

import io
import zipfile

from django.utils.translation import gettext as _

from tinhgon.core.errors import Refused
from tinhgon.plans import conf

ALLOWED = {"pdf", "docx", "xlsx", "png", "jpg", "jpeg"}
_ZIP_MARKER = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}


def detect(data: bytes) -> str | None:
    """The type of ``data`` by content: pdf, docx, xlsx, png, jpg; None when unknown."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if data.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except (zipfile.BadZipFile, ValueError):
            return None
        for kind, marker in _ZIP_MARKER.items():
            if marker in names:
                return kind
    return None


def check(name: str, data: bytes, path: str = "files") -> str:
    """The file's type, or a refusal in Vietnamese (forbidden type, too large, content mismatch)."""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    limit = conf.get("EVIDENCE_MAX_BYTES")
    if ext not in ALLOWED:
        raise Refused.one(
            path,
            _("Tệp “%(name)s”: loại tệp không được phép; chỉ nhận PDF, DOCX, XLSX, PNG, JPG.")
            % {"name": name},
        )
    if len(data) > limit:
        raise Refused.one(
            path,
            _("Tệp “%(name)s” quá lớn (%(size)s MB); tối đa %(max)s MB.")
            % {
                "name": name,
                "size": f"{len(data) / 1048576:.1f}".replace(".", ","),
                "max": f"{limit / 1048576:g}".replace(".", ","),
            },
        )
    if not data:
        raise Refused.one(path, _("Tệp “%(name)s” rỗng.") % {"name": name})
    found = detect(data)
    expected = "jpg" if ext == "jpeg" else ext
    if found != expected:
        raise Refused.one(
            path,
            _("Tệp “%(name)s”: nội dung không khớp với phần mở rộng .%(ext)s.")
            % {"name": name, "ext": ext},
        )
    return found
