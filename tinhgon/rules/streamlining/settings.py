"""Named settings: every parameter the sources leave open, with its default and why.

Overridable through the input's ``settings`` object; the settings used are in every result
(DOMAIN.md §6.0, §6.1–6.3b, §11b, §12 items 2, 3, 10). See docs/rules/streamlining_benefits.md.

``early_years_rounding``
    How months early become years for the per-year-early allowance. Default by decree: ND 178
    ``whole_years`` (TT 01/2025/TT-BNV art 4.1.b, 4.2.b: "cứ mỗi năm nghỉ sớm (đủ 12 tháng)", read);
    ND 29 ``half_year`` (ND 29 art 10.5, quoted in TVPL-DS:4bfec583e1c943e4.md); ND 154
    ``half_year`` (assumed to keep ND 29's rule — ND 154's text was not read). The MoD guidance
    (TT 19/2025/TT-BQP art 5.2) uses ``half_year`` for ND 178: that reading is one override away.
``insurance_years_rounding``
    How insurance months become years for the service-time and per-insurance-year allowances.
    Defaults: ND 178 ``half_year`` (TT 19/2025/TT-BQP: 35 years 4 months → 35.5, 11 months → 36;
    ND 178 art 5 itself not seen); ND 29 ``half_year`` (art 10.4); ND 154 ``half_year``
    (assumed); ND 170 ``nd170`` (art 59.2: under 3 odd months not counted).
``nd67_15_year_reading``
    ND 67/2025's clause "đủ 15 năm trở lên … 04 tháng cho 15 năm đầu, từ năm thứ 16 … 0,5
    tháng". ``tt19`` (default): the 15-year formula only for 15 to under 20 counted years, the
    20-year formula (5 months + 0.5 per year from the 21st) from 20 years, as in the only official
    worked example (TT 19/2025/TT-BQP, 35.5 years) — DOMAIN.md §11b. ``literal``: 4 + 0.5 × (t − 15)
    for everybody with 15 years or more.
``severance_months_cap``
    "Thời gian để tính trợ cấp thôi việc" of ND 178 art 5.2 (text not seen): the months from
    ``leave_date`` to the statutory retirement date, capped at this number (default 60, DOMAIN.md
    §6.3.C "believed"); ``null`` = no cap.
``nd154_effective_date``
    First day of ND 154/2025 (replacing ND 29/2023). Default 15/06/2025 (pbgdpl.gov.vn); TVPL says
    the policies apply from 16/06/2025. With ``leave_date`` on the 1st of a month both give the
    same choice.
``nd178_end_date``
    Last day ND 178/2024 applies (Hà Tĩnh asked in 12/2025 whether it still applies after
    31/08/2025; TVPL-DS:e42103d7f815212d.md). Default ``null``: no end date is known.
``nd170_effective_date``
    First day of ND 170/2025 (with the Law on Cadres and Civil Servants 2025). Default 01/07/2025
    (unconfirmed).
``nd154_table``
    ND 154/2025's amounts, whose full text was not read (DOMAIN.md §6.2): months of current salary
    per early year (5, pbgdpl for Annex II), the service-time allowance (5 months for the first 20
    years + 0.5 per year after, assumed like ND 29/178), the bounds of early retirement in months
    (24–60, assumed like ND 29), months for the job search on resignation (3, art 8.1.a read in
    TVPL-DS:855d31fa698f94ef.md) and per insurance year (1.5, assumed).
``leadership_allowance_table``
    Position code → leadership-allowance coefficient (ND 07/2026 table, not found): empty.
``min_working_age_years``
    Insurance time may not exceed the months since this age (15, Labour Code 2019 art 3.1).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from tinhgon.rules.base import RuleInputError, parse_date
from tinhgon.rules.streamlining.common import (
    HALF_YEAR,
    ND29,
    ND154,
    ND170,
    ND170_ROUNDING,
    ND178,
    ROUNDINGS,
    WHOLE_YEARS,
    Settings,
)
from tinhgon.rules.streamlining.salary import read_decimal
from tinhgon.rules.versions import read_int, read_mapping, refuse_unknown_keys

EARLY_YEARS_ROUNDING: dict[str, str] = {
    ND178: WHOLE_YEARS,
    ND29: HALF_YEAR,
    ND154: HALF_YEAR,
    ND170: WHOLE_YEARS,  # not used: ND 170 has no early retirement
}
INSURANCE_YEARS_ROUNDING: dict[str, str] = {
    ND178: HALF_YEAR,
    ND29: HALF_YEAR,
    ND154: HALF_YEAR,
    ND170: ND170_ROUNDING,
}
READINGS = ("tt19", "literal")
ND154_TABLE: dict[str, Decimal] = {
    "early_per_year_months": Decimal(5),
    "service_first_years": Decimal(20),
    "service_first_months": Decimal(5),
    "service_per_year_after": Decimal("0.5"),
    "early_min_months": Decimal(24),
    "early_max_months": Decimal(60),
    "resign_job_search_months": Decimal(3),
    "resign_per_year_months": Decimal("1.5"),
}
DEFAULT_ND154_EFFECTIVE = dt.date(2025, 6, 15)
DEFAULT_ND170_EFFECTIVE = dt.date(2025, 7, 1)
KEYS = (
    "early_years_rounding",
    "insurance_years_rounding",
    "nd67_15_year_reading",
    "severance_months_cap",
    "nd154_effective_date",
    "nd178_end_date",
    "nd170_effective_date",
    "nd154_table",
    "leadership_allowance_table",
    "min_working_age_years",
)


def read_overrides(raw: Any) -> Mapping[str, Any]:
    """The ``settings`` object, its keys checked (values are read by :func:`resolve`)."""
    table = read_mapping(raw, "settings")
    refuse_unknown_keys(table, KEYS, "settings.")
    return table


def _choice(value: Any, path: str, choices: Mapping[str, str] | tuple[str, ...]) -> str:
    text = unicodedata.normalize("NFC", value).strip() if isinstance(value, str) else value
    if text not in choices:
        raise RuleInputError.one(path, f"Phải là một trong các giá trị: {', '.join(choices)}.")
    return str(text)


def _optional_date(value: Any, path: str) -> dt.date | None:
    if value is None:
        return None
    return parse_date(value, path)


def dates(overrides: Mapping[str, Any]) -> tuple[dt.date, dt.date | None, dt.date]:
    """The decree-choosing dates (needed before the decree is known)."""
    nd154 = parse_date(
        overrides.get("nd154_effective_date"),
        "settings.nd154_effective_date",
        default=DEFAULT_ND154_EFFECTIVE,
    )
    nd178_end = _optional_date(overrides.get("nd178_end_date"), "settings.nd178_end_date")
    nd170 = parse_date(
        overrides.get("nd170_effective_date"),
        "settings.nd170_effective_date",
        default=DEFAULT_ND170_EFFECTIVE,
    )
    return nd154, nd178_end, nd170


def leadership_table(overrides: Mapping[str, Any]) -> dict[str, Decimal]:
    raw = read_mapping(
        overrides.get("leadership_allowance_table"), "settings.leadership_allowance_table"
    )
    table: dict[str, Decimal] = {}
    for key, value in raw.items():
        code = " ".join(unicodedata.normalize("NFC", str(key)).split())
        table[code] = read_decimal(value, f"settings.leadership_allowance_table.{code}")
    return table


def resolve(decree: str, overrides: Mapping[str, Any]) -> Settings:
    """The settings for ``decree``: its defaults with the input's overrides."""
    nd154, nd178_end, nd170 = dates(overrides)
    cap_raw = overrides.get("severance_months_cap", 60)
    cap = None if cap_raw is None else read_int(cap_raw, "settings.severance_months_cap", minimum=1)
    table = dict(ND154_TABLE)
    raw_table = read_mapping(overrides.get("nd154_table"), "settings.nd154_table")
    refuse_unknown_keys(raw_table, tuple(ND154_TABLE), "settings.nd154_table.")
    for key, value in raw_table.items():
        table[key] = read_decimal(value, f"settings.nd154_table.{key}")
    return Settings(
        early_years_rounding=_choice(
            overrides.get("early_years_rounding", EARLY_YEARS_ROUNDING[decree]),
            "settings.early_years_rounding",
            (WHOLE_YEARS, HALF_YEAR),
        ),
        insurance_years_rounding=_choice(
            overrides.get("insurance_years_rounding", INSURANCE_YEARS_ROUNDING[decree]),
            "settings.insurance_years_rounding",
            ROUNDINGS,
        ),
        nd67_15_year_reading=_choice(
            overrides.get("nd67_15_year_reading", "tt19"), "settings.nd67_15_year_reading", READINGS
        ),
        severance_months_cap=cap,
        nd154_effective_date=nd154,
        nd178_end_date=nd178_end,
        nd170_effective_date=nd170,
        nd154_table=table,
        leadership_allowance_table=leadership_table(overrides),
        min_working_age_years=read_int(
            overrides.get("min_working_age_years", 15),
            "settings.min_working_age_years",
            minimum=10,
            maximum=25,
        ),
    )
