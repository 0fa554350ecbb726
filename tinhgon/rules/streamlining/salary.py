"""The base salary by date and the current monthly salary (tiền lương tháng hiện hưởng).

Base salary (lương cơ sở), a dated table (DOMAIN.md §6.0 and "Read this first"):

- 1,800,000 VND from 01/07/2023 — Nghị định 24/2023/NĐ-CP (decree number from background
  knowledge; amount in DOMAIN.md §6.0).
- 2,340,000 VND from 01/07/2024 — Nghị định 73/2024/NĐ-CP (DOMAIN.md §6.0 [SECONDARY]; its
  replacement is stated in ND 161/2026 art 6.2, read below).
- 2,530,000 VND from 01/07/2026 — Nghị định 161/2026/NĐ-CP art 3.2 and art 6, read in full in
  `diepxuan/diepxuan.github.io` `van-ban/lao-dong/161-2026-nd-cp-tang-luong-co-so.md`.

Current monthly salary, TT 01/2025/TT-BNV art 3.2.a (TVPL-DS:395e08ca318443c2.md, read):
salary coefficient × base salary + leadership-allowance coefficient × base salary + the money of
the salary-linked allowances, with "mức lương cơ sở … tại thời điểm tháng trước liền kề tháng nghỉ
việc". A contract salary is the amount in the contract (art 3.2.b). ND 29/2023 art 10.1 and ND
170/2025 art 58.2 use "tiền lương tháng liền kề trước khi thôi việc / tinh giản" the same way.

The input gives either ``current_salary_vnd`` (computed elsewhere, e.g. with percentage
allowances) or ``salary_coefficient`` with ``allowance_coefficients`` (each × the base salary) and
optionally ``base_salary_vnd`` (default: this table for the month before ``leave_date``). The
leadership-allowance table amended by ND 07/2026 was not found in the project's sources, so its
coefficients are the setting ``leadership_allowance_table`` (empty by default): a person's
``leadership_position`` is looked up there, and an unknown position is refused, never guessed.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from tinhgon.rules.base import RuleInputError
from tinhgon.rules.streamlining.common import TT01, Salary, add_months, num, vn_date, vnd
from tinhgon.rules.versions import Version, in_force

BASE_SALARY: tuple[Version[Decimal], ...] = (
    Version(
        "nd24_2023",
        "Nghị định 24/2023/NĐ-CP",
        dt.date(2023, 7, 1),
        dt.date(2024, 6, 30),
        Decimal(1_800_000),
        verified=False,
    ),
    Version(
        "nd73_2024",
        "Nghị định 73/2024/NĐ-CP",
        dt.date(2024, 7, 1),
        dt.date(2026, 6, 30),
        Decimal(2_340_000),
        verified=False,
    ),
    Version(
        "nd161_2026", "Nghị định 161/2026/NĐ-CP", dt.date(2026, 7, 1), None, Decimal(2_530_000)
    ),
)

SALARY_KEYS = ("current_salary_vnd", "salary_coefficient", "allowance_coefficients")


def base_salary_before(leave_date: dt.date) -> Version[Decimal]:
    """The base salary in force in the month before the month of ``leave_date``."""
    month_before = add_months(leave_date.replace(day=1), -1)
    version = in_force(BASE_SALARY, month_before)
    if version is None:
        raise RuleInputError.one(
            "leave_date",
            f"Không có mức lương cơ sở trong bảng cho tháng {month_before:%m/%Y} (bảng bắt đầu từ "
            f"01/07/2023); nhập person.current_salary_vnd hoặc person.base_salary_vnd ({TT01}, "
            "Điều 3 khoản 2).",
        )
    return version


def read_decimal(value: Any, path: str, *, minimum: Decimal = Decimal(0)) -> Decimal:
    """A non-negative number given as a JSON number or a numeric string (no floats kept)."""
    if isinstance(value, bool) or value is None:
        raise RuleInputError.one(path, "Phải là một số.")
    if isinstance(value, str):
        value = unicodedata.normalize("NFC", value).strip().replace(" ", "")
    try:
        number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise RuleInputError.one(path, f"“{value}” không phải là một số.") from None
    if not number.is_finite() or number < minimum:
        raise RuleInputError.one(path, f"Phải là một số lớn hơn hoặc bằng {num(minimum)}.")
    return number


def read_salary(
    person: Mapping[str, Any], leave_date: dt.date, leadership_table: Mapping[str, Decimal]
) -> Salary | None:
    """The current monthly salary from the person's fields, or ``None`` when none is given."""
    given = person.get("current_salary_vnd")
    has_coefficients = person.get("salary_coefficient") is not None
    if given is not None and (has_coefficients or person.get("base_salary_vnd") is not None):
        raise RuleInputError.one(
            "person.current_salary_vnd",
            "Chỉ nhập một trong hai: tiền lương tháng hiện hưởng, hoặc hệ số lương cùng các hệ số "
            f"phụ cấp ({TT01}, Điều 3 khoản 2).",
        )
    if given is not None:
        amount = read_decimal(given, "person.current_salary_vnd", minimum=Decimal(1))
        return Salary(amount, f"tiền lương tháng hiện hưởng được nhập: {vnd(amount)} đồng")
    if not has_coefficients:
        if person.get("allowance_coefficients") or person.get("leadership_position"):
            raise RuleInputError.one(
                "person.salary_coefficient",
                f"Thiếu hệ số lương theo ngạch, bậc, chức danh ({TT01}, Điều 3 khoản 2 điểm a).",
            )
        return None
    coefficient = read_decimal(person["salary_coefficient"], "person.salary_coefficient")
    allowances = _allowances(person, leadership_table)
    base_raw = person.get("base_salary_vnd")
    if base_raw is not None:
        base = read_decimal(base_raw, "person.base_salary_vnd", minimum=Decimal(1))
        base_text = f"mức lương cơ sở được nhập {vnd(base)} đồng"
    else:
        version = base_salary_before(leave_date)
        base = version.data
        month_before = add_months(leave_date, -1)
        base_text = (
            f"mức lương cơ sở {vnd(base)} đồng ({version.decree}, {version.period}) của tháng "
            f"{month_before:%m/%Y}, tháng trước liền kề tháng nghỉ việc ({vn_date(leave_date)})"
        )
    total = coefficient + sum(allowances.values(), Decimal(0))
    parts = [f"hệ số lương {num(coefficient)}"]
    parts += [f"{name} {num(value)}" for name, value in allowances.items()]
    amount = total * base
    basis = f"({' + '.join(parts)}) × {base_text} = {vnd(amount)} đồng"
    return Salary(amount, basis, base)


