"""The hostile upload corpus, generated at run time from each import kind's own template.

Every entry is a file a careless or hostile user could upload as an import workbook, with a piece of
the Vietnamese message that must refuse it. Nothing binary is committed: each file is built from
the kind's downloadable template (``importing.template_bytes``) or from a few bytes written here.
"""

from __future__ import annotations

import functools
import io
import re
import struct
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

from openpyxl import Workbook, load_workbook

from tinhgon.core import importing

NOT_XLSX = "không phải tệp Excel .xlsx"
BROKEN = "bị hỏng"
BOMB = "Tệp nén bất thường"
OLE2 = "Excel cũ (.xls) hoặc được đặt mật khẩu"
MACRO = "có macro (VBA)"
LINK = "liên kết tới tệp khác"
EMBED = "đối tượng nhúng"
NESTED = "tệp nén hoặc tệp chương trình lồng"
DTD = "khai báo XML (DTD/ENTITY)"
HUGE = "Trang tính quá lớn"
FORMULA = importing.FORMULA_MESSAGE
TEMPLATE = "không phải mẫu"
EMPTY = "Tệp rỗng"
PASSWORD = "đặt mật khẩu"

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_CT = "[Content_Types].xml"


@dataclass(frozen=True)
class Hostile:
    name: str
    expected: str  # a piece of the refusal message
    build: Callable[[importing.ImportKind], bytes]
    per_kind: bool = False  # built from each kind's own template (else once, from the registry's)


def _rezip(
    data: bytes,
    *,
    add: dict[str, bytes] | None = None,
    replace: dict[str, Callable[[bytes], bytes]] | None = None,
) -> bytes:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            body = src.read(info)
            if replace and info.filename in replace:
                body = replace[info.filename](body)
            dst.writestr(info.filename, body)
        for name, body in (add or {}).items():
            dst.writestr(name, body, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return out.getvalue()


def _template(kind: importing.ImportKind) -> bytes:
    return _template_of(kind.key)


@functools.cache
def _template_of(key: str) -> bytes:
    kind = importing.get_kind(key)
    assert kind is not None
    return importing.template_bytes(kind.spec)


def _with_cells(kind: importing.ImportKind, value: str) -> bytes:
    """The template with ``value`` in every column of row 2 of every data sheet."""
    wb = load_workbook(io.BytesIO(_template(kind)))
    for sheet in kind.spec.sheets:
        ws = wb[sheet.name]
        for c in range(1, len(sheet.columns) + 1):
            cell = ws.cell(row=2, column=c, value=value)
            if value.startswith("=HYPERLINK"):
                continue  # openpyxl writes it as a real formula (<f>)
            cell.data_type = "s"  # text that only looks like a formula
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _first_sheet_part(kind: importing.ImportKind) -> str:
    return "xl/worksheets/sheet2.xml"  # sheet1 is the instructions, sheet2 the first data sheet


def _patch_central(data: bytes, offset: int, fmt: str, value: int) -> bytes:
    """Change a field of the last central directory record (e.g. the uncompressed size)."""
    at = data.rfind(b"PK\x01\x02")
    buf = bytearray(data)
    struct.pack_into(fmt, buf, at + offset, value)
    return bytes(buf)


def _encrypted_flag(data: bytes) -> bytes:
    buf = bytearray(data)
    at = data.find(b"PK\x03\x04")
    struct.pack_into("<H", buf, at + 6, struct.unpack_from("<H", buf, at + 6)[0] | 1)
    at = data.find(b"PK\x01\x02")
    struct.pack_into("<H", buf, at + 8, struct.unpack_from("<H", buf, at + 8)[0] | 1)
    return bytes(buf)


def _far_cell(kind: importing.ImportKind) -> bytes:
    wb = load_workbook(io.BytesIO(_template(kind)))
    wb[kind.spec.sheets[0].name]["XFD1048576"] = "x"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _plain_workbook(_kind: importing.ImportKind) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws["A1"] = "Tên đơn vị"
    ws["A2"] = "Trường Tiểu học Tùng Ảnh"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _docx(_kind: importing.ImportKind) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(_CT, "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


_LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'.encode()
        for i in range(1, 10)
    )
    + b']>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1">'
    b"<si><t>&lol9;</t></si></sst>"
)
_XXE = (
    b'<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
    b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">&x;</workbook>'
)
_EXTERNAL_LINK = (
    b'<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b'<externalBook r:id="rId1" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships"/></externalLink>'
)


