"""The plain data object of a report, laid out by every renderer (docx, xlsx, pdf).

A selector per report kind (``selectors.build``) fills a :class:`ReportDocument`; the renderers
never read the database. Decree 30/2020 (DOMAIN.md §7) names the parts: issuing body and its
superior, number and symbol, place and date, type name and summary, content, signer, recipients.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

AUTHORITY_PREFIXES = ("", "TM.", "KT.", "TL.", "TUQ.", "Q.")


@dataclass(frozen=True)
class Table:
    """A table: header row, body rows (text or integers) and which columns are totalled."""

    title: str
    headers: list[str]
    rows: list[list[str | int]]
    total_label: str = "Tổng cộng"
    totals: bool = True  # a last row with the sum of every integer column

    def column_totals(self) -> list[int | None]:
        out: list[int | None] = []
        for i in range(len(self.headers)):
            values = [r[i] for r in self.rows if i < len(r)]
            numeric = [v for v in values if isinstance(v, int) and not isinstance(v, bool)]
            out.append(sum(numeric) if numeric and len(numeric) == len(values) else None)
        return out


@dataclass(frozen=True)
class Image:
    title: str
    png: bytes
    width_cm: float = 16.0


@dataclass(frozen=True)
class Section:
    """A heading (level 1 "I.", 2 "1.", 3 "a)") with paragraphs, bullets ("- "), tables, images."""

    heading: str
    level: int = 1
    paragraphs: list[str] = field(default_factory=list)
    bullets: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)


@dataclass(frozen=True)
class Signer:
    authority: str  # "TM. ỦY BAN NHÂN DÂN", "KT. GIÁM ĐỐC", "TL. …" or "" (the head signs)
    position: str  # "PHÓ CHỦ TỊCH", "GIÁM ĐỐC"
    name: str
    on_behalf_of: str = ""  # the line under TM./TUQ. when KT. follows: "KT. CHỦ TỊCH"


@dataclass(frozen=True)
class ReportDocument:
    kind: str
    superior_body: str  # "" when none
    issuing_body: str
    issuer_code: str  # "UBND", "SNV"
    type_code: str  # "BC"
    type_name: str  # "BÁO CÁO"
    number: int | None  # None: a draft, the number is given when the report is issued
    place: str
    date: dt.date
    summary: str
    sections: list[Section]
    signer: Signer
    recipients: list[str]
    archive_code: str = ""  # "NC2" → "- Lưu: VT, NC2."
    period_label: str = ""

    @property
    def number_line(self) -> str:
        """ "Số: 01/BC-UBND" (numbers below 10 with a leading zero); a draft leaves the blank."""
        n = f"{self.number:02d}" if self.number is not None else "      "
        return f"Số: {n}/{self.type_code}-{self.issuer_code}"

    @property
    def issuing_body_lines(self) -> list[str]:
        """The body name in capitals, a committee's on two lines as Hà Tĩnh writes it:
        "ỦY BAN NHÂN DÂN" / "TỈNH HÀ TĨNH"."""
        return body_lines(self.issuing_body)

    @property
    def superior_body_lines(self) -> list[str]:
        return body_lines(self.superior_body) if self.superior_body else []

    @property
    def date_line(self) -> str:
        return place_date(self.place, self.date)

    @property
    def archive_line(self) -> str:
        return f"- Lưu: VT, {self.archive_code}." if self.archive_code else "- Lưu: VT."


def body_lines(name: str) -> list[str]:
    upper = name.upper()
    head = "ỦY BAN NHÂN DÂN "
    return [head.strip(), upper[len(head) :]] if upper.startswith(head) else [upper]


def place_date(place: str, day: dt.date) -> str:
    """ "Hà Tĩnh, ngày 02 tháng 02 năm 2024": day < 10 and months 1–2 with a leading zero."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]


def numbered_headings(sections: list[Section]) -> list[str]:
    """Headings numbered I./1./a) by level, counters restarting under each higher level."""
    counters = [0, 0, 0]
    out = []
    for s in sections:
        lvl = min(max(s.level, 1), 3)
        counters[lvl - 1] += 1
        for i in range(lvl, 3):
            counters[i] = 0
        n = counters[lvl - 1]
        prefix = {1: f"{ROMAN[n - 1]}.", 2: f"{n}.", 3: f"{chr(ord('a') + n - 1)})"}[lvl]
        out.append(f"{prefix} {s.heading}")
    return out
