"""Financial-autonomy group of a public service unit (nhóm tự chủ tài chính), Decree 60/2021/NĐ-CP.

Sources (DOMAIN.md §4.1–4.2, both [CONFIRMED]; article headings checked in the Bộ pháp điển crawl
``diepxuan/diepxuan.github.io`` ``van-ban/can-bo-cong-chuc-vien-chuc/vien-chuc.md``, where ND 60/2021
is topic item 5.2.NĐ.14: "Điều 5.2.NĐ.14.10. Xác định mức tự bảo đảm chi thường xuyên" and
"Điều 5.2.NĐ.14.35. Giao quyền tự chủ tài chính cho đơn vị sự nghiệp công"; the crawl holds the
headings only, so the thresholds below come from DOMAIN.md's reading of the article text):

* ND 60/2021 art 10 (formula): mức tự bảo đảm chi thường xuyên (%) = A / B × 100, where A = the
  counted service and other revenues and B = recurrent spending, both the estimates of the first
  year of the stable period. The caller supplies A and B already built under art 10 (art 11, 12,
  15, 16, 19, 20 decide what is counted); this rule only divides and classifies.
* ND 60/2021 art 9 (the four groups):
  - khoản 1, nhóm 1 — tự bảo đảm chi thường xuyên và chi đầu tư: ratio ≥ 100 % AND investment
    self-financed (development fund / retained fees ≥ depreciation and wear of fixed assets);
  - khoản 2, nhóm 2 — tự bảo đảm chi thường xuyên: ratio ≥ 100 % without the investment test;
  - khoản 3, nhóm 3 — tự bảo đảm một phần chi thường xuyên: 10 % ≤ ratio < 100 %, in the three
    bands used by art 35: 70–<100 %, 30–<70 %, 10–<30 %;
  - khoản 4, nhóm 4 — Nhà nước bảo đảm chi thường xuyên: ratio < 10 %, or no service revenue.

Decisions written down here so an official can check them:

* The group is decided on the exact ratio, compared in whole numbers (A × 100 ≥ T × B), so 99.99 %
  is group 3 and exactly 100 %, 70 %, 30 %, 10 % belong to the higher band ("từ … trở lên",
  "từ … đến dưới …"). ``ratio_percent`` is rounded to two decimals, half up, for display only.
* ``has_service_revenue = false`` gives group 4 whatever A is (art 9 khoản 4 "không có nguồn thu").
* The investment flag only matters at ≥ 100 %; below that it is noted and ignored.
* Money is whole đồng: JSON integers or strings of digits; a float is accepted only when it has no
  fractional part. Negative amounts, B = 0 and missing fields are refused.
* Rule version by ``as_of``: ND 60/2021 took effect on 15/08/2021; before that ND 16/2015/NĐ-CP
  applied, which this rule does not encode, so an earlier date is refused. ND 111/2025/NĐ-CP amended
  ND 60 (DOMAIN.md §4, [SECONDARY]: lists and authority of budget-funded services), not, as far as
  DOMAIN.md records, the art 9 thresholds; should a later amendment change them, add a version.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from tinhgon.rules.base import Citation, RuleInputError, parse_date

NAME = "autonomy_group"
SUMMARY = (
    "Xếp nhóm tự chủ tài chính của đơn vị sự nghiệp công (nhóm 1–4, các mức của nhóm 3) "
    "theo mức tự bảo đảm chi thường xuyên A/B×100 (Nghị định 60/2021/NĐ-CP, Điều 9, 10)."
)

DECREE = "Nghị định 60/2021/NĐ-CP"
ND60_EFFECTIVE = dt.date(2021, 8, 15)
RULE_VERSION = "ND 60/2021/NĐ-CP (hiệu lực từ 15/08/2021)"

GROUP_NAMES: dict[int, str] = {
    1: "Nhóm 1 – tự bảo đảm chi thường xuyên và chi đầu tư",
    2: "Nhóm 2 – tự bảo đảm chi thường xuyên",
    3: "Nhóm 3 – tự bảo đảm một phần chi thường xuyên",
    4: "Nhóm 4 – Nhà nước bảo đảm chi thường xuyên",
}

# Group-3 bands (art 9 khoản 3, art 35), highest first: (code, lower bound in %, upper bound in %).
BANDS: tuple[tuple[str, int, int], ...] = (
    ("70-100", 70, 100),
    ("30-70", 30, 70),
    ("10-30", 10, 30),
)
BAND_LABELS: dict[str, str] = {
    "70-100": "từ 70% đến dưới 100%",
    "30-70": "từ 30% đến dưới 70%",
    "10-30": "từ 10% đến dưới 30%",
}

INPUT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": [
        "revenue_vnd",
        "recurrent_expenditure_vnd",
        "investment_self_financed",
        "has_service_revenue",
        "as_of",
    ],
    "properties": {
        "revenue_vnd": {
            "type": ["integer", "string"],
            "minimum": 0,
            "title": "A – nguồn thu được tính (đồng, năm đầu thời kỳ ổn định)",
            "examples": [10_500_000_000],
        },
        "recurrent_expenditure_vnd": {
            "type": ["integer", "string"],
            "exclusiveMinimum": 0,
            "title": "B – chi thường xuyên (đồng, năm đầu thời kỳ ổn định)",
            "examples": [10_000_000_000],
        },
        "investment_self_financed": {
            "type": "boolean",
            "title": "Tự bảo đảm chi đầu tư (nguồn đầu tư ≥ khấu hao, hao mòn tài sản cố định)",
        },
        "has_service_revenue": {
            "type": "boolean",
            "title": "Có nguồn thu sự nghiệp",
        },
        "as_of": {"type": "string", "format": "date", "title": "Ngày áp dụng"},
    },
}


@dataclass(frozen=True)
class Input:
    revenue_vnd: int
    recurrent_expenditure_vnd: int
    investment_self_financed: bool
    has_service_revenue: bool
    as_of: dt.date


@dataclass(frozen=True)
class Result:
    ratio_percent: Decimal
    group: int
    group_name: str
    band: str | None
    rule_version: str
    explanation: list[Citation]


# ---------------------------------------------------------------- parsing helpers (shared with
# autonomy_upgrade_quota, which imports them from here)


def parse_money(value: Any, path: str) -> int:
    """Whole đồng: a JSON integer, a string of digits, or a float without fractional part."""
    if value is None:
        raise RuleInputError.one(path, "Thiếu giá trị.")
    if isinstance(value, bool):
        raise RuleInputError.one(path, "Số tiền phải là số nguyên đồng, không phải true/false.")
    if isinstance(value, int):
        amount = value
    elif isinstance(value, float):
        if not math.isfinite(value) or not value.is_integer():
            raise RuleInputError.one(
                path, f"Số tiền phải là số nguyên đồng, không có phần lẻ (nhận được {value!r})."
            )
        amount = int(value)
    elif isinstance(value, str):
        text = value.strip()
        digits = text[1:] if text.startswith("-") else text
        if not digits.isascii() or not digits.isdigit():
            raise RuleInputError.one(
                path, f"“{value}” không phải số nguyên đồng (chỉ gồm chữ số, không dấu chấm, phẩy)."
            )
        amount = int(text)
    else:
        raise RuleInputError.one(path, "Số tiền phải là số nguyên đồng.")
    if amount < 0:
        raise RuleInputError.one(path, "Số tiền không được âm.")
    return amount


def parse_bool(value: Any, path: str) -> bool:
    if value is None:
        raise RuleInputError.one(path, "Thiếu giá trị.")
    if not isinstance(value, bool):
        raise RuleInputError.one(path, "Phải là true hoặc false.")
    return value


def parse_nd60_date(value: Any, path: str = "as_of") -> dt.date:
    """The date that picks the rule version; ND 60/2021 only (from 15/08/2021)."""
    if value is None:
        raise RuleInputError.one(path, "Thiếu ngày áp dụng (YYYY-MM-DD).")
    day = parse_date(value, path)
    if day < ND60_EFFECTIVE:
        raise RuleInputError.one(
            path,
            f"Ngày {day:%d/%m/%Y} trước khi Nghị định 60/2021/NĐ-CP có hiệu lực: quy tắc này chỉ áp "
            "dụng Nghị định 60/2021/NĐ-CP từ ngày 15/08/2021 (trước đó áp dụng Nghị định "
            "16/2015/NĐ-CP).",
        )
    return day


def percent_2dp(numerator: int, denominator: int) -> Decimal:
    """numerator / denominator × 100, rounded half up to two decimals, exactly (integers only)."""
    hundredths = (2 * numerator * 10_000 + denominator) // (2 * denominator)
    return Decimal(hundredths).scaleb(-2)


# ---------------------------------------------------------------- the rule


def parse(payload: dict[str, Any]) -> Input:
    if not isinstance(payload, dict):
        raise RuleInputError.one("", "Dữ liệu vào phải là một đối tượng JSON.")
    revenue = parse_money(payload.get("revenue_vnd"), "revenue_vnd")
    spending = parse_money(payload.get("recurrent_expenditure_vnd"), "recurrent_expenditure_vnd")
    if spending == 0:
        raise RuleInputError.one(
            "recurrent_expenditure_vnd",
            "Chi thường xuyên (B) phải lớn hơn 0: không tính được mức tự bảo đảm A/B×100.",
        )
    return Input(
        revenue_vnd=revenue,
        recurrent_expenditure_vnd=spending,
        investment_self_financed=parse_bool(
            payload.get("investment_self_financed"), "investment_self_financed"
        ),
        has_service_revenue=parse_bool(payload.get("has_service_revenue"), "has_service_revenue"),
        as_of=parse_nd60_date(payload.get("as_of")),
    )


def _at_least(a: int, b: int, percent: int) -> bool:
    """A / B × 100 ≥ percent, decided exactly."""
    return a * 100 >= percent * b


def evaluate(inp: Input) -> Result:
    a, b = inp.revenue_vnd, inp.recurrent_expenditure_vnd
    ratio = percent_2dp(a, b)
    explanation = [
        Citation(
            f"Mức tự bảo đảm chi thường xuyên = A / B × 100 = {a:,} / {b:,} × 100 ≈ {ratio}% "
            "(làm tròn 2 chữ số thập phân để hiển thị; xếp nhóm theo tỷ lệ chính xác).",
            DECREE,
            "Điều 10",
            "khoản 1",
        )
    ]
    band: str | None = None
    if not inp.has_service_revenue:
        group = 4
        text = "Đơn vị không có nguồn thu sự nghiệp: nhóm 4, bất kể số A đã nhập."
        if a > 0:
            text += f" (A = {a:,} đồng không được dùng để xếp nhóm.)"
        explanation.append(Citation(text, DECREE, "Điều 9", "khoản 4"))
    elif _at_least(a, b, 100):
        if inp.investment_self_financed:
            group = 1
            explanation.append(
                Citation(
                    "Mức tự bảo đảm chi thường xuyên từ 100% trở lên và tự bảo đảm chi đầu tư: nhóm 1.",
                    DECREE,
                    "Điều 9",
                    "khoản 1",
                )
            )
        else:
            group = 2
            explanation.append(
                Citation(
                    "Mức tự bảo đảm chi thường xuyên từ 100% trở lên nhưng chưa tự bảo đảm chi đầu "
                    "tư: nhóm 2.",
                    DECREE,
                    "Điều 9",
                    "khoản 2",
                )
            )
    elif _at_least(a, b, 10):
        group = 3
        band = next(code for code, low, _high in BANDS if _at_least(a, b, low))
        explanation.append(
            Citation(
                f"Mức tự bảo đảm chi thường xuyên {BAND_LABELS[band]}: nhóm 3, mức {band}.",
                DECREE,
                "Điều 9",
                "khoản 3",
            )
        )
        if inp.investment_self_financed:
            explanation.append(
                Citation(
                    "Tự bảo đảm chi đầu tư chỉ xét khi đã tự bảo đảm 100% chi thường xuyên: "
                    "không làm thay đổi nhóm.",
                    DECREE,
                    "Điều 9",
                    "khoản 1",
                )
            )
    else:
        group = 4
        explanation.append(
            Citation(
                "Mức tự bảo đảm chi thường xuyên dưới 10%: nhóm 4.", DECREE, "Điều 9", "khoản 4"
            )
        )
    return Result(
        ratio_percent=ratio,
        group=group,
        group_name=GROUP_NAMES[group],
        band=band,
        rule_version=RULE_VERSION,
        explanation=explanation,
    )
