"""The national targets the province is measured against, as data with their sources.

Each row: code, description, legal source and confidence (DOMAIN.md tags), measured quantity,
baseline date (and value where the source gives one), target, deadline, exclusions. Sources: DOMAIN.md
§2.1 (NQ 19-NQ/TW, via NQ 08/NQ-CP), §2.3 (KL 40-KL/TW), §2.4 and §11b (CV 31/CV-BCĐTKNQ18, KH 130/KH-BCĐTKNQ18,
CV 10989/BNV-TCBC). "Autonomous" means groups 1 and 2 (§11b); the staff targets are measured on the
assigned quota (biên chế giao), not actual headcount (§11b). The seeding command loads these rows into
the ``indicators`` app, where the province adds its own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class TargetSpec:
    code: str
    description: str
    source: str
    confidence: str  # CONFIRMED | SECONDARY | REPORTED-NEW | UNCONFIRMED (DOMAIN.md)
    measure: str  # units_total | budget_staff_quota | autonomous_share | units_per_department_max
    comparison: str  # change_percent_max | share_percent_min | count_max
    target_value: Decimal
    baseline_date: dt.date | None
    deadline: dt.date
    excluded_sectors: tuple[str, ...] = ()
    baseline_value: int | None = None


NATIONAL_TARGETS: tuple[TargetSpec, ...] = (
    TargetSpec(
        "nq19_units_2021",
        "Giảm tối thiểu 10% số đơn vị sự nghiệp công lập so với năm 2015",
        "Nghị quyết 19-NQ/TW (25/10/2017); Nghị quyết 08/NQ-CP",
        "CONFIRMED",
        "units_total",
        "change_percent_max",
        Decimal("-10"),
        dt.date(2015, 12, 31),
        dt.date(2021, 12, 31),
    ),
    TargetSpec(
        "nq19_units_2025",
        "Tiếp tục giảm tối thiểu 10% số đơn vị sự nghiệp công lập so với năm 2021",
        "Nghị quyết 19-NQ/TW; Nghị quyết 08/NQ-CP",
        "SECONDARY",
        "units_total",
        "change_percent_max",
        Decimal("-10"),
        dt.date(2021, 12, 31),
        dt.date(2025, 12, 31),
    ),
    TargetSpec(
        "nq19_staff_2021",
        "Giảm tối thiểu 10% biên chế sự nghiệp hưởng lương từ ngân sách nhà nước so với năm 2015",
        "Nghị quyết 19-NQ/TW; Nghị quyết 08/NQ-CP",
        "CONFIRMED",
        "budget_staff_quota",
        "change_percent_max",
        Decimal("-10"),
        dt.date(2015, 12, 31),
        dt.date(2021, 12, 31),
    ),
    TargetSpec(
        "nq19_staff_2025",
        "Tiếp tục giảm tối thiểu 10% biên chế sự nghiệp hưởng lương từ ngân sách nhà nước so với năm 2021",
        "Nghị quyết 19-NQ/TW; Nghị quyết 08/NQ-CP",
        "SECONDARY",
        "budget_staff_quota",
        "change_percent_max",
        Decimal("-10"),
        dt.date(2021, 12, 31),
        dt.date(2025, 12, 31),
    ),
    TargetSpec(
        "nq19_autonomy_2025",
        "Tối thiểu 20% đơn vị sự nghiệp công lập tự chủ tài chính (nhóm 1 và nhóm 2)",
        "Nghị quyết 19-NQ/TW (en.vietnamplus.vn)",
        "SECONDARY",
        "autonomous_share",
        "share_percent_min",
        Decimal("20"),
        None,
        dt.date(2025, 12, 31),
    ),
    TargetSpec(
        "kl40_staff_2026",
        "Giảm tối thiểu 10% biên chế viên chức hưởng lương từ ngân sách giai đoạn 2022–2026 so với biên chế giao năm 2021",
        "Kết luận 40-KL/TW (18/7/2022); Quy định 70-QĐ/TW",
        "SECONDARY",
        "budget_staff_quota",
        "change_percent_max",
        Decimal("-10"),
        dt.date(2021, 12, 31),
        dt.date(2026, 12, 31),
    ),
    TargetSpec(
        "cv31_staff_2025",
        "Cắt giảm tối thiểu 20% biên chế hưởng lương từ ngân sách trong quá trình sắp xếp "
        "(không tính viên chức giáo dục, y tế)",
        "Công văn 31/CV-BCĐTKNQ18 (04/01/2025); Công văn 2034/BNV-TCBC",
        "SECONDARY",
        "budget_staff_quota",
        "change_percent_max",
        Decimal("-20"),
        dt.date(2024, 12, 31),
        dt.date(2025, 12, 31),
        ("education", "health"),
    ),
    TargetSpec(
        "kh130_units_per_department_2025",
        "Mỗi sở (trừ Sở Giáo dục và Đào tạo, Sở Y tế) chỉ giữ tối đa 1 đơn vị sự nghiệp công lập",
        "Kế hoạch 130/KH-BCĐTKNQ18 (21/9/2025)",
        "SECONDARY",
        "units_per_department_max",
        "count_max",
        Decimal("1"),
        None,
        dt.date(2025, 10, 31),
        ("education", "health"),
    ),
    TargetSpec(
        "quota_2026_2031",
        "Biên chế viên chức 2026–2031 giảm tối thiểu 10% so với biên chế giao đến hết năm 2026 "
        "(giữ ổn định giáo dục, y tế của địa phương)",
        "Công văn 10989/BNV-TCBC (phụ lục)",
        "SECONDARY",
        "budget_staff_quota",
        "change_percent_max",
        Decimal("-10"),
        dt.date(2026, 12, 31),
        dt.date(2031, 12, 31),
        ("education", "health"),
    ),
)
