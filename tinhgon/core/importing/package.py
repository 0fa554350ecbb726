"""Checks on an uploaded workbook's bytes before any spreadsheet library reads them.

An .xlsx is a zip of XML parts. A hostile file can be another type renamed (PDF, PNG, an .exe, an
old .xls or a password-protected workbook, both OLE2 files), a zip bomb (parts that inflate to
gigabytes, a huge compression ratio, a size in the header that lies), XML with a DTD (entity
expansion, "billion laughs", external entities), a macro project (``vbaProject.bin``), links to
other workbooks or embedded objects and nested archives, or a sheet claiming a million rows by
sixteen thousand columns. :func:`inspect_package` reads every part once as a stream, with a budget,
and refuses all of these with one Vietnamese sentence; only then do calamine and the formula scan
touch the file.

Limits are settings (``docs/security.md``): ``TINHGON_MAX_UPLOAD_BYTES`` (the file),
``TINHGON_IMPORT_MAX_UNPACKED_BYTES`` (all parts inflated), ``TINHGON_IMPORT_MAX_RATIO`` (inflated ÷
compressed for a part over 1 MB), ``TINHGON_IMPORT_MAX_PARTS``, ``TINHGON_IMPORT_MAX_ROWS`` and
``TINHGON_IMPORT_MAX_COLUMNS`` (the furthest cell a sheet may name).
"""

from __future__ import annotations

import functools
import io
import re
import zipfile

from django.conf import settings
from django.utils.translation import gettext as _

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_CHUNK = 1 << 20
_RATIO_FROM = 1 << 20  # the ratio is judged only for parts that inflate past 1 MB
# Parts an import never needs and that carry code, links or other files.
_FORBIDDEN_PARTS = re.compile(
    r"(?:^|/)(?:vbaProject\.bin|vbaData\.xml)$|^xl/(?:externalLinks|embeddings|activeX|macrosheets"
    r"|dialogsheets)/|^customUI/",
    re.IGNORECASE,
)
_FORBIDDEN_REL = re.compile(
    rb"/(?:externalLink|oleObject|package|activeXControl|attachedTemplate|vbaProject)\"",
    re.IGNORECASE,
)
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_MACRO_TYPE = re.compile(rb"macroEnabled|vbaProject", re.IGNORECASE)
# Patterns that start with a literal, so that re skips through 50 MB of sheet XML quickly.
_DIMENSION = re.compile(rb"dimension\s+ref=\"[A-Z]*\d*:?([A-Z]{1,3})(\d+)\"")
_NESTED_MAGIC = (b"PK\x03\x04", _OLE2, b"\x1f\x8b", b"7z\xbc\xaf", b"Rar!", b"MZ")


def _NOT_XLSX() -> str:
    return _("Tệp không phải tệp Excel .xlsx hợp lệ.")


class PackageRefused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@functools.cache
def _far_refs(max_rows: int, max_cols: int) -> re.Pattern[bytes]:
    """The ``r="…"`` references of cells and rows that *may* lie beyond the limits: a row number
    with as many digits as the limit, or a column of more letters than a column within it. Ordinary
    references do not match, so a 100,000-row sheet is scanned at C speed; each match is then
    checked exactly by :func:`_too_far`."""
    digits = len(str(max_rows))
    letters = len(_column_letters(max_cols))
    return re.compile(rb'r="(?:([A-Z]{0,3})(\d{%d,})|([A-Z]{%d,3})(\d+))"' % (digits, letters))


def _column_letters(n: int) -> str:
    out = ""
    while n > 0:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def sniff(data: bytes) -> str:
    """What the bytes are by their first bytes: ``xlsx-zip``, ``ole2``, ``pdf``, … or ``unknown``."""
    if data.startswith(b"PK\x03\x04"):
        return "zip"
    if data.startswith(_OLE2):
        return "ole2"
    for magic, name in (
        (b"%PDF-", "pdf"),
        (b"\x89PNG", "png"),
        (b"\xff\xd8\xff", "jpg"),
        (b"MZ", "exe"),
        (b"\x7fELF", "exe"),
        (b"\x1f\x8b", "gzip"),
        (b"Rar!", "rar"),
        (b"7z\xbc\xaf", "7z"),
    ):
        if data.startswith(magic):
            return name
    return "unknown"


def inspect_package(data: bytes) -> None:
    """Refuse ``data`` unless it is a plain .xlsx within the limits; raise :class:`PackageRefused`."""
    limit = settings.TINHGON_MAX_UPLOAD_BYTES
    if not data:
        raise PackageRefused(_("Tệp rỗng (0 byte): hãy chọn tệp Excel .xlsx có dữ liệu."))
    if len(data) > limit:
        raise PackageRefused(
            _("Tệp lớn quá giới hạn %(mb)s MB.") % {"mb": round(limit / 1024 / 1024, 1)}
        )
    kind = sniff(data)
    if kind == "ole2":
        raise PackageRefused(
            _(
                "Tệp là bảng tính Excel cũ (.xls) hoặc được đặt mật khẩu: hãy mở bằng Excel, bỏ "
                "mật khẩu và lưu lại thành .xlsx."
            )
        )
    if kind != "zip":
        raise PackageRefused(_NOT_XLSX())
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise PackageRefused(
            _("Tệp .xlsx bị hỏng hoặc không trọn vẹn; hãy lưu lại rồi tải lên.")
        ) from None
    with zf:
        _check_parts(zf, infos)


