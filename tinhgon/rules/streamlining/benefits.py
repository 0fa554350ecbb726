"""Rule ``streamlining_benefits``: what a person receives on leaving the service, by the decree in force.

Three legal categories, counted separately (DOMAIN.md "Read this first", §6): ``tinh_gian`` (ND
29/2023 → ND 154/2025), ``sap_xep`` (ND 178/2024 as amended by ND 67/2025), ``thoi_viec_nguyen_vong``
(ND 170/2025). One module per decree version computes the lines (:mod:`.nd29_2023`,
:mod:`.nd154_2025`, :mod:`.nd178_2024`, :mod:`.nd170_2025`); this module reads the input, checks it,
chooses the decree by the dates of the input (``leave_date``; never ``as_of``) and adds the lines.

Conventions (issue 6): ``leave_date`` is the first day off the payroll (the day the pension or the
severance starts), the 1st of a month. The statutory retirement date — given, or computed with
:mod:`tinhgon.rules.retirement_date` (ND 135/2020; one implementation) as the 1st of the month after
the age is reached — is the day the pension would start at the normal age. ``months_early`` is the
month difference between the two (TT 01/2025/TT-BNV art 3.3). The first-12-months window holds while
``leave_date`` ≤ the decision's effective date + 12 months − 1 day (TT 01/2025 art 3.1).

Amounts are ``Decimal`` until each line is rounded once to the whole đồng
(:func:`.common.line` → :func:`tinhgon.rules.base.money`); the total is the sum of the lines.
Docs: docs/rules/streamlining_benefits.md. Sources: each decree module's docstring.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from types import ModuleType
from typing import Any

from tinhgon.rules import retirement_date
from tinhgon.rules.base import Citation, InputProblem, RuleInputError, clean_text, parse_date
from tinhgon.rules.streamlining import nd29_2023, nd154_2025, nd170_2025, nd178_2024
from tinhgon.rules.streamlining import settings as settings_module
from tinhgon.rules.streamlining.common import (
    CATEGORIES,
    DECREE_NAMES,
    EMPLOYMENTS,
    ND29,
    ND135,
    ND154,
    ND170,
    ND178,
    POLICIES,
    TT01,
    Case,
    Line,
    Person,
    add_months,
    month_diff,
    vn_date,
    vnd,
)
from tinhgon.rules.streamlining.salary import read_decimal, read_salary
from tinhgon.rules.versions import read_int, read_mapping, refuse_unknown_keys

NAME = "streamlining_benefits"
SUMMARY = (
    "Chế độ khi nghỉ hưu trước tuổi hoặc thôi việc: tinh giản biên chế (Nghị định 29/2023, "
    "154/2025), sắp xếp tổ chức bộ máy (Nghị định 178/2024, 67/2025), công chức thôi việc theo "
    "nguyện vọng (Nghị định 170/2025) — theo văn bản có hiệu lực vào ngày nghỉ việc."
)

DECREE_MODULES: dict[str, ModuleType] = {
    ND29: nd29_2023,
    ND154: nd154_2025,
    ND178: nd178_2024,
    ND170: nd170_2025,
}
CATEGORY_DECREES: dict[str, tuple[str, ...]] = {
    "tinh_gian": (ND29, ND154),
    "sap_xep": (ND178,),
    "thoi_viec_nguyen_vong": (ND170,),
}
TOP_KEYS = (
    "category",
    "decree",
    "policy",
    "article_2_group",
    "person",
    "reorganization_effective_date",
    "leave_date",
    "settings",
    "as_of",
)
PERSON_KEYS = (
    "sex",
    "birth_date",
    "employment",
    "annex",
    "statutory_retirement_date",
    "insurance_years",
    "insurance_months",
    "current_salary_vnd",
    "salary_coefficient",
    "allowance_coefficients",
    "base_salary_vnd",
    "leadership_position",
    "average_salary_60m_vnd",
)
LABOUR_CODE = "Bộ luật Lao động 2019"

_NUMBER = {"type": ["number", "string"]}
INPUT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["category", "policy", "person", "leave_date"],
    "properties": {
        "category": {"type": "string", "enum": list(CATEGORIES), "title": "Nhóm chính sách"},
        "decree": {
            "type": "string",
            "enum": list(DECREE_NAMES),
            "title": "Nghị định (bỏ trống: chọn theo nhóm chính sách và ngày nghỉ việc)",
        },
        "policy": {"type": "string", "enum": list(POLICIES), "title": "Chính sách"},
        "article_2_group": {
            "type": "integer",
            "minimum": 1,
            "maximum": 4,
            "default": 1,
            "title": "Nhóm đối tượng theo Điều 2 Nghị định 178/2024 (sửa đổi bởi Nghị định 67/2025)",
        },
        "person": {
            "type": "object",
            "required": ["sex", "birth_date", "employment", "insurance_years"],
            "properties": {
                "sex": {"type": "string", "enum": ["M", "F"]},
                "birth_date": {"type": "string", "title": "YYYY-MM-DD, YYYY-MM hoặc YYYY"},
                "employment": {"type": "string", "enum": list(EMPLOYMENTS)},
                "annex": {"type": "string", "enum": ["I", "II"], "default": "I"},
                "statutory_retirement_date": {"type": "string", "format": "date"},
                "insurance_years": {"type": "integer", "minimum": 0, "maximum": 60},
                "insurance_months": {"type": "integer", "minimum": 0, "maximum": 11},
                "current_salary_vnd": _NUMBER,
                "salary_coefficient": _NUMBER,
                "allowance_coefficients": {"type": "object", "additionalProperties": _NUMBER},
                "base_salary_vnd": _NUMBER,
                "leadership_position": {"type": "string"},
                "average_salary_60m_vnd": _NUMBER,
            },
        },
        "reorganization_effective_date": {"type": "string", "format": "date"},
        "leave_date": {"type": "string", "format": "date", "title": "Ngày 01 của tháng nghỉ việc"},
        "settings": {"type": "object", "properties": {k: {} for k in settings_module.KEYS}},
    },
}


@dataclass(frozen=True)
class Result:
    decree: str
    category: str
    policy: str
    months_early: int
    years_early: Decimal
    insurance_years_counted: Decimal
    lines: tuple[Line, ...]
    total_vnd: int
    settings: dict[str, Any]
    explanation: tuple[Citation, ...]


# ------------------------------------------------------------------------------------------------
# Parsing


def _text_choice(value: Any, path: str, choices: Mapping[str, str]) -> str:
    text = clean_text(value, path)
    if text not in choices:
        raise RuleInputError.one(path, f"Phải là một trong các giá trị: {', '.join(choices)}.")
    return text


_DECREE_NUMBER = re.compile(r"(\d{1,3})\s*/\s*(\d{4})")


def _decree(value: Any) -> str | None:
    if value is None:
        return None
    text = clean_text(value, "decree", required=False)
    if not text:
        return None
    found = _DECREE_NUMBER.search(text)
    key = f"{int(found[1])}/{found[2]}" if found else text
    if key not in DECREE_NAMES:
        raise RuleInputError.one(
            "decree", f"Phải là một trong các giá trị: {', '.join(DECREE_NAMES)}."
        )
    return key


def _required_date(value: Any, path: str) -> dt.date:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise RuleInputError.one(path, "Thiếu ngày (YYYY-MM-DD).")
    return parse_date(value, path)


def _periods(overrides: Mapping[str, Any]) -> dict[str, tuple[dt.date, dt.date | None]]:
    nd154, nd178_end, nd170 = settings_module.dates(overrides)
    return {
        ND29: (nd29_2023.START, nd154 - dt.timedelta(days=1)),
        ND154: (nd154, None),
        ND178: (nd178_2024.START, nd178_end),
        ND170: (nd170, None),
    }


def _period_text(period: tuple[dt.date, dt.date | None]) -> str:
    start, end = period
    return f"từ {vn_date(start)}" + (f" đến {vn_date(end)}" if end else "")


def _covers(period: tuple[dt.date, dt.date | None], on: dt.date) -> bool:
    return period[0] <= on and (period[1] is None or on <= period[1])


def _choose_decree(
    category: str, given: str | None, leave_date: dt.date, overrides: Mapping[str, Any]
) -> str:
    periods = _periods(overrides)
    allowed = CATEGORY_DECREES[category]
    if given is not None:
        if given not in allowed:
            raise RuleInputError.one(
                "decree",
                f"{DECREE_NAMES[given]} không quy định chính sách “{CATEGORIES[category]}” "
                f"(Điều 1, Điều 2 của Nghị định); nhóm chính sách này theo "
                f"{' hoặc '.join(DECREE_NAMES[d] for d in allowed)}.",
            )
        if not _covers(periods[given], leave_date):
            raise RuleInputError.one(
                "decree",
                f"{DECREE_NAMES[given]} áp dụng {_period_text(periods[given])}; không áp dụng cho "
                f"ngày nghỉ việc {vn_date(leave_date)}.",
            )
        return given
    for key in allowed:
        if _covers(periods[key], leave_date):
            return key
    spans = "; ".join(f"{DECREE_NAMES[d]} {_period_text(periods[d])}" for d in allowed)
    raise RuleInputError.one(
        "leave_date",
        f"Không có nghị định về “{CATEGORIES[category]}” áp dụng cho ngày nghỉ việc "
        f"{vn_date(leave_date)} ({spans}).",
    )


def _prefixed(exc: RuleInputError, prefix: str) -> RuleInputError:
    return RuleInputError([InputProblem(f"{prefix}{p.path}", p.message) for p in exc.problems])


def _retirement(raw: Mapping[str, Any], leave_date: dt.date) -> tuple[dt.date, dt.date, str, str]:
    """Birth date, statutory retirement date, annex and how the date was found."""
    sex = raw.get("sex")
    annex = raw.get("annex") or "I"
    payload = {
        "sex": clean_text(sex, "person.sex").upper() if isinstance(sex, str) else sex,
        "birth_date": raw.get("birth_date"),
        "annex": clean_text(annex, "person.annex").upper() if isinstance(annex, str) else annex,
        "as_of": leave_date.isoformat(),
    }
    try:
        parsed = retirement_date.parse(payload)
        computed = retirement_date.evaluate(parsed)
    except RuleInputError as exc:
        raise _prefixed(exc, "person.") from None
    given = raw.get("statutory_retirement_date")
    if given is not None:
        day = _required_date(given, "person.statutory_retirement_date")
        if day.day != 1:
            raise RuleInputError.one(
                "person.statutory_retirement_date",
                "Ngày nghỉ hưu theo quy định phải là ngày 01 của tháng (ngày bắt đầu hưởng lương "
                f"hưu, sau tháng đủ tuổi nghỉ hưu — {ND135}, Điều 3).",
            )
        basis = (
            f"Ngày hưởng lương hưu ở tuổi nghỉ hưu được nhập: {vn_date(day)} (tuổi theo "
            f"{ND135} cho ra {vn_date(computed.pension_from)})."
        )
        return parsed.birth_date, day, parsed.annex, basis
    basis = " ".join(c.text for c in computed.explanation)
    return parsed.birth_date, computed.pension_from, parsed.annex, basis


def _person(raw: Mapping[str, Any], leave_date: dt.date, leadership: Mapping[str, Any]) -> Person:
    refuse_unknown_keys(raw, PERSON_KEYS, "person.")
    birth, statutory, annex, basis = _retirement(raw, leave_date)
    employment = _text_choice(raw.get("employment"), "person.employment", EMPLOYMENTS)
    years = read_int(raw.get("insurance_years"), "person.insurance_years", minimum=0, maximum=60)
    months = read_int(
        raw.get("insurance_months", 0) or 0, "person.insurance_months", minimum=0, maximum=11
    )
    average_raw = raw.get("average_salary_60m_vnd")
    average = (
        None
        if average_raw is None
        else read_decimal(average_raw, "person.average_salary_60m_vnd", minimum=Decimal(1))
    )
    return Person(
        sex=str(raw.get("sex")).strip().upper(),
        birth_date=birth,
        employment=employment,
        annex=annex,
        statutory_retirement_date=statutory,
        retirement_given=raw.get("statutory_retirement_date") is not None,
        insurance_months=12 * years + months,
        salary=read_salary(raw, leave_date, leadership),
        average_salary_60m=average,
        retirement_basis=basis,
    )


def parse(payload: dict[str, Any]) -> Case:
    if not isinstance(payload, dict):
        raise RuleInputError.one("", "Dữ liệu vào phải là một đối tượng JSON.")
    refuse_unknown_keys(payload, TOP_KEYS)
    category = _text_choice(payload.get("category"), "category", CATEGORIES)
    policy = _text_choice(payload.get("policy"), "policy", POLICIES)
    given = _decree(payload.get("decree"))
    group_raw = payload.get("article_2_group")
    group = 1 if group_raw is None else read_int(group_raw, "article_2_group", minimum=1, maximum=4)
    leave_date = _required_date(payload.get("leave_date"), "leave_date")
    if leave_date.day != 1:
        raise RuleInputError.one(
            "leave_date",
            "Ngày nghỉ việc phải là ngày 01 của tháng — ngày đầu tiên không còn trong danh sách "
            "trả lương, ngày bắt đầu hưởng lương hưu hoặc trợ cấp; số tháng nghỉ sớm tính theo "
            f"tháng ({TT01}, khoản 3 Điều 3).",
        )
    overrides = settings_module.read_overrides(payload.get("settings"))
    decree = _choose_decree(category, given, leave_date, overrides)
    if group != 1 and decree != ND178:
        raise RuleInputError.one(
            "article_2_group",
            f"Nhóm đối tượng theo Điều 2 chỉ dùng cho {DECREE_NAMES[ND178]}.",
        )
    settings = settings_module.resolve(decree, overrides)
    reorg_raw = payload.get("reorganization_effective_date")
    reorg = (
        None if reorg_raw is None else _required_date(reorg_raw, "reorganization_effective_date")
    )
    if reorg is None and decree == ND178:
        raise RuleInputError.one(
            "reorganization_effective_date",
            "Thiếu ngày có hiệu lực của quyết định sắp xếp tổ chức bộ máy: mốc tính 12 tháng đầu "
            f"tiên ({TT01}, khoản 1 Điều 3).",
        )
    if reorg is not None and leave_date < reorg:
        raise RuleInputError.one(
            "leave_date",
            f"Ngày nghỉ việc {vn_date(leave_date)} trước ngày quyết định sắp xếp có hiệu lực "
            f"({vn_date(reorg)}): chính sách chỉ áp dụng từ khi có quyết định của cấp có thẩm "
            f"quyền ({TT01}, khoản 1 Điều 3).",
        )
    raw_person = payload.get("person")
    if raw_person is None:
        raise RuleInputError.one("person", "Thiếu thông tin người nghỉ việc.")
    person = _person(
        read_mapping(raw_person, "person"), leave_date, settings.leadership_allowance_table
    )
    _check_dates(person, leave_date, settings.min_working_age_years)
    return Case(
        category=category,
        decree=decree,
        decree_given=given is not None,
        policy=policy,
        article_2_group=group,
        person=person,
        reorganization_effective_date=reorg,
        leave_date=leave_date,
        settings=settings,
        setting_overrides=tuple(overrides),
    )


def _check_dates(person: Person, leave_date: dt.date, min_age: int) -> None:
    statutory = person.statutory_retirement_date
    if leave_date >= statutory:
        raise RuleInputError.one(
            "leave_date",
            f"Ngày nghỉ việc {vn_date(leave_date)} không trước ngày hưởng lương hưu ở tuổi nghỉ "
            f"hưu theo quy định ({vn_date(statutory)}): không phải nghỉ hưu trước tuổi hay thôi "
            f"việc ({ND135}; {TT01}, khoản 3 Điều 3).",
        )
    start = add_months(person.birth_date.replace(day=1), 12 * min_age)
    possible = max(0, month_diff(start, leave_date))
    if person.insurance_months > possible:
        have = person.insurance_months
        raise RuleInputError.one(
            "person.insurance_years",
            f"Thời gian đóng bảo hiểm xã hội {have // 12} năm {have % 12} tháng dài hơn thời gian "
            f"từ khi đủ {min_age} tuổi ({start:%m/%Y}) đến ngày nghỉ việc ({possible} tháng) "
            f"(độ tuổi lao động tối thiểu — khoản 1 Điều 3 {LABOUR_CODE}).",
        )


# ------------------------------------------------------------------------------------------------
# Evaluation


def evaluate(case: Case) -> Result:
    module = DECREE_MODULES[case.decree]
    computation = module.compute(case)
    total = sum(item.amount_vnd for item in computation.lines)
    decree_name = DECREE_NAMES[case.decree]
    how = (
        "được chỉ định trong dữ liệu vào"
        if case.decree_given
        else "chọn theo nhóm chính sách và ngày nghỉ việc"
    )
    m = case.months_early
    explanation: list[Citation] = [
        Citation(
            f"{CATEGORIES[case.category]} — {POLICIES[case.policy]}: áp dụng {decree_name} ({how}; "
            f"ngày nghỉ việc {vn_date(case.leave_date)}).",
            decree_name,
            "Điều 1",
        ),
        Citation(case.person.retirement_basis, ND135),
        Citation(
            f"Số tháng từ ngày nghỉ việc ({vn_date(case.leave_date)}) đến ngày hưởng lương hưu ở "
            f"tuổi nghỉ hưu theo quy định ({vn_date(case.person.statutory_retirement_date)}): {m}.",
            TT01,
            "Điều 3",
            "khoản 3",
        ),
    ]
    if case.person.salary is not None:
        explanation.append(
            Citation(f"Tiền lương tháng hiện hưởng: {case.person.salary.basis}.", TT01, "Điều 3")
        )
    if case.setting_overrides:
        explanation.append(
            Citation(
                "Thiết lập được thay đổi so với mặc định: "
                + ", ".join(sorted(case.setting_overrides))
                + "."
            )
        )
    explanation.extend(computation.explanation)
    explanation.append(
        Citation(
            "Tổng cộng: "
            + " + ".join(vnd(item.amount_vnd) for item in computation.lines)
            + f" = {vnd(total)} đồng (mỗi khoản làm tròn đến đồng)."
            if computation.lines
            else "Không có khoản trợ cấp."
        )
    )
    return Result(
        decree=case.decree,
        category=case.category,
        policy=case.policy,
        months_early=m,
        years_early=computation.years_early,
        insurance_years_counted=computation.insurance_years_counted,
        lines=computation.lines,
        total_vnd=total,
        settings=case.settings.as_dict(),
        explanation=tuple(explanation),
    )
