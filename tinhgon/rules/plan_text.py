"""Parse the text of a Vietnamese administrative plan or decision into metadata, references and tasks.

Input: plain text as copied from a web page or a document (web-page header lines included, text cut
off, missing letters): nothing here raises on bad text; what is not understood is kept, and
``warnings`` says what went wrong. Output (:func:`to_data`)::

    {"document": {"number", "kind", "date", "issuer", "signer", "title"},
     "preamble": "…", "closing": "…",
     "references": [{"number", "kind", "date"}],
     "tasks": [{"ref", "text", "deadlines": [{"kind", "due", "condition", "text"}],
                "products": [{"name", "deadlines"}], "agencies": [{"text", "role"}],
                "children": […]}],
     "warnings": ["…"]}

Choices:
- ``number`` as printed after "Số:" (spaces removed); ``kind`` is the type name printed in the title
  ("KẾ HOẠCH" → "Kế hoạch"), never inferred from the symbol; ``date`` from the place-and-date line
  ("Hà Tĩnh, ngày 02 tháng 02 năm 2024"), never from a web page's own date lines; ``title`` as printed.
- ``issuer`` in the short form of DESIGN.md ("ỦY BAN NHÂN DÂN / TỈNH HÀ TĨNH" → "UBND tỉnh Hà Tĩnh";
  "HỘI ĐỒNG NHÂN DÂN" → "HĐND"; other bodies in sentence case, "SỞ NỘI VỤ" → "Sở Nội vụ"). When the
  header names a managing body above the issuer ("UBND TỈNH HÀ TĨNH / SỞ NỘI VỤ"), the issuer is the
  last one.
- ``signer``: the web page's "Người ký …" line, else the name under the signature block, else null.
- ``preamble``: the text between the title and the first task (grounds, "Căn cứ …"), kept;
  ``closing``: from "Nơi nhận:" or the signature block ("TM.", "KT.") on, kept, never read as tasks.
- Task refs: Roman sections "I", numbered items "II.1", decimal items "II.2.1" (from "2.1."), letters
  "II.3.a", dash and plus bullets numbered in order "II.3.2" (second bullet of item 3 of section II),
  articles "D1" ("Điều 1."), table rows by their "TT" column. A ref already used gets "_2", "_3"….
- Deadlines, products and agencies: see :mod:`tinhgon.rules.plan_deadlines`. A task's deadlines are
  those in its own words; a child with ``none`` falls under its parent's.
- Tables: one row per line, cells separated by "|" (or tabs), a header row naming the columns "TT",
  "Nội dung (nhiệm vụ)", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian (hoàn thành)", "Sản phẩm";
  a row whose TT is a Roman numeral groups the rows below it.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from tinhgon.rules import document_number
from tinhgon.rules.base import RuleInputError, to_json
from tinhgon.rules.plan_deadlines import (
    NO_DEADLINE,
    Agency,
    Deadline,
    Product,
    dedupe,
    find_agencies,
    find_deadlines,
    find_products,
    split_agencies,
)


@dataclass(frozen=True)
class DocumentMeta:
    number: str | None
    kind: str | None
    date: dt.date | None
    issuer: str | None
    signer: str | None
    title: str | None


@dataclass(frozen=True)
class Reference:
    number: str
    kind: str | None
    date: dt.date | None


@dataclass(frozen=True)
class Task:
    ref: str
    text: str
    deadlines: list[Deadline]
    products: list[Product]
    agencies: list[Agency]
    children: list[Task]


@dataclass(frozen=True)
class PlanText:
    document: DocumentMeta
    preamble: str
    closing: str
    references: list[Reference]
    tasks: list[Task]
    warnings: list[str]


def fold(text: str) -> str:
    """Lower case, no diacritics, đ → d: for matching words whatever their accents and case."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in text if unicodedata.category(c) != "Mn").lower()


