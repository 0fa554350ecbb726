from django.db import models
from django.utils.translation import gettext_lazy as _


class Measure(models.TextChoices):
    UNITS_TOTAL = "units_total", _("Số đơn vị sự nghiệp công lập")
    BUDGET_STAFF_QUOTA = "budget_staff_quota", _("Biên chế sự nghiệp hưởng lương từ NSNN (giao)")
    AUTONOMOUS_SHARE = "autonomous_share", _("Tỷ lệ đơn vị tự chủ (nhóm 1, 2)")
    UNITS_PER_DEPARTMENT_MAX = "units_per_department_max", _("Số ĐVSNCL nhiều nhất của một sở")


class Comparison(models.TextChoices):
    CHANGE_PERCENT_MAX = "change_percent_max", _("Giảm tối thiểu (%) so với mốc")
    SHARE_PERCENT_MIN = "share_percent_min", _("Tỷ lệ tối thiểu (%)")
    COUNT_MAX = "count_max", _("Không vượt quá")


class Confidence(models.TextChoices):
    CONFIRMED = "CONFIRMED", _("Đã xác nhận")
    SECONDARY = "SECONDARY", _("Nguồn thứ cấp")
    REPORTED_NEW = "REPORTED-NEW", _("Mới, chưa đối chiếu")
    UNCONFIRMED = "UNCONFIRMED", _("Chưa xác nhận")


STATUS_LABELS = {
    "achieved": _("Đạt"),
    "missed": _("Không đạt"),
    "on_track": _("Đúng tiến độ"),
    "at_risk": _("Có nguy cơ không đạt"),
}
