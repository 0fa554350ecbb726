"""Reading an uploaded workbook with python-calamine into parsed rows and cell errors.

Nothing here touches the database. Every cell is NFC-normalized and stripped; a cell holding a
formula, or text that looks like one, is refused and never evaluated.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any
from xml.etree.ElementTree import ParseError

import python_calamine
from defusedxml import DefusedXmlException
from defusedxml import ElementTree as ET
from django.utils.translation import gettext as _

from tinhgon.core.importing.package import PackageRefused, inspect_package
from tinhgon.core.importing.spec import META_SHEET, CellError, WorkbookSpec, column_letter
from tinhgon.core.text import fold, nfc

FORMULA_MESSAGE = "Ô chứa công thức hoặc nội dung giống công thức, không được nhập"
# Text that a spreadsheet would run: "=…", "@…", or "+"/"-" followed by a call, a reference, "=",
# or anywhere a DDE call (``-2+3+cmd|' /C calc'!A0``); a "- " bullet before words stays text.
_FORMULA_LIKE = re.compile(
    r"^(?:[=@]|[+\-]\s*(?:[A-Za-z_][\w.]*\s*[(|!]|\$?[A-Za-z]{1,3}\$?\d+|[=@+\-])"
    r"|[+\-].*\w\|)"
)
_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_CELL_REF = re.compile(r"([A-Z]+)(\d+)")
# A formula element <f>, <f …>, <f/> (or <x:f …> with a prefix); “<” in text is escaped as &lt;.
_FORMULA_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s/>]")


class FileRefused(Exception):
    """The file as a whole cannot be read (not xlsx, too large, another template)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class RowError:
    sheet: str
    row: int | None
    column: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


@dataclass
class Row:
    """One data row: values by column key (None when empty) and where each column sits."""

    sheet: str
    number: int
    values: dict[str, Any]
    letters: dict[str, str]
    headers: dict[str, str]
    valid: bool = True

    def __getitem__(self, key: str) -> Any:
        return self.values.get(key)

    def where(self, key: str) -> str:
        """``"C · Ngày ban hành"``: the column as the user sees it."""
        return f"{self.letters.get(key, '?')} · {self.headers.get(key, key)}"

    def error(self, key: str | None, message: str) -> RowError:
        return RowError(self.sheet, self.number, self.where(key) if key else "", message)


@dataclass
class ParsedWorkbook:
    rows: dict[str, list[Row]] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)

    @property
    def row_count(self) -> int:
        return sum(len(r) for r in self.rows.values())


def looks_like_formula(value: str) -> bool:
    return bool(_FORMULA_LIKE.match(value))


def _formula_cells(data: bytes) -> dict[str, set[tuple[int, int]]]:
    """Cells (row, column index) that hold a formula, by sheet name, read from the xlsx XML.

    calamine returns only a formula's cached value, so a formula typed in Excel would otherwise
    come through as its (possibly empty) result. The parts are the uploaded zip's own XML;
    They are parsed with defusedxml (no DTD, no entity expansion), after :func:`check_file`.
    """
    found: dict[str, set[tuple[int, int]]] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = set(zf.namelist())
        if "xl/workbook.xml" not in names or "xl/_rels/workbook.xml.rels" not in names:
            return found
        rels = ET.fromstring(zf.read("xl/_rels/workbook.xml.rels"), forbid_dtd=True)
        targets = {
            r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_PKG_REL_NS}Relationship")
        }
        book = ET.fromstring(zf.read("xl/workbook.xml"), forbid_dtd=True)
        for sheet in book.iter(f"{_MAIN_NS}sheet"):
            target = targets.get(sheet.get(f"{_REL_NS}id"), "")
            path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            if path not in names:
                continue
            cells: set[tuple[int, int]] = set()
            found[sheet.get("name", "")] = cells
            if not _FORMULA_TAG.search(zf.read(path)):
                continue  # no <f> element anywhere: skip the element-by-element parse
            with zf.open(path) as fh:
                for _event, el in ET.iterparse(fh, forbid_dtd=True):
                    if el.tag == f"{_MAIN_NS}c":
                        if el.find(f"{_MAIN_NS}f") is not None:
                            m = _CELL_REF.fullmatch(el.get("r", ""))
                            if m:
                                cells.add((int(m.group(2)), _column_index(m.group(1))))
                        el.clear()
    return found


def _column_index(letters: str) -> int:
    index = 0
    for ch in letters:
        index = index * 26 + ord(ch) - 64
    return index - 1


def _clean(value: Any) -> Any:
    """None for an empty cell; NFC-stripped text; whole floats as int."""
    if value is None:
        return None
    if isinstance(value, str):
        value = nfc(value)
        return value or None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def check_file(data: bytes) -> None:
    """Refuse a file that is not a plain .xlsx within the limits (see ``package.py``)."""
    try:
        inspect_package(data)
    except PackageRefused as exc:
        raise FileRefused(exc.message) from None


