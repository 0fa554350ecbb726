"""The declarative description of an import workbook: sheets, columns and cell parsers.

A parser turns one cell (already NFC-normalized, never empty) into a Python value or raises
:class:`CellError` with a Vietnamese message. ``choices`` (labels shown in the template's drop-down
list) and ``hint`` (a line of the instructions sheet) describe the parser to the person filling in.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from tinhgon.core.text import fold, nfc

META_SHEET = "_tinhgon"
INSTRUCTIONS_SHEET = "Hướng dẫn"
_EXCEL_EPOCH = dt.date(1899, 12, 30)


class CellError(Exception):
    """A cell that cannot be read; the message is shown to the user as is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Parser:
    parse: Callable[[Any], Any]
    hint: str = ""
    choices: tuple[str, ...] = ()

    def __call__(self, value: Any) -> Any:
        return self.parse(value)


def _as_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return nfc(str(value))


def text(max_length: int | None = None) -> Parser:
    def parse(value: Any) -> str:
        result = _as_text(value)
        if max_length is not None and len(result) > max_length:
            raise CellError(_("Dài quá %(n)s ký tự.") % {"n": max_length})
        return result

    hint = _("Chữ") + (_(", tối đa %(n)s ký tự") % {"n": max_length} if max_length else "")
    return Parser(parse, hint)


def integer(min_value: int = 0, max_value: int | None = None) -> Parser:
    def parse(value: Any) -> int:
        if isinstance(value, bool):
            raise CellError(_("Phải là số nguyên."))
        if isinstance(value, float):
            if not value.is_integer():
                raise CellError(_("Phải là số nguyên, không có phần lẻ."))
            number = int(value)
        elif isinstance(value, int):
            number = value
        else:
            raw = _as_text(value).replace(".", "").replace(" ", "")
            if not re.fullmatch(r"-?\d+", raw):
                raise CellError(_("“%(v)s” không phải số nguyên.") % {"v": _as_text(value)})
            number = int(raw)
        if number < min_value:
            raise CellError(_("Phải từ %(n)s trở lên.") % {"n": min_value})
        if max_value is not None and number > max_value:
            raise CellError(_("Không được lớn hơn %(n)s.") % {"n": max_value})
        return number

    return Parser(parse, _("Số nguyên từ %(n)s trở lên") % {"n": min_value})


def date() -> Parser:
    def parse(value: Any) -> dt.date:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, int | float) and not isinstance(value, bool):
            if 1 <= value < 2958466 and float(value).is_integer():
                return _EXCEL_EPOCH + dt.timedelta(days=int(value))
            raise CellError(_("Ngày không hợp lệ."))
        raw = _as_text(value)
        for pattern in (r"(\d{1,2})/(\d{1,2})/(\d{4})", r"(\d{4})-(\d{1,2})-(\d{1,2})"):
            m = re.fullmatch(pattern, raw)
            if m:
                parts = [int(p) for p in m.groups()]
                day, month, year = parts if "/" in raw else parts[::-1]
                try:
                    return dt.date(year, month, day)
                except ValueError:
                    break
        raise CellError(
            _("“%(v)s” không phải ngày hợp lệ (dd/mm/yyyy hoặc yyyy-mm-dd).") % {"v": raw}
        )

    return Parser(parse, _("Ngày, dạng dd/mm/yyyy (ví dụ 01/07/2025) hoặc ô kiểu ngày"))


def choice(options: Iterable[tuple[Any, Any]], *, what: str = "") -> Parser:
    """A value of a ``TextChoices``/``IntegerChoices`` (``.choices``), by code or by label."""
    pairs = [(value, str(label)) for value, label in options if value not in ("", None)]
    lookup: dict[str, Any] = {}
    for value, label in pairs:
        lookup[fold(str(value))] = value
        lookup[fold(label)] = value

    def parse(raw: Any) -> Any:
        key = fold(_as_text(raw))
        if key in lookup:
            return lookup[key]
        raise CellError(
            _("“%(v)s” không có trong danh mục %(what)s.") % {"v": _as_text(raw), "what": what}
        )

    hint = _("Mã hoặc tên trong danh mục: ") + "; ".join(f"{v} = {lbl}" for v, lbl in pairs)
    return Parser(parse, hint, tuple(str(v) for v, _lbl in pairs))


def code_list(separator: str = ";") -> Parser:
    def parse(value: Any) -> list[str]:
        items = [nfc(part) for part in _as_text(value).split(separator)]
        items = [item for item in items if item]
        if len(items) != len(set(items)):
            raise CellError(_("Có mã bị lặp lại."))
        return items

    return Parser(parse, _("Các mã cách nhau bởi dấu “%(s)s”") % {"s": separator})


@dataclass(frozen=True)
class Column:
    header: str
    key: str
    parser: Parser
    required: bool = False
    width: int = 18
    note: str = ""


@dataclass(frozen=True)
class Sheet:
    name: str
    columns: tuple[Column, ...]
    note: str = ""

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    def letter(self, key: str) -> str:
        return column_letter(next(i for i, c in enumerate(self.columns) if c.key == key))


@dataclass(frozen=True)
class WorkbookSpec:
    kind: str
    version: str
    title: str
    sheets: tuple[Sheet, ...]
    instructions: tuple[str, ...] = field(default_factory=tuple)

    def sheet(self, name: str) -> Sheet:
        return next(s for s in self.sheets if s.name == name)


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters
