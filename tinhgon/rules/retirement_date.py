"""Statutory retirement month and first pension month (Labour Code 2019 art 169, ND 135/2020).

Decree 135/2020/NĐ-CP (in force 01/01/2021), Annex I (normal conditions) and Annex II (lowest age:
reduced working capacity, heavy/hazardous work, hardship areas). DOMAIN.md §6.0 [CONFIRMED] gives the
algorithm, checked there against all 252 cells of both annex tables::

    req(sex, Y, annex) = months of age required in calendar year Y
      annex I : male   = min(720 + 3 (Y − 2020), 744)   60y3m in 2021 … 62y from 2028
                female = min(660 + 4 (Y − 2020), 720)   55y4m in 2021 … 60y from 2035
      annex II: male   = min(660 + 3 (Y − 2020), 684)   five years lower
                female = min(600 + 4 (Y − 2020), 660)
    find the first Y with birth month + req(Y) inside year Y; that is the retirement month.

The retirement moment is the end of the last day of the month in which the age is reached; pension
starts on the 1st of the next month (DOMAIN.md §6.0).

Before 2021 (the roadmap starts in 2021): under the Labour Code 2012 art 187 the ages were flat —
60 for men and 55 for women, five years lower for the Annex II cases. Those are exactly req(Y) at
Y = 2020, so for every Y ≤ 2020 the required age is the 2020 value: a person who reached the old age
before 01/01/2021 retired at the old age (e.g. a man born 06/1960 in 06/2020). ``as_of`` selects the
law: for a date before 01/01/2021 the roadmap was not yet in force and the flat ages of the 2012
Code apply to everybody (a case decided then keeps that answer). The flat pre-2021 ages and the
roadmap numbers are kept as named tables (``OLD_AGES``, ``ROADMAP``) rather than bare constants.

A birth date known only by its year ("1970") is read as 01/01 of that year, and one known by year and
month ("1970-03") as the 1st of that month (the rule of ND 135/2020 for records without a day and
month — ND 135/2020 art 3, from background knowledge: the article numbers of ND 135 cited here,
art 3 (retirement moment), art 4 (Annex I ages), art 5 (Annex II ages), were not read in the
project's sources). ``override_age`` replaces the
statutory age for people to whom another law gives a different age (e.g. later retirement under
Labour Code art 169.4, or special sector laws); the explanation says the statutory age was not used.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from tinhgon.rules.base import Citation, RuleInputError, parse_date
from tinhgon.rules.versions import Version, in_force, read_choice, read_int, read_mapping

NAME = "retirement_date"
SUMMARY = (
    "Tháng nghỉ hưu và ngày hưởng lương hưu theo lộ trình tuổi nghỉ hưu "
    "(Nghị định 135/2020/NĐ-CP, Phụ lục I và II)."
)

ND135 = "Nghị định 135/2020/NĐ-CP"
BLLD2012 = "Bộ luật Lao động 2012"
BLLD2019 = "Bộ luật Lao động 2019"


@dataclass(frozen=True)
class Step:
    """Age in months in 2020 (the last year of the old ages), monthly rise per year, final age."""

    start: int
    step: int
    final: int


# (annex, sex) → roadmap of ND 135/2020 Annex I / II.
ROADMAP: dict[tuple[str, str], Step] = {
    ("I", "M"): Step(720, 3, 744),
    ("I", "F"): Step(660, 4, 720),
    ("II", "M"): Step(660, 3, 684),
    ("II", "F"): Step(600, 4, 660),
}
# (annex, sex) → flat age in months before 2021 (Labour Code 2012 art 187).
OLD_AGES: dict[tuple[str, str], int] = {key: step.start for key, step in ROADMAP.items()}
ROADMAP_BASE_YEAR = 2020

VERSIONS: tuple[Version[str], ...] = (
    Version("blld_2012", BLLD2012, dt.date(2013, 5, 1), dt.date(2020, 12, 31), "flat"),
    Version("nd135_2020", f"{BLLD2019}; {ND135}", dt.date(2021, 1, 1), None, "roadmap"),
)

SEX_NAMES = {"M": "nam", "F": "nữ"}
ANNEX_NAMES = {
    "I": "Phụ lục I (điều kiện lao động bình thường)",
    "II": "Phụ lục II (tuổi thấp nhất)",
}

INPUT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["sex", "birth_date"],
    "properties": {
        "sex": {"type": "string", "enum": ["M", "F"], "title": "Giới tính (M: nam, F: nữ)"},
        "birth_date": {
            "type": "string",
            "title": "Ngày sinh (YYYY-MM-DD; chỉ có năm: YYYY; chỉ có năm, tháng: YYYY-MM)",
            "examples": ["1970-03-15", "1970"],
        },
        "annex": {"type": "string", "enum": ["I", "II"], "default": "I", "title": "Phụ lục"},
        "as_of": {"type": "string", "format": "date", "title": "Ngày áp dụng"},
        "override_age": {
            "type": "object",
            "title": "Tuổi nghỉ hưu khác theo luật riêng",
            "properties": {
                "years": {"type": "integer", "minimum": 40, "maximum": 80},
                "months": {"type": "integer", "minimum": 0, "maximum": 11},
            },
        },
    },
}


@dataclass(frozen=True)
class Age:
    years: int
    months: int

    @property
    def total_months(self) -> int:
        return 12 * self.years + self.months

    def __str__(self) -> str:
        return f"{self.years} tuổi" + (f" {self.months} tháng" if self.months else "")


@dataclass(frozen=True)
class Input:
    sex: str
    birth_date: dt.date
    annex: str
    as_of: dt.date
    override_age: Age | None = None


@dataclass(frozen=True)
class Result:
    age: Age
    retirement_month: str
    pension_from: dt.date
    version: str
    explanation: list[Citation]


_YEAR = re.compile(r"^\s*(\d{4})\s*$")
_YEAR_MONTH = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")


def _birth_date(value: Any) -> dt.date:
    path = "birth_date"
    if isinstance(value, str):
        if m := _YEAR.match(value):
            return _checked(int(m[1]), 1)
        if m := _YEAR_MONTH.match(value):
            return _checked(int(m[1]), int(m[2]))
    if value is None:
        raise RuleInputError.one(path, "Thiếu ngày sinh.")
    date = parse_date(value, path)
    return _checked(date.year, date.month, date.day)


def _checked(year: int, month: int, day: int = 1) -> dt.date:
    if not 1 <= month <= 12:
        raise RuleInputError.one("birth_date", f"Tháng sinh {month} không hợp lệ.")
    if not 1920 <= year <= 2020:
        raise RuleInputError.one("birth_date", f"Năm sinh {year} nằm ngoài khoảng 1920–2020.")
    return dt.date(year, month, day)


def parse(payload: dict[str, Any]) -> Input:
    if not isinstance(payload, dict):
        raise RuleInputError.one("", "Dữ liệu vào phải là một đối tượng JSON.")
    sex_raw = payload.get("sex")
    sex = read_choice(sex_raw.upper() if isinstance(sex_raw, str) else sex_raw, "sex", ["M", "F"])
    birth = _birth_date(payload.get("birth_date"))
    annex_raw = payload.get("annex") or "I"
    annex = read_choice(
        annex_raw.upper() if isinstance(annex_raw, str) else annex_raw, "annex", ["I", "II"]
    )
    as_of = parse_date(payload.get("as_of"), "as_of")
    if as_of < VERSIONS[0].start:
        raise RuleInputError.one("as_of", "Chỉ tính cho ngày từ 01/5/2013 (Bộ luật Lao động 2012).")
    override = None
    raw = payload.get("override_age")
    if raw is not None:
        table = read_mapping(raw, "override_age")
        years = read_int(table.get("years"), "override_age.years", minimum=40, maximum=80)
        months = read_int(table.get("months", 0), "override_age.months", minimum=0, maximum=11)
        override = Age(years, months)
    return Input(sex=sex, birth_date=birth, annex=annex, as_of=as_of, override_age=override)


def required_months(sex: str, year: int, annex: str) -> int:
    """Age in months required of people reaching retirement in calendar ``year`` (ND 135/2020)."""
    step = ROADMAP[(annex, sex)]
    rise = step.step * max(0, year - ROADMAP_BASE_YEAR)
    return min(step.start + rise, step.final)


def _add_months(index: int) -> tuple[int, int]:
    return index // 12, index % 12 + 1


def evaluate(inp: Input) -> Result:
    version = in_force(VERSIONS, inp.as_of)
    if version is None:  # pragma: no cover - parse refuses earlier dates
        raise RuleInputError.one("as_of", "Không có phiên bản quy định áp dụng cho ngày này.")
    birth_index = 12 * inp.birth_date.year + inp.birth_date.month - 1
    who = f"{SEX_NAMES[inp.sex]}, sinh tháng {inp.birth_date.month:02d}/{inp.birth_date.year}"
    lines = [
        Citation(
            f"Áp dụng {version.decree} (hiệu lực {version.period}) cho ngày "
            f"{inp.as_of.strftime('%d/%m/%Y')}; {who}; {ANNEX_NAMES[inp.annex]}.",
            version.decree,
            "Điều 187" if version.data == "flat" else "Điều 169",
        )
    ]
    if inp.override_age is not None:
        age = inp.override_age
        lines.append(
            Citation(
                f"Dùng tuổi nghỉ hưu được nhập ({age}) thay cho tuổi theo lộ trình; cần căn cứ "
                "pháp luật riêng cho trường hợp này.",
                BLLD2019,
                "Điều 169",
                "khoản 4",
            )
        )
    elif version.data == "flat":
        age = Age(*divmod(OLD_AGES[(inp.annex, inp.sex)], 12))
        lines.append(
            Citation(
                f"Trước 01/01/2021 tuổi nghỉ hưu là {age} (không có lộ trình tăng).",
                BLLD2012,
                "Điều 187",
            )
        )
    else:
        age = _roadmap_age(inp, birth_index, lines)
    year, month = _add_months(birth_index + age.total_months)
    next_year, next_month = _add_months(birth_index + age.total_months + 1)
    pension_from = dt.date(next_year, next_month, 1)
    lines.append(
        Citation(
            f"Đủ {age} vào tháng {month:02d}/{year}: nghỉ hưu khi hết ngày cuối cùng của tháng đó; "
            f"hưởng lương hưu từ {pension_from.strftime('%d/%m/%Y')}.",
            ND135,
            "Điều 3",
        )
    )
    return Result(
        age=age,
        retirement_month=f"{year:04d}-{month:02d}",
        pension_from=pension_from,
        version=version.key,
        explanation=lines,
    )


def _roadmap_age(inp: Input, birth_index: int, lines: list[Citation]) -> Age:
    annex_article = "Điều 4" if inp.annex == "I" else "Điều 5"
    first_year = inp.birth_date.year + ROADMAP[(inp.annex, inp.sex)].start // 12 - 1
    for year in range(first_year, inp.birth_date.year + 80):
        required = required_months(inp.sex, year, inp.annex)
        if (birth_index + required) // 12 == year:
            age = Age(*divmod(required, 12))
            if year <= ROADMAP_BASE_YEAR:
                lines.append(
                    Citation(
                        f"Đủ tuổi nghỉ hưu cũ ({age}) trong năm {year}, trước khi lộ trình bắt đầu "
                        "(01/01/2021): áp dụng tuổi nghỉ hưu cũ.",
                        BLLD2012,
                        "Điều 187",
                    )
                )
            else:
                lines.append(
                    Citation(
                        f"Tuổi nghỉ hưu năm {year} ({SEX_NAMES[inp.sex]}, Phụ lục {inp.annex}): "
                        f"{age}.",
                        ND135,
                        f"{annex_article}; Phụ lục {inp.annex}",
                    )
                )
            return age
    raise RuleInputError.one("birth_date", "Không xác định được năm nghỉ hưu.")  # pragma: no cover
