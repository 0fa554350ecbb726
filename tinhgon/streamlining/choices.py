"""Stable codes of the streamlining app (English snake_case) with Vietnamese labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    """The three legal categories, counted separately by the Ministry (DOMAIN.md §6)."""

    TINH_GIAN = "tinh_gian", _("Tinh giản biên chế")
    SAP_XEP = "sap_xep", _("Nghỉ việc do sắp xếp tổ chức bộ máy")
    THOI_VIEC_NGUYEN_VONG = "thoi_viec_nguyen_vong", _("Công chức tự nguyện xin thôi việc")


class Policy(models.TextChoices):
    EARLY_RETIREMENT = "early_retirement", _("Nghỉ hưu trước tuổi")
    RESIGNATION = "resignation", _("Nghỉ thôi việc")


class CaseStatus(models.TextChoices):
    """The core approval states, then ``paid`` (DOMAIN.md §11b: "Đã chi trả")."""

    DRAFT = "draft", _("Nháp")
    SUBMITTED = "submitted", _("Đã gửi")
    APPROVED = "approved", _("Đã phê duyệt")
    RETURNED = "returned", _("Bị trả lại")
    PAID = "paid", _("Đã chi trả")


class ApprovingLevel(models.TextChoices):
    """Who decides, under the province's decentralisation of cadre management (DOMAIN.md §11b)."""

    PROVINCE = "province", _("Chủ tịch UBND tỉnh (qua Sở Nội vụ)")
    AGENCY = "agency", _("Người đứng đầu cơ quan được phân cấp quản lý")


class FundingSource(models.TextChoices):
    """ND 29/2023 art 11 (DOMAIN.md §6.1, §11b): units of autonomy groups 1 and 2 pay from their
    own revenue; everybody else from the state budget."""

    STATE_BUDGET = "state_budget", _("Ngân sách nhà nước")
    UNIT_REVENUE = "unit_revenue", _("Nguồn thu sự nghiệp của đơn vị (nhóm 1, 2)")


# The rule's line codes in the order of the list sent upward, with the column headers.
LINE_COLUMNS: dict[str, str] = {
    "lump_sum_months_early": "Trợ cấp cho số tháng nghỉ sớm",
    "per_year_early": "Trợ cấp theo số năm nghỉ sớm",
    "service_time": "Trợ cấp theo thời gian công tác",
    "severance": "Trợ cấp thôi việc",
    "per_insurance_year": "Trợ cấp theo số năm đóng BHXH",
    "job_search": "Trợ cấp tìm việc làm",
    "short_service": "Trợ cấp (thời gian công tác dưới 1 năm)",
}
