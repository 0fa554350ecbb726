"""Upgrade duty at the end of a 5-year autonomy period, Decree 60/2021/NĐ-CP art 35.

Source: DOMAIN.md §4.3 [CONFIRMED], paraphrasing ND 60/2021 art 35 ("Giao quyền tự chủ tài chính cho
đơn vị sự nghiệp công" — heading checked in the Bộ pháp điển crawl ``diepxuan/diepxuan.github.io``
``van-ban/can-bo-cong-chuc-vien-chuc/vien-chuc.md``, item "Điều 5.2.NĐ.14.35"; the crawl holds
the heading only, not the clauses, so no clause number is cited below):

* autonomy is assigned for a stable period of 5 years, aligned with the 5-year socio-economic plan;
* after each period the competent body (UBND tỉnh for provincial units) must raise the autonomy of
  its group-3 units, except basic/essential public services without revenue: **at least 30 %** of
  the units of band 70–<100 % move to group 2; at least 30 % of band 30–<70 % move to 70–<100 %;
  at least 30 % of band 10–<30 % move to 30–<70 %;
* and in each case **cut direct budget support by at least 2.5 % a year**.

The bands are those of art 9 khoản 3 (see :mod:`tinhgon.rules.autonomy_group`).

Settings (named, overridable through the optional ``settings`` input key, echoed in the result so a
stored case keeps them):

``rounding`` — how 30 % of a band's eligible units becomes a whole number of units.
    ``"ceil"`` (default): "ít nhất 30%" is a floor on the share, so 30 % of 7 units (2.1) means
    3 units; ``"round_half_up"`` and ``"floor"`` are offered for a province that reads it otherwise.
``support_cut_method`` — how "at least 2.5 %/year" is applied over the next period.
    ``"linear"`` (default): year k of the next period may receive at most S × (1 − 2.5 % × k),
    i.e. each year is cut by 2.5 % of the base S. ``"compound"``: at most S × (1 − 2.5 %)^k, each
    year 2.5 % below the year before. The linear ceiling is never higher than the compound one, so
    the default meets the duty under either reading; the decree text read for this rule does not
    settle which one is meant [UNCONFIRMED reading].

Other decisions:

* ``period_start_year`` Y is the first year of the period that is ending (Y … Y+4); ``budget_support_vnd``
  S is the direct support fixed for its first year (art 35: the first-year budget is the basis of the
  stable period). The schedule covers the next period, Y+5 … Y+9, years k = 1 … 5.
* The 2.5 % figure bounds support from above: the result gives, per year, the **maximum** support
  allowed (``max_support_vnd``) and the **minimum** cut from S (``min_cut_vnd``), each rounded to the
  whole đồng half up (:func:`tinhgon.rules.base.money`).
* ``excluded_basic_units`` counts, per band, the basic/essential units without revenue that the
  article leaves out; they are subtracted before the 30 % is taken. A band missing from
  ``band_counts`` counts 0 units.
* ``as_of`` picks the rule version: ND 60/2021 from 15/08/2021 only; Y must be 2021 or later.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, localcontext
from typing import Any

from tinhgon.rules.autonomy_group import (
    BAND_LABELS,
    BANDS,
    DECREE,
    GROUP_NAMES,
    RULE_VERSION,
    parse_money,
    parse_nd60_date,
)
from tinhgon.rules.base import Citation, RuleInputError, money

NAME = "autonomy_upgrade_quota"
SUMMARY = (
    "Số đơn vị nhóm 3 phải nâng mức tự chủ sau thời kỳ ổn định 5 năm (ít nhất 30% mỗi mức) và "
    "mức giảm chi hỗ trợ trực tiếp từ ngân sách (ít nhất 2,5%/năm) theo Nghị định 60/2021/NĐ-CP, Điều 35."
)

STABLE_PERIOD_YEARS = 5
MIN_UPGRADE_SHARE_PERCENT = 30
MIN_YEARLY_CUT_PERCENT = Decimal("2.5")
FIRST_PERIOD_START_YEAR = 2021

ROUNDINGS = ("ceil", "round_half_up", "floor")
CUT_METHODS = ("linear", "compound")
DEFAULT_SETTINGS: dict[str, str] = {"rounding": "ceil", "support_cut_method": "linear"}
SETTING_CHOICES: dict[str, tuple[str, ...]] = {
    "rounding": ROUNDINGS,
    "support_cut_method": CUT_METHODS,
}

# One band up: band → (target group, target band or None).
TARGETS: dict[str, tuple[int, str | None]] = {
    "70-100": (2, None),
    "30-70": (3, "70-100"),
    "10-30": (3, "30-70"),
}
BAND_CODES = tuple(code for code, _low, _high in BANDS)

_COUNTS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {code: {"type": "integer", "minimum": 0} for code in BAND_CODES},
}
INPUT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["band_counts", "period_start_year", "as_of"],
    "properties": {
        "band_counts": {**_COUNTS_SCHEMA, "title": "Số đơn vị nhóm 3 theo mức (cuối thời kỳ)"},
        "excluded_basic_units": {
            **_COUNTS_SCHEMA,
            "title": "Trong đó: đơn vị cung cấp dịch vụ cơ bản, thiết yếu không có nguồn thu",
        },
        "budget_support_vnd": {
            "type": ["integer", "string"],
            "minimum": 0,
            "title": "Chi hỗ trợ trực tiếp từ NSNN năm đầu thời kỳ (đồng)",
        },
        "period_start_year": {
            "type": "integer",
            "minimum": FIRST_PERIOD_START_YEAR,
            "title": "Năm đầu thời kỳ ổn định đang kết thúc",
        },
        "as_of": {"type": "string", "format": "date", "title": "Ngày áp dụng"},
        "settings": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "rounding": {"enum": list(ROUNDINGS), "default": "ceil"},
                "support_cut_method": {"enum": list(CUT_METHODS), "default": "linear"},
            },
        },
    },
}


@dataclass(frozen=True)
class Input:
    band_counts: dict[str, int]
    excluded_basic_units: dict[str, int]
    budget_support_vnd: int | None
    period_start_year: int
    as_of: dt.date
    rounding: str = "ceil"
    support_cut_method: str = "linear"


@dataclass(frozen=True)
class BandQuota:
    band: str
    units: int
    excluded: int
    eligible: int
    exact_share: Decimal
    required_upgrades: int
    target_group: int
    target_band: str | None
    target_name: str


@dataclass(frozen=True)
class SupportYear:
    year: int
    year_index: int
    min_cut_percent: Decimal
    min_cut_vnd: int
    max_support_vnd: int


@dataclass(frozen=True)
class Result:
    period_start_year: int
    period_end_year: int
    next_period_start_year: int
    next_period_end_year: int
    bands: list[BandQuota]
    total_eligible: int
    total_required_upgrades: int
    budget_support_vnd: int | None
    support_schedule: list[SupportYear]
    settings: dict[str, str]
    rule_version: str
    explanation: list[Citation]


# ---------------------------------------------------------------- parsing


def _parse_count(value: Any, path: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise RuleInputError.one(path, "Số đơn vị phải là số nguyên không âm.")
    if isinstance(value, str):
        if not value.strip().isascii() or not value.strip().isdigit():
            raise RuleInputError.one(path, f"“{value}” không phải số nguyên không âm.")
        value = int(value.strip())
    if value < 0:
        raise RuleInputError.one(path, "Số đơn vị không được âm.")
    return value


def _parse_counts(value: Any, path: str, *, required: bool) -> dict[str, int]:
    if value is None:
        if required:
            raise RuleInputError.one(path, "Thiếu số đơn vị theo mức (70-100, 30-70, 10-30).")
        return dict.fromkeys(BAND_CODES, 0)
    if not isinstance(value, dict):
        raise RuleInputError.one(
            path, "Phải là một đối tượng JSON với các mức 70-100, 30-70, 10-30."
        )
    unknown = sorted(set(value) - set(BAND_CODES))
    if unknown:
        raise RuleInputError.one(
            f"{path}.{unknown[0]}",
            f"Mức “{unknown[0]}” không có trong nhóm 3 (chỉ có 70-100, 30-70, 10-30).",
        )
    return {code: _parse_count(value.get(code, 0), f"{path}.{code}") for code in BAND_CODES}


def _parse_year(value: Any, path: str) -> int:
    if value is None:
        raise RuleInputError.one(path, "Thiếu năm đầu thời kỳ ổn định.")
    if isinstance(value, bool) or not isinstance(value, int):
        raise RuleInputError.one(path, "Năm phải là số nguyên (ví dụ 2021).")
    if not FIRST_PERIOD_START_YEAR <= value <= 2100:
        raise RuleInputError.one(
            path,
            f"Năm {value} không thuộc thời kỳ ổn định theo Nghị định 60/2021/NĐ-CP "
            f"(từ {FIRST_PERIOD_START_YEAR} trở đi).",
        )
    return value


def _parse_settings(value: Any) -> dict[str, str]:
    if value is None:
        return dict(DEFAULT_SETTINGS)
    if not isinstance(value, dict):
        raise RuleInputError.one("settings", "Phải là một đối tượng JSON.")
    settings = dict(DEFAULT_SETTINGS)
    for key, chosen in value.items():
        if key not in SETTING_CHOICES:
            raise RuleInputError.one(
                f"settings.{key}",
                f"Không có thiết lập “{key}” (chỉ có: {', '.join(SETTING_CHOICES)}).",
            )
        if chosen not in SETTING_CHOICES[key]:
            raise RuleInputError.one(
                f"settings.{key}",
                f"Giá trị “{chosen}” không hợp lệ (chọn một trong: {', '.join(SETTING_CHOICES[key])}).",
            )
        settings[key] = chosen
    return settings


def parse(payload: dict[str, Any]) -> Input:
    if not isinstance(payload, dict):
        raise RuleInputError.one("", "Dữ liệu vào phải là một đối tượng JSON.")
    counts = _parse_counts(payload.get("band_counts"), "band_counts", required=True)
    excluded = _parse_counts(
        payload.get("excluded_basic_units"), "excluded_basic_units", required=False
    )
    for code in BAND_CODES:
        if excluded[code] > counts[code]:
            raise RuleInputError.one(
                f"excluded_basic_units.{code}",
                f"Số đơn vị loại trừ ({excluded[code]}) lớn hơn số đơn vị của mức {code} "
                f"({counts[code]}).",
            )
    support_raw = payload.get("budget_support_vnd")
    support = None if support_raw is None else parse_money(support_raw, "budget_support_vnd")
    settings = _parse_settings(payload.get("settings"))
    return Input(
        band_counts=counts,
        excluded_basic_units=excluded,
        budget_support_vnd=support,
        period_start_year=_parse_year(payload.get("period_start_year"), "period_start_year"),
        as_of=parse_nd60_date(payload.get("as_of")),
        rounding=settings["rounding"],
        support_cut_method=settings["support_cut_method"],
    )


# ---------------------------------------------------------------- the rule


def required_units(eligible: int, rounding: str) -> int:
    """30 % of ``eligible`` units as a whole number, by the ``rounding`` setting (integers only)."""
    share = eligible * MIN_UPGRADE_SHARE_PERCENT  # in hundredths of a unit
    if rounding == "ceil":
        return -(-share // 100)
    if rounding == "round_half_up":
        return (2 * share + 100) // 200
    if rounding == "floor":
        return share // 100
    raise ValueError(rounding)


def _support_year(base: int, k: int, method: str, year: int) -> SupportYear:
    rate = MIN_YEARLY_CUT_PERCENT / 100
    with localcontext() as ctx:
        ctx.prec = 80  # (39/40)^k × 10^15 and the like stay exact
        factor = 1 - rate * k if method == "linear" else (1 - rate) ** k
        ceiling = base * factor
        cut_percent = (1 - factor) * 100
    max_support = money(ceiling)
    return SupportYear(
        year=year,
        year_index=k,
        min_cut_percent=cut_percent.normalize(),
        min_cut_vnd=base - max_support,
        max_support_vnd=max_support,
    )


def evaluate(inp: Input) -> Result:
    start = inp.period_start_year
    end = start + STABLE_PERIOD_YEARS - 1
    next_start, next_end = end + 1, end + STABLE_PERIOD_YEARS
    explanation = [
        Citation(
            f"Thời kỳ ổn định {STABLE_PERIOD_YEARS} năm {start}–{end}; khi kết thúc, thực hiện nâng "
            f"mức tự chủ cho thời kỳ {next_start}–{next_end}.",
            DECREE,
            "Điều 35",
        )
    ]
    if inp.as_of < dt.date(next_start, 1, 1):
        explanation.append(
            Citation(
                f"Ngày áp dụng {inp.as_of:%d/%m/%Y} trước khi thời kỳ {start}–{end} kết thúc: "
                "kết quả là dự kiến.",
                DECREE,
                "Điều 35",
            )
        )
    bands: list[BandQuota] = []
    for code in BAND_CODES:
        units, excluded = inp.band_counts[code], inp.excluded_basic_units[code]
        eligible = units - excluded
        required = required_units(eligible, inp.rounding)
        target_group, target_band = TARGETS[code]
        target_name = (
            GROUP_NAMES[target_group]
            if target_band is None
            else f"{GROUP_NAMES[3]}, mức {BAND_LABELS[target_band]}"
        )
        exact = Decimal(eligible * MIN_UPGRADE_SHARE_PERCENT) / 100
        text = f"Mức {BAND_LABELS[code]}: {units} đơn vị"
        if excluded:
            text += f", trừ {excluded} đơn vị cung cấp dịch vụ cơ bản, thiết yếu không có nguồn thu"
        text += (
            f"; còn {eligible} đơn vị × {MIN_UPGRADE_SHARE_PERCENT}% = {exact.normalize()} "
            f"→ ít nhất {required} đơn vị (làm tròn “{inp.rounding}”) chuyển lên {target_name}."
        )
        explanation.append(Citation(text, DECREE, "Điều 35"))
        bands.append(
            BandQuota(
                band=code,
                units=units,
                excluded=excluded,
                eligible=eligible,
                exact_share=exact,
                required_upgrades=required,
                target_group=target_group,
                target_band=target_band,
                target_name=target_name,
            )
        )
    schedule: list[SupportYear] = []
    if inp.budget_support_vnd is not None:
        base = inp.budget_support_vnd
        schedule = [
            _support_year(base, k, inp.support_cut_method, next_start + k - 1)
            for k in range(1, STABLE_PERIOD_YEARS + 1)
        ]
        how = (
            f"mỗi năm giảm thêm {MIN_YEARLY_CUT_PERCENT}% của số năm đầu"
            if inp.support_cut_method == "linear"
            else f"mỗi năm giảm {MIN_YEARLY_CUT_PERCENT}% so với năm trước"
        )
        explanation.append(
            Citation(
                f"Chi hỗ trợ trực tiếp từ ngân sách nhà nước giảm tối thiểu {MIN_YEARLY_CUT_PERCENT}%"
                f"/năm ({how}, thiết lập “{inp.support_cut_method}”): từ {base:,} đồng năm {start}, "
                f"năm {next_start} tối đa {schedule[0].max_support_vnd:,} đồng, năm {next_end} tối đa "
                f"{schedule[-1].max_support_vnd:,} đồng.",
                DECREE,
                "Điều 35",
            )
        )
    return Result(
        period_start_year=start,
        period_end_year=end,
        next_period_start_year=next_start,
        next_period_end_year=next_end,
        bands=bands,
        total_eligible=sum(b.eligible for b in bands),
        total_required_upgrades=sum(b.required_upgrades for b in bands),
        budget_support_vnd=inp.budget_support_vnd,
        support_schedule=schedule,
        settings={"rounding": inp.rounding, "support_cut_method": inp.support_cut_method},
        rule_version=RULE_VERSION,
        explanation=explanation,
    )
