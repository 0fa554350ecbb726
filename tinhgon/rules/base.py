"""What every rule shares: explanation lines, input errors, date and money helpers."""

from __future__ import annotations

import dataclasses
import datetime as dt
import unicodedata
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any


@dataclass(frozen=True)
class Citation:
    """One line of a rule's explanation, with where it comes from."""

    text: str
    decree: str = ""
    article: str = ""
    clause: str = ""

    def as_dict(self) -> dict[str, str]:
        return {
            "text": self.text,
            "decree": self.decree,
            "article": self.article,
            "clause": self.clause,
        }


@dataclass(frozen=True)
class InputProblem:
    path: str
    message: str


class RuleInputError(ValueError):
    """The input of a rule is refused; ``problems`` name each field with a Vietnamese message."""

    def __init__(self, problems: list[InputProblem]) -> None:
        super().__init__("; ".join(f"{p.path}: {p.message}" for p in problems))
        self.problems = problems

    @classmethod
    def one(cls, path: str, message: str) -> RuleInputError:
        return cls([InputProblem(path, message)])


def clean_text(value: Any, path: str, *, required: bool = True) -> str:
    if value is None:
        if required:
            raise RuleInputError.one(path, "Thiếu giá trị.")
        return ""
    if not isinstance(value, str):
        raise RuleInputError.one(path, "Phải là một chuỗi ký tự.")
    value = " ".join(unicodedata.normalize("NFC", value).split())
    if required and not value:
        raise RuleInputError.one(path, "Không được để trống.")
    return value


def parse_date(value: Any, path: str, *, default: dt.date | None = None) -> dt.date:
    """ISO ``YYYY-MM-DD`` only; ``None`` gives ``default`` (today when no default is given)."""
    if value is None:
        return default or dt.date.today()
    if not isinstance(value, str):
        raise RuleInputError.one(path, "Ngày phải ở dạng YYYY-MM-DD.")
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise RuleInputError.one(path, f"Ngày “{value}” không đúng định dạng YYYY-MM-DD.") from None


def money(value: Decimal) -> int:
    """The one rounding of money: to the whole đồng, half up."""
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def to_json(value: Any) -> Any:
    """A rule result as JSON-ready data (dates ISO, Decimals as numbers, citations as dicts)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        if isinstance(value, Citation):
            return value.as_dict()
        return {f.name: to_json(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, list | tuple):
        return [to_json(v) for v in value]
    if isinstance(value, dict):
        return {k: to_json(v) for k, v in value.items()}
    return value
