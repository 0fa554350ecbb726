"""PAdES signing of PDF bytes with pyHanko: the signer's visible block and the body's seal.

No database here: :mod:`tinhgon.signatures.services` opens the keys, checks the certificates and
records what was signed. Decree 30/2020 (Annex I) puts the signer's block at the bottom right of
the last page, under the position ("KT. CHỦ TỊCH / PHÓ CHỦ TỊCH") and above the name: the visible
signature goes in that gap (:func:`signer_box`). The issuing body's signature (its digital seal)
is a second, invisible signature over the signed document.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.sign import fields, signers
from pyhanko.sign.signers.pdf_cms import Signer
from pyhanko.stamp import TextStampStyle
from pyhanko_certvalidator import ValidationContext

from tinhgon.core.errors import Refused

FONT_DIRS = (
    Path("/usr/share/fonts/truetype/liberation2"),
    Path("/usr/share/fonts/truetype/liberation"),
)
FONT_FILE = "LiberationSerif-Regular.ttf"  # fonts-liberation2: has every Vietnamese glyph
A4 = (595.0, 842.0)
BOX_W, BOX_H = 200.0, 58.0  # fits between the position lines and the name (60 pt in render_pdf)


@dataclass(frozen=True)
class Box:
    page: int  # 0-based; -1 is the last page
    x1: float
    y1: float
    x2: float
    y2: float

    def as_tuple(self) -> tuple[int, int, int, int]:
        return (int(self.x1), int(self.y1), int(self.x2), int(self.y2))


@dataclass(frozen=True)
class Visible:
    """What the visible block says (Vietnamese): who, as what, for which body, when."""

    name: str
    position: str
    body: str
    signed_at: str  # "26/11/2026 14:03:05 (GMT+7)"


def font_path() -> Path:
    """Liberation Serif rescaled to 1000 units per em, made once and kept in the temp directory.

    pyHanko's OpenType engine writes glyph widths in font units where PDF expects thousandths of
    an em, so a 2048-unit TrueType font comes out letter-spaced; at 1000 units both agree."""
    for d in FONT_DIRS:
        src = d / FONT_FILE
        if src.exists():
            out = Path(tempfile.gettempdir()) / f"tinhgon-{src.stem}-{src.stat().st_mtime_ns}.ttf"
            if not out.exists():
                from fontTools.ttLib import TTFont
                from fontTools.ttLib.scaleUpem import scale_upem

                font = TTFont(str(src))
                if font["head"].unitsPerEm != 1000:
                    scale_upem(font, 1000)
                tmp = out.with_suffix(f".{os.getpid()}.tmp")
                font.save(str(tmp))
                tmp.replace(out)
            return out
    raise Refused.one(
        "font",
        "Thiếu phông chữ Liberation Serif (gói fonts-liberation2) để ghi chữ ký có dấu tiếng Việt.",
    )


def page_count(data: bytes) -> int:
    return int(PdfFileReader(io.BytesIO(data)).root["/Pages"]["/Count"])


def free_field_name(data: bytes, base: str) -> str:
    """``base``, or ``base2``, ``base3``… when the document already has a field of that name."""
    try:
        taken = {str(e.field_name) for e in PdfFileReader(io.BytesIO(data)).embedded_signatures}
    except Exception:
        taken = set()
    n, name = 1, base
    while name in taken:
        n += 1
        name = f"{base}{n}"
    return name


def _page_size(data: bytes, page: int) -> tuple[float, float]:
    reader = PdfFileReader(io.BytesIO(data))
    box = reader.root["/Pages"]["/Kids"]  # flat page trees (WeasyPrint writes one level)
    try:
        media = box[page]["/MediaBox"]
        return float(media[2]) - float(media[0]), float(media[3]) - float(media[1])
    except (KeyError, IndexError, TypeError):
        return A4


_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
)


def signer_box(data: bytes, signer_name: str) -> Box:
    """Where the visible signature goes: above the signer's name on the last page.

    The name's words are found with poppler's ``pdftotext -bbox`` (an apt package the project has);
    a draft without the name gets the space under the position lines (the lowest text of the right
    half); without poppler, the bottom right of the last page."""
    last = page_count(data) - 1
    width, height = _page_size(data, last)
    fallback = Box(last, width - 40 - BOX_W, 90, width - 40, 90 + BOX_H)
    words = signer_name.split()
    exe = shutil.which("pdftotext")
    if not exe:
        return fallback
    out = subprocess.run(
        [exe, "-bbox", "-f", str(last + 1), "-l", str(last + 1), "-", "-"],
        input=data,
        capture_output=True,
        check=False,
        timeout=30,
    ).stdout.decode("utf-8", "replace")
    found = [(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in _WORD.findall(out)]
    for i in range(len(found) - len(words) + 1 if words else 0):
        window = found[i : i + len(words)]
        if [w for *_r, w in window] == words and window[0][0] > width / 3:
            x_min, top = window[0][0], min(r[1] for r in window)
            x_max = max(r[2] for r in window)
            return _box_at(last, width, (x_min + x_max) / 2, height - top + 2)
    # no name printed yet (a draft): under the lowest line of the right half, the position
    right = [r for r in found if r[0] > width / 2]
    if right:
        lowest = max(right, key=lambda r: r[3])
        line = [r for r in right if abs(r[3] - lowest[3]) < 2]
        center = (min(r[0] for r in line) + max(r[2] for r in line)) / 2
        return _box_at(last, width, center, height - lowest[3] - 4 - BOX_H)
    return fallback


def _box_at(page: int, width: float, center: float, y1: float) -> Box:
    x1 = max(center - BOX_W / 2, width / 2)
    x2 = min(x1 + BOX_W, width - 20)
    return Box(page, x1, y1, x2, y1 + BOX_H)


def _stamp_style() -> TextStampStyle:
    font = GlyphAccumulatorFactory(str(font_path()), font_size=8)
    return TextStampStyle(
        stamp_text="%(position)s\nKý bởi: %(name)s\nCơ quan: %(body)s\nThời gian ký: %(when)s",
        text_box_style=TextBoxStyle(font=font),
        border_width=1,
    )


def sign(
    data: bytes,
    *,
    signer: Signer,
    field_name: str,
    validation_context: ValidationContext | None,
    reason: str,
    location: str = "Hà Tĩnh",
    visible: Visible | None = None,
    box: Box | None = None,
) -> bytes:
    """One incremental PAdES signature over ``data`` (earlier signatures stay valid).

    With a ``validation_context`` the chain and its CRLs are embedded (the DSS, for long-term
    validation); ``visible`` + ``box`` draw the signer's block, otherwise the field is invisible."""
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    except Exception as exc:
        raise Refused.one("file", "Tệp không phải PDF đọc được, không ký được.") from exc
    spec = None
    if visible is not None and box is not None:
        page = box.page if box.page >= 0 else page_count(data) - 1
        spec = fields.SigFieldSpec(field_name, on_page=page, box=box.as_tuple())
    else:
        spec = fields.SigFieldSpec(field_name)
    meta = signers.PdfSignatureMetadata(
        field_name=field_name,
        reason=reason,
        location=location,
        subfilter=fields.SigSeedSubFilter.PADES,
        embed_validation_info=validation_context is not None,
        validation_context=validation_context,
        use_pades_lta=False,
        md_algorithm="sha256",
    )
    pdf_signer = signers.PdfSigner(
        meta,
        signer=signer,
        stamp_style=_stamp_style() if visible is not None else None,
        new_field_spec=spec,
    )
    params = (
        {
            "name": visible.name,
            "position": visible.position,
            "body": visible.body,
            "when": visible.signed_at,
        }
        if visible is not None
        else None
    )
    out = pdf_signer.sign_pdf(writer, appearance_text_params=params)
    return bytes(out.getvalue())
