"""Stable codes of job positions (English snake_case) with their Vietnamese labels.

ND 106/2020 (until 30/06/2026) sorts positions by nature into four kinds; ND 232/2026 (from
01/07/2026) into three groups. Both live in one ``PositionCategory`` with the regime each belongs to.
"""

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _

ND232_FIRST_DAY = dt.date(2026, 7, 1)
ND106_REPLACE_BY = dt.date(2027, 7, 1)


class Regime(models.TextChoices):
    ND106 = "nd106", _("Nghị định 106/2020/NĐ-CP")
    ND232 = "nd232", _("Nghị định 232/2026/NĐ-CP")


def regime_on(day: dt.date) -> str:
    return Regime.ND232 if day >= ND232_FIRST_DAY else Regime.ND106


class PositionCategory(models.TextChoices):
    # ND 106/2020 art 5 (by nature)
    LEADERSHIP = "leadership", _("Lãnh đạo, quản lý")
    SPECIALISED = "specialised", _("Chức danh nghề nghiệp chuyên ngành")
    SHARED = "shared", _("Chức danh nghề nghiệp chuyên môn dùng chung")
    SUPPORT_SERVICE = "support_service", _("Hỗ trợ, phục vụ")
    # ND 232/2026 (three groups)
    MANAGEMENT = "management", _("Quản lý")
    PROFESSIONAL = "professional", _("Chuyên môn, nghiệp vụ")
    SUPPORT = "support", _("Hỗ trợ")


CATEGORIES_OF = {
    Regime.ND106: (
        PositionCategory.LEADERSHIP,
        PositionCategory.SPECIALISED,
        PositionCategory.SHARED,
        PositionCategory.SUPPORT_SERVICE,
    ),
    Regime.ND232: (
        PositionCategory.MANAGEMENT,
        PositionCategory.PROFESSIONAL,
        PositionCategory.SUPPORT,
    ),
}
LEADERSHIP_CATEGORIES = (PositionCategory.LEADERSHIP, PositionCategory.MANAGEMENT)


class SalaryGroup(models.TextChoices):
    """Groups of ND 204/2004 Bảng 3, stored on each title-and-rank row (DOMAIN.md §5.3)."""

    B = "B", "B"
    A0 = "A0", "A0"
    A1 = "A1", "A1"
    A2_2 = "A2.2", "A2.2"
    A2_1 = "A2.1", "A2.1"
    A3_2 = "A3.2", "A3.2"
    A3_1 = "A3.1", "A3.1"


# ND 232/2026 art 18.2: career level by salary group — never by the rank number.
CAREER_LEVEL = {
    SalaryGroup.B: 1,
    SalaryGroup.A0: 2,
    SalaryGroup.A1: 3,
    SalaryGroup.A2_1: 4,
    SalaryGroup.A2_2: 4,
    SalaryGroup.A3_1: 5,
    SalaryGroup.A3_2: 5,
}


class DecisionStatus(models.TextChoices):
    IN_FORCE = "in_force", _("Đang áp dụng")
    TO_REVIEW = "to_review", _("Cần rà soát lại (sau sắp xếp)")
    REPLACED = "replaced", _("Đã được thay thế")