def _add_rel(rel_type: str, target: str, external: bool = False) -> Callable[[bytes], bytes]:
    mode = ' TargetMode="External"' if external else ""
    rel = (
        f'<Relationship Id="rIdX9" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        f'relationships/{rel_type}" Target="{target}"{mode}/>'
    ).encode()
    return lambda body: body.replace(b"</Relationships>", rel + b"</Relationships>")


def _huge_dimension(body: bytes) -> bytes:
    return re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', body)


def _cp1258(text: str) -> bytes:
    """CP1258 writes Vietnamese with the tone as a combining mark: “ờ” is “ơ” + U+0300."""
    out = b""
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            base, *marks = unicodedata.normalize("NFD", ch)
            if marks and len(marks) > 1:
                base, marks = unicodedata.normalize("NFC", base + marks[0]), marks[1:]
            out += base.encode("cp1258") + "".join(marks).encode("cp1258")
    return out


def _csv_cp1258(_kind: importing.ImportKind) -> bytes:
    return _cp1258("Mã;Tên đơn vị\n01;Trường Tiểu học Tùng Ảnh\n")


CORPUS: list[Hostile] = [
    Hostile("empty.xlsx", EMPTY, lambda k: b""),
    Hostile("truncated.xlsx", BROKEN, lambda k: _template(k)[: len(_template(k)) // 2]),
    Hostile("tail-cut.xlsx", BROKEN, lambda k: _template(k)[:-200]),
    Hostile("pdf-renamed.xlsx", NOT_XLSX, lambda k: b"%PDF-1.7\n1 0 obj<<>>endobj\n%%EOF\n"),
    Hostile("png-renamed.xlsx", NOT_XLSX, lambda k: b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),
    Hostile("exe-renamed.xlsx", NOT_XLSX, lambda k: b"MZ\x90\x00\x03" + b"\x00" * 58 + b"PE\0\0"),
    Hostile("html-renamed.xlsx", NOT_XLSX, lambda k: b"<html><table><tr><td>1</td></tr></table>"),
    Hostile("csv-cp1258.xlsx", NOT_XLSX, _csv_cp1258),
    Hostile("csv-utf16.csv", NOT_XLSX, lambda k: "Mã,Tên\n01,Tùng Ảnh\n".encode("utf-16")),
    Hostile("random.xlsx", NOT_XLSX, lambda k: bytes(range(256)) * 8),
    Hostile("xls-biff.xls", OLE2, lambda k: _OLE2 + b"\x00" * 16 + b"\x3e\x00" + b"\x00" * 486),
    Hostile(
        "password.xlsx",
        OLE2,
        lambda k: _OLE2 + b"\x00" * 504 + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 64,
    ),
    Hostile("encrypted-entry.xlsx", PASSWORD, lambda k: _encrypted_flag(_template(k))),
    Hostile("docx-renamed.xlsx", NOT_XLSX, _docx),
    Hostile("not-the-template.xlsx", TEMPLATE, _plain_workbook, per_kind=True),
    Hostile(
        "macro.xlsm",
        MACRO,
        lambda k: _rezip(_template(k), add={"xl/vbaProject.bin": _OLE2 + b"\x00" * 1000}),
    ),
    Hostile(
        "macro-content-type.xlsx",
        MACRO,
        lambda k: _rezip(
            _template(k),
            replace={
                _CT: lambda b: b.replace(b"sheet.main+xml", b"sheet.macroEnabled.main+xml", 1)
            },
        ),
    ),
    Hostile(
        "external-link.xlsx",
        LINK,
        lambda k: _rezip(_template(k), add={"xl/externalLinks/externalLink1.xml": _EXTERNAL_LINK}),
    ),
    Hostile(
        "external-link-rel.xlsx",
        LINK,
        lambda k: _rezip(
            _template(k),
            replace={
                "xl/_rels/workbook.xml.rels": _add_rel(
                    "externalLink", "file://///may-chu/chia-se/luong.xlsx", external=True
                )
            },
        ),
    ),
    Hostile(
        "ole-embedding.xlsx",
        EMBED,
        lambda k: _rezip(_template(k), add={"xl/embeddings/oleObject1.bin": _OLE2 + b"\0" * 512}),
    ),
    Hostile(
        "nested-zip.xlsx",
        NESTED,
        lambda k: _rezip(_template(k), add={"xl/media/image1.png": _template(k)}),
    ),
    Hostile(
        "nested-exe.xlsx",
        NESTED,
        lambda k: _rezip(_template(k), add={"xl/media/image2.jpeg": b"MZ\x90\x00" + b"\0" * 200}),
    ),
    Hostile(
        "zip-bomb-ratio.xlsx",
        BOMB,
        lambda k: _rezip(_template(k), add={"xl/worksheets/sheet9.xml": b" " * (12 << 20)}),
    ),
    Hostile(
        "zip-bomb-declared-4gb.xlsx",
        BOMB,
        lambda k: _patch_central(_template(k), 24, "<I", 0xFFFFFFF0),
    ),
    Hostile(
        "zip-bomb-many-parts.xlsx",
        BOMB,
        lambda k: _rezip(_template(k), add={f"xl/media/p{i}.png": b"x" for i in range(600)}),
    ),
    Hostile(
        "shared-strings-bomb.xlsx",
        BOMB,
        lambda k: _rezip(
            _template(k),
            add={
                "xl/sharedStrings.xml": b'<sst xmlns="http://schemas.openxmlformats.org/'
                b'spreadsheetml/2006/main">' + b"<si><t>a</t></si>" * 1_000_000 + b"</sst>"
            },
        ),
    ),
    Hostile(
        "billion-laughs.xlsx",
        DTD,
        lambda k: _rezip(_template(k), add={"xl/sharedStrings.xml": _LAUGHS}),
    ),
    Hostile(
        "xxe-workbook.xlsx",
        DTD,
        lambda k: _rezip(_template(k), replace={"xl/workbook.xml": lambda b: _XXE}),
    ),
    Hostile(
        "huge-dimension.xlsx",
        HUGE,
        lambda k: _rezip(_template(k), replace={_first_sheet_part(k): _huge_dimension}),
    ),
    Hostile("far-cell-XFD1048576.xlsx", HUGE, _far_cell),
    Hostile(
        "zip-slip.xlsx",
        BROKEN,
        lambda k: _rezip(_template(k), add={"../../etc/cron.d/tinhgon": b"* * * * * root id"}),
    ),
    Hostile(
        "formula-hyperlink.xlsx",
        FORMULA,
        lambda k: _with_cells(k, '=HYPERLINK("http://x.invalid","Bấm")'),
        per_kind=True,
    ),
    Hostile(
        "formula-dde-cmd.xlsx",
        FORMULA,
        lambda k: _with_cells(k, "=cmd|' /C calc'!A0"),
        per_kind=True,
    ),
    Hostile(
        "formula-plus.xlsx", FORMULA, lambda k: _with_cells(k, "+cmd|' /C calc'!A0"), per_kind=True
    ),
    Hostile(
        "formula-minus.xlsx",
        FORMULA,
        lambda k: _with_cells(k, "-2+3+cmd|' /C calc'!A0"),
        per_kind=True,
    ),
    Hostile(
        "formula-at.xlsx",
        FORMULA,
        lambda k: _with_cells(k, "@SUM(1+1)*cmd|' /C calc'!A0"),
        per_kind=True,
    ),
    Hostile("formula-tab.xlsx", FORMULA, lambda k: _with_cells(k, "\t=1+1"), per_kind=True),
]


@functools.cache
def build(name: str, kind_key: str) -> bytes:
    entry = next(h for h in CORPUS if h.name == name)
    if not entry.per_kind and kind_key != "registry":
        return build(name, "registry")
    kind = importing.get_kind(kind_key)
    assert kind is not None
    return entry.build(kind)