def _is_upper(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _is_rule(line: str) -> bool:
    return bool(re.fullmatch(r"[-_=*.…\s]{3,}", line))


# ------------------------------------------------------------------------------------ the header

_NUMBER_RE = re.compile(r"\bSố\s*[:.]\s*(?P<n>[^\s,;]+(?:\s*[-/]\s*[^\s,;]+)*)")
_WEB_NUMBER_RE = re.compile(r"^Số\s+hiệu\s*:?\s*(?P<n>\S+)", re.IGNORECASE)
_PLACE_DATE_RE = re.compile(
    r"(?P<place>[^\W\d][^,\d]{1,40}),\s*ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+(?P<y>\d{4})",
    re.IGNORECASE,
)
_SIGNER_WEB_RE = re.compile(r"^Người\s+ký\s*:?\s*(?P<name>\S.*)$", re.IGNORECASE)
TITLE_KINDS = (
    "Kế hoạch",
    "Quyết định",
    "Nghị quyết",
    "Chỉ thị",
    "Thông báo",
    "Báo cáo",
    "Tờ trình",
    "Hướng dẫn",
    "Chương trình",
    "Đề án",
    "Phương án",
    "Kết luận",
    "Quy định",
    "Quy chế",
    "Công văn",
    "Thông tư",
    "Nghị định",
)
_KIND_BY_FOLD = {fold(k): k for k in TITLE_KINDS}
_BODY_HEADS = (
    "uy ban nhan dan",
    "ubnd",
    "hoi dong nhan dan",
    "hdnd",
    "so ",
    "ban ",
    "van phong",
    "bo ",
    "cong an",
    "thanh tra",
    "trung tam",
    "cuc ",
    "chi cuc",
    "tinh uy",
    "huyen uy",
)
_LEVEL_WORDS = {"tỉnh", "huyện", "xã", "phường", "thị", "thành", "phố", "trấn", "quận"}
_SIGN_BLOCK = re.compile(
    r"^(?:TM\.|KT\.|Q\.|TL\.|TUQ\.|CHỦ TỊCH|PHÓ CHỦ TỊCH|GIÁM ĐỐC|PHÓ GIÁM ĐỐC)"
)


def _compact_number(raw: str) -> str:
    return re.sub(r"\s*([-/])\s*", r"\1", raw).strip(" .,;")


def _issuer_short(lines: list[str]) -> str:
    start = 0
    for i, line in enumerate(lines):
        if i and fold(line).startswith(_BODY_HEADS):
            start = i
    printed = " ".join(" ".join(lines[start:]).split())
    f = fold(printed)
    for long, short in (("uy ban nhan dan", "UBND"), ("hoi dong nhan dan", "HĐND")):
        if f.startswith(long):
            rest = printed[len(long) :].split()
            words = [w.lower() if w.lower() in _LEVEL_WORDS else w.capitalize() for w in rest]
            return " ".join([short, *words])
    if f.startswith(("ubnd", "hdnd")):
        head, *rest = printed.split()
        words = [w.lower() if w.lower() in _LEVEL_WORDS else w.capitalize() for w in rest]
        return " ".join([head.upper(), *words])
    if not _is_upper(printed):
        return printed
    words = printed.lower().split()
    return " ".join(w.capitalize() if i < 2 else w for i, w in enumerate(words))


def _issuer(lines: list[str]) -> str | None:
    for i, line in enumerate(lines[:60]):
        pos = fold(line).find("cong hoa xa hoi chu nghia")
        if pos < 0:
            continue
        same_line = line[:pos].strip(" -\t")
        if same_line and _is_upper(same_line):
            return _issuer_short([same_line])
        block: list[str] = []
        for prev in reversed(lines[:i]):
            if _is_rule(prev):
                if block:
                    break
                continue
            if not _is_upper(prev):
                break
            block.insert(0, prev)
        return _issuer_short(block) if block else None
    return None


def _signer(lines: list[str]) -> str | None:
    for line in lines[:40]:
        m = _SIGNER_WEB_RE.match(line)
        if m:
            return " ".join(m["name"].split())
    tail = lines[-25:]
    for i, line in enumerate(tail):
        if _SIGN_BLOCK.match(line):
            names = [
                ln
                for ln in tail[i + 1 :]
                if re.fullmatch(r"(?:[A-ZĐÀ-Ỹ][^\s\d]*\s+){1,5}[A-ZĐÀ-Ỹ][^\s\d]*", ln)
                and not _is_upper(ln)
            ]
            if names:
                return names[-1]
    return None


@dataclass
class _Header:
    meta: DocumentMeta
    body_start: int
    scan_start: int


def _header(lines: list[str]) -> _Header:
    number: str | None = None
    scan_start = 0
    number_at = -1
    for i, line in enumerate(lines[:60]):
        m = _NUMBER_RE.search(line)
        if m and (line.startswith("Số") or "ngày" in line):
            number, number_at, scan_start = _compact_number(m["n"]), i, i
            break
    if number is None:
        for line in lines[:40]:
            w = _WEB_NUMBER_RE.match(line)
            if w:
                number = _compact_number(w["n"])
                break
    date: dt.date | None = None
    date_at = -1
    for i, line in enumerate(lines[max(number_at, 0) : 80], start=max(number_at, 0)):
        m = _PLACE_DATE_RE.search(line)
        if m:
            try:
                date = dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
            except ValueError:
                date = None
            date_at = i
            break
    kind: str | None = None
    title_lines: list[str] = []
    body_start = max(number_at, date_at) + 1
    for i in range(body_start, min(len(lines), body_start + 12)):
        line = lines[i]
        f = fold(line).strip(" :")
        match = next(
            (k for fk, k in _KIND_BY_FOLD.items() if f == fk or f.startswith(fk + " ")), None
        )
        if match and _is_upper(line.split(":")[0]):
            kind = match
            rest = line[len(match) :].strip(" :")
            if rest:
                title_lines.append(rest)
            j = i + 1
            if not rest and j < len(lines) and re.match(r"^(?:Về|V/v)\b", lines[j]):
                title_lines.append(lines[j])
                j += 1
            elif not rest and j < len(lines) and _is_upper(lines[j]):
                while j < len(lines) and _is_upper(lines[j]) and not _is_rule(lines[j]):
                    if _classify(lines[j]):
                        break
                    title_lines.append(lines[j])
                    j += 1
            elif (
                not rest
                and j < len(lines)
                and not _classify(lines[j])
                and not re.match(r"^(?:Căn\s+cứ|Theo|Xét)\b", lines[j])
                and len(lines[j]) < 300
                and not lines[j].endswith(":")
            ):
                title_lines.append(lines[j])  # trích yếu printed in ordinary case (Decree 30/2020)
                j += 1
            body_start = j
            break
    meta = DocumentMeta(
        number=number,
        kind=kind,
        date=date,
        issuer=_issuer(lines),
        signer=_signer(lines),
        title=" ".join(" ".join(title_lines).split()) or None,
    )
    return _Header(meta, body_start if (number_at >= 0 or date_at >= 0 or kind) else 0, scan_start)


# -------------------------------------------------------------------------------- the references

_PARTY_NO = r"\d{1,5}\s*-\s*[A-ZĐ]{1,6}\s*/\s*[A-ZĐ]{1,10}(?:-[A-ZĐ]+)?"
_ADMIN_NO = (
    r"\d{1,5}\s*/\s*(?:(?:19|20)\d{2}\s*/\s*)?[A-ZĐ][A-Za-zĐđ0-9&]*(?:\s*-\s*[A-Za-zĐđ0-9&]+)*"
)
_REF_RE = re.compile(r"(?<![\w/.-])(?P<no>" + _PARTY_NO + "|" + _ADMIN_NO + r")(?![\w/])")
_REF_KIND_RE = re.compile(
    r"(?P<k>kết luận|nghị quyết|nghị định|quyết định|quy định|kế hoạch|văn bản|công văn|thông tư"
    r"|thông tư liên tịch|chỉ thị|hướng dẫn|thông báo|báo cáo|tờ trình|chương trình|đề án|luật|quy chế"
    r"|thông tri)\s*(?:số\s*)?:?\s*$",
    re.IGNORECASE,
)
_REF_DATE_RE = re.compile(
    r"^\s*,?\s*(?:ban\s+hành\s+)?ngày\s+(?:(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>\d{4})"
    r"|(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})\s+năm\s+(?P<y2>\d{4}))",
    re.IGNORECASE,
)


def _references(text: str, own: str | None) -> list[Reference]:
    found: dict[str, Reference] = {}
    for m in _REF_RE.finditer(text):
        raw = m["no"]
        try:
            parsed = document_number.evaluate(document_number.Input(raw))
            number, type_name = parsed.number, parsed.type_name
            if _compact_number(raw).upper() == number.upper():
                number = _compact_number(raw)  # keep the printed case ("415/TTr-SNV")
        except (RuleInputError, ValueError, IndexError):
            number, type_name = _compact_number(raw), None
        if own and number == _compact_number(own):
            continue
        k = _REF_KIND_RE.search(text[max(0, m.start() - 40) : m.start()])
        kind = k["k"].capitalize() if k else (type_name if type_name != "Công văn" else None)
        d = _REF_DATE_RE.match(text[m.end() : m.end() + 40])
        date: dt.date | None = None
        if d:
            try:
                date = dt.date(
                    int(d["y"] or d["y2"]), int(d["m"] or d["m2"]), int(d["d"] or d["d2"])
                )
            except ValueError:
                date = None
        old = found.get(number)
        if old is None:
            found[number] = Reference(number, kind, date)
        elif (old.kind is None and kind) or (old.date is None and date):
            found[number] = Reference(number, old.kind or kind, old.date or date)
    return list(found.values())


# ------------------------------------------------------------------------------------- the tasks

_ROMAN_RE = re.compile(r"^(?P<label>[IVX]{1,5})(?:\s*[.):/]\s*|\s+(?=[^\W\d_]{2}))(?P<text>.*)$")
_ARTICLE_RE = re.compile(r"^Điều\s+(?P<label>\d{1,3})\s*[.:]?\s*(?P<text>.*)$")
_DECIMAL_RE = re.compile(r"^(?P<label>\d{1,2}(?:\.\d{1,2})+)\s*[.)]?(?:\s+(?P<text>.*))?$")
_NUMBERED_RE = re.compile(r"^(?P<label>\d{1,2})\s*[.)](?:\s+(?P<text>.*))?$")
_LETTER_RE = re.compile(r"^(?P<label>[a-zđ])\s*(?:\)|\.(?=\s))\s*(?P<text>.*)$")
_DASH_RE = re.compile(r"^[-–—•·]\s*(?P<text>.*)$")
_PLUS_RE = re.compile(r"^\+\s*(?P<text>.*)$")

_CLOSING_RE = re.compile(r"^(?:Nơi\s+nhận\s*:?|TM\.\s|KT\.\s)")
SECTION, ARTICLE, NUMBERED, LETTER, DASH, PLUS, ROW = 10, 10, 20, 50, 60, 70, 55


@dataclass
class _Node:
    rank: int
    ref: str
    lines: list[str]
    children: list[_Node] = field(default_factory=list)
    bullets: int = 0
    row: dict[str, str] | None = None


def _classify(line: str) -> tuple[int, str, str] | None:
    """(rank, label, text) of a line that opens a task, or None."""
    m = _ROMAN_RE.match(line)
    if (
        m
        and (m["text"] or "").strip()
        and (line[len(m["label"])] in ".):/" or _is_upper(m["text"][:12]))
    ):
        return SECTION, m["label"], m["text"].strip()
    m = _ARTICLE_RE.match(line)
    if m:
        return ARTICLE, "D" + m["label"], m["text"].strip()
    m = _DECIMAL_RE.match(line)
    if m:
        return NUMBERED + 10 * m["label"].count("."), m["label"], (m["text"] or "").strip()
    m = _NUMBERED_RE.match(line)
    if m:
        return NUMBERED, m["label"], (m["text"] or "").strip()
    m = _LETTER_RE.match(line)
    if m:
        return LETTER, m["label"], m["text"].strip()
    if _is_rule(line):
        return None
    m = _DASH_RE.match(line)
    if m:
        return DASH, "", m["text"].strip()
    m = _PLUS_RE.match(line)
    if m:
        return PLUS, "", m["text"].strip()
    return None


def _cells(line: str) -> list[str] | None:
    if line.count("|") >= 2:
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
    elif line.count("\t") >= 2:
        cells = [c.strip() for c in line.split("\t")]
    else:
        return None
    return cells if len(cells) >= 3 else None


_COLUMNS = (
    ("tt", re.compile(r"^(?:s?tt|số\s+tt)$")),
    ("lead", re.compile(r"chu tri")),
    ("coord", re.compile(r"phoi hop")),
    ("agency", re.compile(r"(?:co quan|don vi) thuc hien")),
    ("deadline", re.compile(r"thoi gian|thoi han|tien do")),
    ("product", re.compile(r"san pham|ket qua")),
    ("content", re.compile(r"noi dung|nhiem vu|ten")),
)


def _header_columns(cells: list[str]) -> dict[int, str] | None:
    columns: dict[int, str] = {}
    for i, cell in enumerate(cells):
        f = fold(cell)
        for name, pattern in _COLUMNS:
            if pattern.search(f) and name not in columns.values():
                columns[i] = name
                break
    return columns if "content" in columns.values() and len(columns) >= 3 else None


class _Builder:
    def __init__(self) -> None:
        self.root = _Node(0, "", [])
        self.stack: list[_Node] = [self.root]
        self.used: set[str] = set()
        self.preamble: list[str] = []
        self.closing: list[str] = []
        self.columns: dict[int, str] | None = None
        self.table_parent: _Node | None = None
        self.table_group: _Node | None = None

    def _ref(self, parent: _Node, rank: int, label: str) -> str:
        if rank in (DASH, PLUS):
            parent.bullets += 1
            label = str(parent.bullets)
        if rank > NUMBERED and rank < LETTER and "." in label:
            anchor = next((n for n in reversed(self.stack) if n.rank < NUMBERED), self.root)
            ref = f"{anchor.ref}.{label}" if anchor.ref else label
        else:
            ref = f"{parent.ref}.{label}" if parent.ref else label
        base, k = ref, 1
        while ref in self.used:
            k += 1
            ref = f"{base}_{k}"
        self.used.add(ref)
        return ref

    def open(self, rank: int, label: str, text: str, row: dict[str, str] | None = None) -> None:
        while len(self.stack) > 1 and self.stack[-1].rank >= rank:
            self.stack.pop()
        parent = self.stack[-1]
        node = _Node(rank, self._ref(parent, rank, label), [text] if text else [], row=row)
        parent.children.append(node)
        self.stack.append(node)

    def table_row(self, cells: list[str]) -> None:
        assert self.columns is not None and self.table_parent is not None
        row = {name: cells[i] for i, name in self.columns.items() if i < len(cells)}
        tt = row.get("tt", "").strip(" .")
        parent = self.table_group if self.table_group is not None else self.table_parent
        if re.fullmatch(r"[IVX]{1,5}", tt):
            self.stack = self._path_to(self.table_parent)
            self.open(ROW, tt, row.get("content", ""))
            self.table_group = self.stack[-1]
            return
        if not any(v.strip() for v in row.values()):
            return
        self.stack = self._path_to(parent)
        label = tt if re.fullmatch(r"\d{1,3}", tt) else str(len(parent.children) + 1)
        self.open(ROW + 1, label, row.get("content", "") or " | ".join(cells), row=row)

    def _path_to(self, node: _Node) -> list[_Node]:
        def walk(current: _Node, path: list[_Node]) -> list[_Node] | None:
            if current is node:
                return [*path, current]
            for child in current.children:
                found = walk(child, [*path, current])
                if found:
                    return found
            return None

        return walk(self.root, []) or [self.root]

    def feed(self, line: str) -> None:
        if self.closing or _CLOSING_RE.match(line):
            self.closing.append(line)
            return
        cells = _cells(line)
        if cells is not None:
            if all(re.fullmatch(r":?-{2,}:?", c) or not c for c in cells):
                return
            header = _header_columns(cells) if self.columns is None else None
            if header:
                self.columns, self.table_parent, self.table_group = header, self.stack[-1], None
                return
            if self.columns is not None:
                self.table_row(cells)
                return
        else:
            self.columns = None
        opened = _classify(line)
        if opened:
            self.open(*opened)
        elif len(self.stack) > 1:
            self.stack[-1].lines.append(line)
        else:
            self.preamble.append(line)


def _task(node: _Node, warnings: list[str]) -> Task:
    text = "\n".join(node.lines).strip()
    if node.row is not None:
        row = node.row
        deadlines = (
            find_deadlines(row["deadline"], warnings, liberal=True)
            if row.get("deadline")
            else [NO_DEADLINE]
        )
        agencies = [Agency(a, "lead") for a in split_agencies(row.get("lead", ""))]
        agencies += [Agency(a, "coordinating") for a in split_agencies(row.get("coord", ""))]
        agencies += [Agency(a, "unknown") for a in split_agencies(row.get("agency", ""))]
        products = (
            [Product(row["product"].strip(), deadlines)] if row.get("product", "").strip() else []
        )
    else:
        flat = " ".join(text.split())
        products = find_products(flat, warnings)
        deadlines = find_deadlines(flat, warnings)
        if products:
            deadlines = dedupe(
                [d for d in deadlines if d.kind != "none"]
                + [d for p in products for d in p.deadlines if d.kind != "none"]
            ) or [NO_DEADLINE]
        agencies = list(dict.fromkeys(a for line in node.lines for a in find_agencies(line)))
    return Task(
        ref=node.ref,
        text=text,
        deadlines=deadlines,
        products=products,
        agencies=agencies,
        children=[_task(c, warnings) for c in node.children],
    )


def _squeeze(line: str) -> str:
    """Runs of blanks to one space; tabs kept when they separate the cells of a table row."""
    if line.count("\t") >= 2:
        return "\t".join(" ".join(cell.split()) for cell in line.strip(" ").split("\t")).strip()
    return " ".join(line.split())


def parse_plan_text(text: str) -> PlanText:
    """Parse ``text``; never raises on damaged text (see the module's docstring)."""
    warnings: list[str] = []
    text = unicodedata.normalize("NFC", text if isinstance(text, str) else "")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ").replace("\u200b", "")
    lines = [_squeeze(line) for line in text.split("\n")]
    lines = [line for line in lines if line]
    if not lines:
        return PlanText(
            DocumentMeta(None, None, None, None, None, None), "", "", [], [], ["Văn bản trống."]
        )
    header = _header(lines)
    builder = _Builder()
    for line in lines[header.body_start :]:
        builder.feed(line)
    tasks = [_task(node, warnings) for node in builder.root.children]
    preamble = "\n".join(builder.preamble)
    if not tasks:
        body = "\n".join(lines[header.body_start :])
        flat = " ".join(body.split())
        tasks = [
            Task(
                ref="1",
                text=body,
                deadlines=find_deadlines(flat, warnings),
                products=find_products(flat, warnings),
                agencies=find_agencies(flat),
                children=[],
            )
        ]
        preamble = ""
        warnings.append(
            "Không nhận ra cấu trúc nhiệm vụ (mục I, II; 1., 2.; a), b); gạch đầu dòng; Điều): "
            "toàn bộ nội dung được giữ trong một nhiệm vụ."
        )
    meta = header.meta
    for name, value in (
        ("số, ký hiệu", meta.number),
        ("ngày ban hành", meta.date),
        ("tên loại", meta.kind),
    ):
        if value is None:
            warnings.append(f"Không tìm thấy {name} của văn bản.")
    if re.search(r"\[(?:\.\.\.|…)\]", text):
        warnings.append(
            "Văn bản bị cắt (có “[...]”): các nhiệm vụ sau chỗ cắt không có trong kết quả."
        )
    references = _references("\n".join(lines[header.scan_start :]), meta.number)
    closing = "\n".join(builder.closing)
    return PlanText(meta, preamble, closing, references, tasks, warnings)


def to_data(result: PlanText) -> dict[str, Any]:
    """The parse as JSON-ready data (dates ISO)."""
    data: dict[str, Any] = to_json(result)
    return data