def _check_parts(zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> None:
    broken = _("Tệp .xlsx bị hỏng hoặc không trọn vẹn; hãy lưu lại rồi tải lên.")
    bomb = _("Tệp nén bất thường (dung lượng giải nén quá lớn), không được nhập.")
    if len(infos) > settings.TINHGON_IMPORT_MAX_PARTS:
        raise PackageRefused(bomb)
    names = {i.filename for i in infos}
    if "xl/workbook.xml" not in names or "[Content_Types].xml" not in names:
        raise PackageRefused(_NOT_XLSX())
    budget = settings.TINHGON_IMPORT_MAX_UNPACKED_BYTES
    max_ratio = settings.TINHGON_IMPORT_MAX_RATIO
    max_rows = settings.TINHGON_IMPORT_MAX_ROWS
    max_cols = settings.TINHGON_IMPORT_MAX_COLUMNS
    far = _far_refs(max_rows, max_cols)
    too_big = _(
        "Trang tính quá lớn (quá %(rows)s dòng hoặc %(cols)s cột): hãy xoá các dòng, cột thừa."
    ) % {"rows": f"{max_rows:,}".replace(",", "."), "cols": max_cols}
    for info in infos:
        name = info.filename
        if name.startswith("/") or ".." in name.split("/") or "\\" in name:
            raise PackageRefused(broken)
        if info.flag_bits & 0x1:
            raise PackageRefused(
                _("Tệp được đặt mật khẩu: hãy bỏ mật khẩu và lưu lại thành .xlsx.")
            )
        if _FORBIDDEN_PARTS.search(name):
            raise PackageRefused(_forbidden_message(name))
        if info.file_size > budget:
            raise PackageRefused(bomb)
        is_xml = name.endswith((".xml", ".rels"))
        is_sheet = name.startswith("xl/worksheets/") and is_xml
        inflated = 0
        tail = b""
        try:
            with zf.open(info) as fh:
                while chunk := fh.read(_CHUNK):
                    if inflated == 0 and chunk.startswith(_NESTED_MAGIC) and not is_xml:
                        raise PackageRefused(
                            _(
                                "Tệp chứa tệp nén hoặc tệp chương trình lồng bên trong, không được nhập."
                            )
                        )
                    inflated += len(chunk)
                    budget -= len(chunk)
                    if budget < 0:
                        raise PackageRefused(bomb)
                    if inflated > _RATIO_FROM and inflated > max_ratio * max(info.compress_size, 1):
                        raise PackageRefused(bomb)
                    if not is_xml:
                        continue
                    window = tail + chunk
                    if _DTD.search(window):
                        raise PackageRefused(
                            _(
                                "Tệp chứa khai báo XML (DTD/ENTITY) không được phép, không được nhập."
                            )
                        )
                    if name == "[Content_Types].xml" and _MACRO_TYPE.search(window):
                        raise PackageRefused(_forbidden_message("vbaProject.bin"))
                    if (
                        name.endswith(".rels")
                        and (_FORBIDDEN_REL.search(window) or b'TargetMode="External"' in window)
                        and not _only_hyperlinks(window)
                    ):
                        raise PackageRefused(_forbidden_message("externalLink"))
                    if is_sheet:
                        for m in _DIMENSION.finditer(window):
                            if _too_far(m, max_rows, max_cols):
                                raise PackageRefused(too_big)
                        for m in far.finditer(window):
                            if _too_far(m, max_rows, max_cols):
                                raise PackageRefused(too_big)
                    tail = window[-256:]
        except PackageRefused:
            raise
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError):
            raise PackageRefused(broken) from None
        except (RuntimeError, NotImplementedError):  # encrypted or unsupported compression
            raise PackageRefused(broken) from None


def _too_far(m: re.Match[bytes], max_rows: int, max_cols: int) -> bool:
    if m.lastindex and m.lastindex > 2:  # the second alternative of _far_refs
        letters, digits = m.group(3), m.group(4)
    else:
        letters, digits = m.group(1), m.group(2)
    return int(digits) > max_rows or (bool(letters) and _column_number(letters) > max_cols)


def _only_hyperlinks(rels: bytes) -> bool:
    """A sheet's relationships may point outside for hyperlinks only (never fetched by us)."""
    for rel in re.findall(rb"<Relationship\b[^>]*>", rels):
        external = b'TargetMode="External"' in rel
        if _FORBIDDEN_REL.search(rel) or (external and b'/hyperlink"' not in rel):
            return False
    return True


def _forbidden_message(name: str) -> str:
    lowered = name.lower()
    if "vba" in lowered or "macro" in lowered or "dialogsheet" in lowered or "customui" in lowered:
        return _(
            "Tệp có macro (VBA): không được nhập. Hãy lưu lại thành “Sổ làm việc Excel (.xlsx)”."
        )
    if "externallink" in lowered:
        return _("Tệp có liên kết tới tệp khác (liên kết ngoài): hãy xoá liên kết rồi lưu lại.")
    return _("Tệp chứa đối tượng nhúng (OLE, ActiveX), không được nhập.")
