"""Data window (thời gian chốt số liệu) of a periodic report under Decree 09/2019/NĐ-CP art 12.

Source: DOMAIN.md §8.1. Annual: 15/12 of the previous year → 14/12 [CONFIRMED]; quarterly: the 15th of
the last month of the previous quarter → the 14th of the last month of the quarter [CONFIRMED]; monthly:
the 15th of the previous month → the 14th of the month [CONFIRMED]; half-years 15/12 → 14/6 and
15/6 → 14/12 [UNCONFIRMED wording, standard]; nine months 15/12 → 14/9: common practice, not in the
decree itself (DOMAIN.md §8.1b). Both ends are inclusive (DESIGN.md, validity periods).
``as_of`` is accepted like every rule's; there is one version of the rule (Decree 09/2019 has not
been replaced as far as DOMAIN.md knows), so it does not change the result.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from tinhgon.rules.base import Citation, RuleInputError, parse_date

NAME = "report_window"
SUMMARY = "Thời gian chốt số liệu của báo cáo định kỳ (tháng, quý, 6 tháng, 9 tháng, năm) theo Nghị định 09/2019/NĐ-CP."

DECREE = "Nghị định 09/2019/NĐ-CP"
ARTICLE = "Điều 12"

KINDS: dict[str, str] = {
    "month": "Báo cáo tháng",
    "quarter": "Báo cáo quý",
    "half": "Báo cáo 6 tháng",
    "nine_months": "Báo cáo 9 tháng",
    "year": "Báo cáo năm",
}
# Range of ``number`` per kind; ``None``: the kind takes no number.
NUMBER_RANGE: dict[str, tuple[int, int] | None] = {
    "month": (1, 12),
    "quarter": (1, 4),
    "half": (1, 2),
    "nine_months": None,
    "year": None,
}
NUMBER_LABEL = {"month": "Tháng", "quarter": "Quý", "half": "Kỳ 6 tháng"}

INPUT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["kind", "year"],
    "properties": {
        "kind": {"type": "string", "enum": list(KINDS), "title": "Loại báo cáo"},
        "year": {"type": "integer", "minimum": 1900, "maximum": 2999, "title": "Năm báo cáo"},
        "number": {
            "type": "integer",
            "minimum": 1,
            "maximum": 12,
            "title": "Tháng (1–12), quý (1–4) hoặc kỳ 6 tháng (1–2); bỏ trống với báo cáo năm, 9 tháng",
        },
        "as_of": {"type": "string", "format": "date", "title": "Ngày áp dụng"},
    },
}


@dataclass(frozen=True)
class Input:
    kind: str
    year: int
    number: int | None
    as_of: dt.date


@dataclass(frozen=True)
class Result:
    start: dt.date
    end: dt.date
    explanation: list[Citation]


def _int(value: Any, path: str, label: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise RuleInputError.one(path, f"{label} phải là một số nguyên.")
    return value


def parse(payload: dict[str, Any]) -> Input:
    if not isinstance(payload, dict):
        raise RuleInputError.one("", "Dữ liệu vào phải là một đối tượng JSON.")
    kind = payload.get("kind")
    if kind is None:
        raise RuleInputError.one("kind", "Thiếu loại báo cáo (kind).")
    if kind not in KINDS:
        raise RuleInputError.one(
            "kind",
            f"Loại báo cáo (kind) “{kind}” không hợp lệ; chọn một trong: {', '.join(KINDS)}.",
        )
    if payload.get("year") is None:
        raise RuleInputError.one("year", "Thiếu năm báo cáo (year).")
    year = _int(payload["year"], "year", "Năm báo cáo (year)")
    if not 1900 <= year <= 2999:
        raise RuleInputError.one("year", f"Năm báo cáo (year) {year} không hợp lệ.")
    bounds = NUMBER_RANGE[kind]
    raw_number = payload.get("number")
    number: int | None = None
    if bounds is None:
        if raw_number is not None:
            raise RuleInputError.one(
                "number", f"{KINDS[kind]} không có số kỳ (number); bỏ trống trường này."
            )
    else:
        if raw_number is None:
            raise RuleInputError.one(
                "number",
                f"Thiếu số kỳ (number) của {KINDS[kind].lower()} ({bounds[0]}–{bounds[1]}).",
            )
        number = _int(raw_number, "number", "Số kỳ (number)")
        if not bounds[0] <= number <= bounds[1]:
            raise RuleInputError.one(
                "number",
                f"{NUMBER_LABEL[kind]} (number) phải từ {bounds[0]} đến {bounds[1]}, không phải {number}.",
            )
    return Input(
        kind=kind, year=year, number=number, as_of=parse_date(payload.get("as_of"), "as_of")
    )


def _fifteenth_before(year: int, month: int) -> dt.date:
    """The 15th of the month before ``month`` of ``year`` (December of the year before for January)."""
    if month == 1:
        return dt.date(year - 1, 12, 15)
    return dt.date(year, month - 1, 15)


def _fmt(d: dt.date) -> str:
    return d.strftime("%d/%m/%Y")


def evaluate(inp: Input) -> Result:
    year, n = inp.year, inp.number
    if inp.kind == "month":
        assert n is not None
        end_month = n
        rule = "Báo cáo tháng: từ ngày 15 tháng trước kỳ báo cáo đến ngày 14 của tháng thuộc kỳ báo cáo."
        label = f"tháng {n}/{year}"
    elif inp.kind == "quarter":
        assert n is not None
        end_month = 3 * n
        rule = (
            "Báo cáo quý: từ ngày 15 của tháng cuối quý trước kỳ báo cáo "
            "đến ngày 14 của tháng cuối quý thuộc kỳ báo cáo."
        )
        label = f"quý {['I', 'II', 'III', 'IV'][n - 1]} năm {year}"
    elif inp.kind == "half":
        assert n is not None
        end_month = 6 * n
        rule = (
            "Báo cáo 6 tháng: 6 tháng đầu năm từ ngày 15/12 năm trước đến ngày 14/6; "
            "6 tháng cuối năm từ ngày 15/6 đến ngày 14/12."
        )
        label = f"6 tháng {'đầu' if n == 1 else 'cuối'} năm {year}"
    elif inp.kind == "nine_months":
        end_month = 9
        rule = "Báo cáo 9 tháng: từ ngày 15/12 năm trước đến ngày 14/9 của năm báo cáo."
        label = f"9 tháng năm {year}"
    else:
        end_month = 12
        rule = "Báo cáo năm: từ ngày 15/12 năm trước kỳ báo cáo đến ngày 14/12 của năm báo cáo."
        label = f"năm {year}"
    # First month of the period; the window opens on the 15th of the month before it.
    first_month = {"month": end_month, "quarter": end_month - 2, "half": end_month - 5}.get(
        inp.kind, 1
    )
    start = _fifteenth_before(year, first_month)
    end = dt.date(year, end_month, 14)
    explanation = [
        Citation(rule, DECREE, ARTICLE),
        Citation(
            f"Kỳ {label}: chốt số liệu từ {_fmt(start)} đến hết {_fmt(end)}.", DECREE, ARTICLE
        ),
    ]
    if inp.kind == "nine_months":
        explanation.append(
            Citation(
                "Lưu ý: kỳ 9 tháng không quy định trong Nghị định 09/2019/NĐ-CP; "
                "đây là thực tiễn thường áp dụng (chốt số liệu như báo cáo năm, đến ngày 14/9).",
                DECREE,
                ARTICLE,
            )
        )
    return Result(start=start, end=end, explanation=explanation)
