"""Rule versions in force on a date, and the small input readers the dated rules share.

A rule keeps every text it has applied as a :class:`Version` (key, decree, first and last day in
force, the numbers of that text, whether those numbers were read in the decree). ``in_force`` picks
the one in force on the date that matters (``as_of``), so a later decree never changes a case decided
under an earlier one (STYLE.md, "rules/").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from tinhgon.rules.base import RuleInputError

T = TypeVar("T")


@dataclass(frozen=True)
class Version(Generic[T]):
    """One text of a rule: ``data`` holds its numbers, ``verified`` says whether they were read."""

    key: str
    decree: str
    start: dt.date
    end: dt.date | None
    data: T
    verified: bool = True

    def covers(self, on: dt.date) -> bool:
        return self.start <= on and (self.end is None or on <= self.end)

    @property
    def period(self) -> str:
        start = self.start.strftime("%d/%m/%Y")
        if self.end is None:
            return f"từ {start}"
        return f"từ {start} đến {self.end.strftime('%d/%m/%Y')}"


def in_force(versions: Sequence[Version[T]], on: dt.date) -> Version[T] | None:
    """The version in force on ``on``; ``None`` when the date is outside every version."""
    for version in versions:
        if version.covers(on):
            return version
    return None


def read_int(
    value: Any, path: str, *, minimum: int | None = None, maximum: int | None = None
) -> int:
    """A whole number given as a JSON number (``True``/``False`` and ``2.5`` are refused)."""
    if isinstance(value, bool) or value is None:
        raise RuleInputError.one(path, "Phải là một số nguyên.")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, int):
        raise RuleInputError.one(path, "Phải là một số nguyên.")
    if minimum is not None and value < minimum:
        raise RuleInputError.one(path, f"Phải lớn hơn hoặc bằng {minimum}.")
    if maximum is not None and value > maximum:
        raise RuleInputError.one(path, f"Phải nhỏ hơn hoặc bằng {maximum}.")
    return value


def read_bool(value: Any, path: str, *, default: bool | None = None) -> bool:
    if value is None and default is not None:
        return default
    if not isinstance(value, bool):
        raise RuleInputError.one(path, "Phải là true hoặc false.")
    return value


def read_choice(value: Any, path: str, choices: Sequence[str]) -> str:
    if not isinstance(value, str) or value.strip() not in choices:
        raise RuleInputError.one(path, f"Phải là một trong các giá trị: {', '.join(choices)}.")
    return value.strip()


def read_mapping(value: Any, path: str) -> Mapping[str, Any]:
    """An optional JSON object (``None`` gives an empty one)."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise RuleInputError.one(path, "Phải là một đối tượng JSON.")
    return value


def refuse_unknown_keys(
    payload: Mapping[str, Any], allowed: Sequence[str], prefix: str = ""
) -> None:
    for key in payload:
        if key not in allowed:
            raise RuleInputError.one(f"{prefix}{key}", "Trường này không được hỗ trợ.")
