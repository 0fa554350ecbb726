"""Stable codes of the workforce (English snake_case) with Vietnamese labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    MALE = "M", _("Nam")
    FEMALE = "F", _("Nữ")


class EmploymentKind(models.TextChoices):
    CAN_BO = "can_bo", _("Cán bộ")
    CONG_CHUC = "cong_chuc", _("Công chức")
    VIEN_CHUC = "vien_chuc", _("Viên chức")
    HOP_DONG = "hop_dong", _("Hợp đồng lao động")


class Annex(models.TextChoices):
    """The ND 135/2020 annex of retirement ages that applies to the person."""

    I = "I", _("Phụ lục I (điều kiện lao động bình thường)")  # noqa: E741
    II = "II", _("Phụ lục II (suy giảm khả năng lao động, nặng nhọc, độc hại, vùng khó khăn)")


class Recruitment(models.TextChoices):
    EXAM = "exam", _("Thi tuyển")
    REVIEW = "review", _("Xét tuyển")
    TALENT = "talent", _("Thu hút, trọng dụng nhân tài")
    TRANSFER = "transfer", _("Tiếp nhận, điều động")


class HoldingReason(models.TextChoices):
    RECRUITMENT = "recruitment", _("Tuyển dụng, bổ nhiệm chức danh")
    LEVEL_CHANGE = "level_change", _("Thăng hạng / thay đổi bậc nghề nghiệp")
    CONVERSION = "conversion", _("Chuyển chức danh")


class AllowanceKind(models.TextChoices):
    LEADERSHIP = "leadership", _("Phụ cấp chức vụ lãnh đạo")
    SENIORITY_BEYOND = "seniority_beyond", _("Phụ cấp thâm niên vượt khung")
    PROFESSIONAL_SENIORITY = "professional_seniority", _("Phụ cấp thâm niên nghề")
    PREFERENCE = "preference", _("Phụ cấp ưu đãi nghề")
    RESPONSIBILITY = "responsibility", _("Phụ cấp trách nhiệm theo nghề")
    OTHER = "other", _("Phụ cấp khác")


class QualificationLevel(models.TextChoices):
    DOCTOR = "doctor", _("Tiến sĩ")
    MASTER = "master", _("Thạc sĩ")
    UNIVERSITY = "university", _("Đại học")
    COLLEGE = "college", _("Cao đẳng")
    INTERMEDIATE = "intermediate", _("Trung cấp")
    OTHER = "other", _("Khác")


class RatingPeriod(models.TextChoices):
    """ND 233/2026: quarterly, six-monthly and yearly ratings of viên chức."""

    QUARTER = "quarter", _("Quý")
    HALF = "half", _("6 tháng")
    YEAR = "year", _("Năm")


class Grade(models.TextChoices):
    EXCELLENT = "excellent", _("Hoàn thành xuất sắc nhiệm vụ")
    GOOD = "good", _("Hoàn thành tốt nhiệm vụ")
    DONE = "done", _("Hoàn thành nhiệm vụ")
    NOT_DONE = "not_done", _("Không hoàn thành nhiệm vụ")


class LeaderRole(models.TextChoices):
    HEAD = "head", _("Cấp trưởng")
    DEPUTY = "deputy", _("Cấp phó")