def _allowances(
    person: Mapping[str, Any], leadership_table: Mapping[str, Decimal]
) -> dict[str, Decimal]:
    raw = person.get("allowance_coefficients")
    allowances: dict[str, Decimal] = {}
    if raw is not None:
        if not isinstance(raw, dict):
            raise RuleInputError.one(
                "person.allowance_coefficients",
                "Phải là một đối tượng JSON: tên phụ cấp → hệ số.",
            )
        for key, value in raw.items():
            name = " ".join(unicodedata.normalize("NFC", str(key)).split())
            if not name:
                raise RuleInputError.one("person.allowance_coefficients", "Tên phụ cấp bị trống.")
            path = f"person.allowance_coefficients.{name}"
            allowances[name] = allowances.get(name, Decimal(0)) + read_decimal(value, path)
    position = person.get("leadership_position")
    if position is not None:
        code = " ".join(unicodedata.normalize("NFC", str(position)).split())
        if code not in leadership_table:
            raise RuleInputError.one(
                "person.leadership_position",
                f"Chức vụ “{code}” không có trong bảng hệ số phụ cấp chức vụ lãnh đạo "
                "(settings.leadership_allowance_table; bảng sửa đổi theo Nghị định 07/2026/NĐ-CP "
                "chưa được xác nhận). Nhập hệ số vào person.allowance_coefficients "
                f"({TT01}, Điều 3 khoản 2 điểm a).",
            )
        allowances[f"phụ cấp chức vụ ({code})"] = leadership_table[code]
    return allowances