def read_workbook(data: bytes, spec: WorkbookSpec) -> ParsedWorkbook:
    """Parse every sheet and every row of ``spec``; raise :class:`FileRefused` for the file."""
    check_file(data)
    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        formulas = _formula_cells(data)
    except (
        python_calamine.CalamineError,
        zipfile.BadZipFile,
        ParseError,
        DefusedXmlException,
        ValueError,
    ):
        raise FileRefused(_("Tệp không phải tệp Excel .xlsx hợp lệ hoặc đã bị hỏng.")) from None
    except Exception:  # calamine raises its own errors for broken parts
        raise FileRefused(_("Tệp không phải tệp Excel .xlsx hợp lệ hoặc đã bị hỏng.")) from None
    _check_meta(book, spec)

    result = ParsedWorkbook()
    for sheet_spec in spec.sheets:
        rows: list[Row] = []
        result.rows[sheet_spec.name] = rows
        if sheet_spec.name not in book.sheet_names:
            result.errors.append(
                RowError(
                    sheet_spec.name,
                    None,
                    "",
                    _("Thiếu trang tính “%(s)s”.") % {"s": sheet_spec.name},
                )
            )
            continue
        grid = book.get_sheet_by_name(sheet_spec.name).to_python(skip_empty_area=False)
        sheet_formulas = formulas.get(sheet_spec.name, set())
        # A formula without a cached value (written by a script, never opened in Excel) may lie
        # past the last row calamine returns: pad the grid so that it is still refused.
        last_formula_row = max((r for r, _c in sheet_formulas), default=0)
        if last_formula_row > len(grid):
            grid = [*grid, *([[]] * (last_formula_row - len(grid)))]
        header = [fold(_as_header(v)) for v in (grid[0] if grid else [])]
        positions: dict[str, int] = {}
        for col in sheet_spec.columns:
            if fold(col.header) in header:
                positions[col.key] = header.index(fold(col.header))
            elif col.required:
                result.errors.append(
                    RowError(
                        sheet_spec.name,
                        1,
                        col.header,
                        _("Thiếu cột “%(h)s” ở dòng tiêu đề.") % {"h": col.header},
                    )
                )
        if any(col.required and col.key not in positions for col in sheet_spec.columns):
            continue
        letters = {key: column_letter(i) for key, i in positions.items()}
        headers = {c.key: c.header for c in sheet_spec.columns}
        for index, raw_row in enumerate(grid[1:], start=2):
            cells = {
                key: _clean(raw_row[i]) if i < len(raw_row) else None
                for key, i in positions.items()
            }
            has_formula = any((index, i) in sheet_formulas for i in positions.values())
            if all(v is None for v in cells.values()) and not has_formula:
                continue
            row = Row(sheet_spec.name, index, {}, letters, headers)
            for col in sheet_spec.columns:
                if col.key not in positions:
                    row.values[col.key] = None
                    continue
                value = cells[col.key]
                if (index, positions[col.key]) in sheet_formulas or (
                    isinstance(value, str) and looks_like_formula(value)
                ):
                    result.errors.append(row.error(col.key, FORMULA_MESSAGE))
                    row.valid = False
                    row.values[col.key] = None
                    continue
                if value is None:
                    if col.required:
                        result.errors.append(
                            row.error(col.key, _("Ô bắt buộc, không được để trống."))
                        )
                        row.valid = False
                    row.values[col.key] = None
                    continue
                try:
                    row.values[col.key] = col.parser(value)
                except CellError as exc:
                    result.errors.append(row.error(col.key, exc.message))
                    row.valid = False
                    row.values[col.key] = None
            rows.append(row)
    return result


def _as_header(value: Any) -> str:
    return nfc(str(value)) if value is not None else ""


def _check_meta(book: Any, spec: WorkbookSpec) -> None:
    wrong = _(
        "Tệp không phải mẫu “%(title)s” phiên bản %(version)s của TinhGon: hãy tải mẫu mới và "
        "chép dữ liệu sang."
    ) % {"title": spec.title, "version": spec.version}
    if META_SHEET not in book.sheet_names:
        raise FileRefused(wrong)
    grid = book.get_sheet_by_name(META_SHEET).to_python(skip_empty_area=False)
    kind = _as_text_cell(grid, 0)
    version = _as_text_cell(grid, 1)
    if kind != spec.kind:
        raise FileRefused(wrong)
    if version != spec.version:
        raise FileRefused(
            _(
                "Tệp là mẫu “%(title)s” phiên bản %(got)s, hệ thống đang dùng phiên bản "
                "%(version)s: hãy tải mẫu mới và chép dữ liệu sang."
            )
            % {"title": spec.title, "got": version or "?", "version": spec.version}
        )


def _as_text_cell(grid: list[list[Any]], row: int) -> str:
    if len(grid) <= row or not grid[row]:
        return ""
    value = _clean(grid[row][0])
    return "" if value is None else str(value)
