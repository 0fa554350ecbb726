"""Stable codes (English snake_case) with their Vietnamese labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DeadlineKind(models.TextChoices):
    RECURRING = "recurring", _("Thường xuyên, định kỳ")
    DATE = "date", _("Có thời hạn")
    PER_PROJECT = "per_project", _("Theo tiến độ của từng Đề án")
    CONDITIONAL = "conditional", _("Sau khi có điều kiện")
    NONE = "none", _("Không ghi thời hạn")


class Bucket(models.TextChoices):
    """The Government Office's four figures (DOMAIN.md §11b terminology)."""

    DONE_ON_TIME = "done_on_time", _("Đã hoàn thành đúng hạn")
    DONE_LATE = "done_late", _("Đã hoàn thành quá hạn")
    NOT_DUE = "not_due", _("Đang thực hiện trong hạn")
    OVERDUE = "overdue", _("Quá hạn chưa hoàn thành")


class AssignmentRole(models.TextChoices):
    LEAD = "lead", _("Chủ trì")
    COORDINATING = "coordinating", _("Phối hợp")


class PeriodKind(models.TextChoices):
    """Reporting periods of a plan: Decree 09/2019 windows (rule ``report_window``)."""

    MONTH = "month", _("Tháng")
    QUARTER = "quarter", _("Quý")
    HALF = "half", _("6 tháng")
    YEAR = "year", _("Năm")


class ProgressStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Chưa triển khai")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    COMPLETED = "completed", _("Đã hoàn thành")


class PlanSource(models.TextChoices):
    TEXT = "text", _("Đọc từ văn bản")
    EXCEL = "excel", _("Nhập từ bảng Excel")
    FOLLOWUP = "followup", _("Nhiệm vụ phát sinh sau sắp xếp")


class QueueStatus(models.TextChoices):
    OPEN = "open", _("Chờ giao lại")
    RESOLVED = "resolved", _("Đã giao lại")
    CLOSED = "closed", _("Không giao tiếp")
