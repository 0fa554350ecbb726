"""Stable codes with Vietnamese labels for the autonomy app (ND 60/2021)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from tinhgon.rules.autonomy_group import BAND_LABELS, GROUP_NAMES


class Band(models.TextChoices):
    """Group-3 bands of ND 60/2021 art 9 khoản 3 (codes as in ``rules.autonomy_group``)."""

    B70_100 = "70-100", _("Nhóm 3, mức từ 70% đến dưới 100%")
    B30_70 = "30-70", _("Nhóm 3, mức từ 30% đến dưới 70%")
    B10_30 = "10-30", _("Nhóm 3, mức từ 10% đến dưới 30%")


class DowngradeBasis(models.TextChoices):
    """ND 60/2021 art 35: a group-1/2 unit moves to group 3/4 only for these reasons."""

    NONE = "", _("— (không thuộc trường hợp ngoại lệ)")
    FORCE_MAJEURE = "force_majeure", _("Bất khả kháng")
    FUNCTION_CHANGE = (
        "function_change",
        _("Điều chỉnh chức năng, nhiệm vụ theo quyết định của cấp có thẩm quyền"),
    )


class ChangeOutcome(models.TextChoices):
    APPLIED = "applied", _("Đã ghi vào sổ đăng ký")
    UNCHANGED = "unchanged", _("Giữ nguyên nhóm")
    REFUSED = "refused", _("Bị từ chối")


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", _("Đề xuất, chờ xử lý")
    ACCEPTED = "accepted", _("Đã chấp nhận, ghi sổ biên chế")
    DECLINED = "declined", _("Không chấp nhận")


class PlanStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Đã trình")
    DECIDED = "decided", _("Đã có quyết định giao quyền tự chủ")


def group_name(group: int | None) -> str:
    """The group in full ("Nhóm 2 – tự bảo đảm chi thường xuyên"), or "Chưa xếp nhóm"."""
    return GROUP_NAMES.get(group, "Chưa xếp nhóm") if group else "Chưa xếp nhóm"


def band_label(band: str | None) -> str:
    return f"mức {BAND_LABELS[band]}" if band in BAND_LABELS else ""
