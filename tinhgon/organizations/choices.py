"""Stable codes (English snake_case) with their Vietnamese labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    # Administrative bodies (named with their type: "UBND huyện Lộc Hà").
    PROVINCIAL_COMMITTEE = "provincial_committee", _("UBND cấp tỉnh")
    DEPARTMENT = "department", _("Sở và tương đương")
    SUB_DEPARTMENT = "sub_department", _("Chi cục và tương đương")
    OTHER_ADMIN = "other_admin", _("Tổ chức hành chính khác")
    DISTRICT_COMMITTEE = "district_committee", _("UBND cấp huyện")
    COMMUNE_COMMITTEE = "commune_committee", _("UBND cấp xã")
    INTERNAL_DIVISION = "internal_division", _("Phòng và tương đương thuộc đơn vị")
    # Public service units (đơn vị sự nghiệp công lập).
    SCHOOL = "school", _("Trường học")
    HOSPITAL = "hospital", _("Bệnh viện")
    HEALTH_CENTER = "health_center", _("Trung tâm y tế")
    CENTER = "center", _("Trung tâm")
    MANAGEMENT_BOARD = "management_board", _("Ban quản lý")
    INSTITUTE = "institute", _("Viện, trạm, trại")
    OTHER_UNIT = "other_unit", _("Đơn vị sự nghiệp khác")


PUBLIC_SERVICE_UNIT_KINDS = frozenset(
    {
        Kind.SCHOOL,
        Kind.HOSPITAL,
        Kind.HEALTH_CENTER,
        Kind.CENTER,
        Kind.MANAGEMENT_BOARD,
        Kind.INSTITUTE,
        Kind.OTHER_UNIT,
    }
)
ADMINISTRATIVE_KINDS = frozenset(set(Kind) - PUBLIC_SERVICE_UNIT_KINDS - {Kind.INTERNAL_DIVISION})


class Sector(models.TextChoices):
    STATE_MANAGEMENT = "state_management", _("Quản lý nhà nước")
    EDUCATION = "education", _("Giáo dục và đào tạo")
    VOCATIONAL = "vocational", _("Giáo dục nghề nghiệp")
    HEALTH = "health", _("Y tế")
    CULTURE_SPORT_TOURISM = "culture_sport_tourism", _("Văn hóa, thể thao và du lịch")
    AGRICULTURE_ENVIRONMENT = "agriculture_environment", _("Nông nghiệp và môi trường")
    SCIENCE_TECHNOLOGY = "science_technology", _("Khoa học, công nghệ và thông tin")
    LABOUR_SOCIAL = "labour_social", _("Lao động, người có công và xã hội")
    CONSTRUCTION_TRANSPORT = "construction_transport", _("Xây dựng và giao thông")
    JUSTICE = "justice", _("Tư pháp")
    ECONOMIC_OTHER = "economic_other", _("Sự nghiệp kinh tế và khác")


class Level(models.TextChoices):
    PROVINCE = "province", _("Cấp tỉnh")
    DISTRICT = "district", _("Cấp huyện")
    COMMUNE = "commune", _("Cấp xã")


class Category(models.TextChoices):
    """A finer type used by later rules (schools' levels, hospitals, CDC) and by the demo."""

    NONE = "", _("—")
    PRESCHOOL = "preschool", _("Mầm non")
    PRIMARY = "primary", _("Tiểu học")
    LOWER_SECONDARY = "lower_secondary", _("Trung học cơ sở")
    UPPER_SECONDARY = "upper_secondary", _("Trung học phổ thông")
    MULTI_LEVEL_SCHOOL = "multi_level_school", _("Trường nhiều cấp học")
    CONTINUING_EDUCATION = "continuing_education", _("Giáo dục nghề nghiệp - giáo dục thường xuyên")
    COLLEGE = "college", _("Trường cao đẳng")
    SPECIAL_SCHOOL = "special_school", _("Giáo dục chuyên biệt, hòa nhập")
    GENERAL_HOSPITAL = "general_hospital", _("Bệnh viện đa khoa")
    SPECIALIST_HOSPITAL = "specialist_hospital", _("Bệnh viện chuyên khoa")
    CDC = "cdc", _("Trung tâm Kiểm soát bệnh tật")
    DISTRICT_HEALTH = "district_health", _("Trung tâm y tế khu vực")
    RELIC_BOARD = "relic_board", _("Ban quản lý di tích")
    CULTURE_CENTER = "culture_center", _("Trung tâm văn hóa, thể thao")
    AGRICULTURE_CENTER = "agriculture_center", _("Trung tâm dịch vụ nông nghiệp")
    PROJECT_BOARD = "project_board", _("Ban quản lý dự án")
    OTHER = "other", _("Khác")


class AutonomyGroup(models.IntegerChoices):
    """Decree 60/2021 art 9 groups, named in full."""

    G1 = 1, _("Nhóm 1 – tự bảo đảm chi thường xuyên và chi đầu tư")
    G2 = 2, _("Nhóm 2 – tự bảo đảm chi thường xuyên")
    G3 = 3, _("Nhóm 3 – tự bảo đảm một phần chi thường xuyên")
    G4 = 4, _("Nhóm 4 – Nhà nước bảo đảm chi thường xuyên")


class EventKind(models.TextChoices):
    ESTABLISH = "establish", _("Thành lập")
    RENAME = "rename", _("Đổi tên")
    MERGE = "merge", _("Hợp nhất")
    ABSORB = "absorb", _("Sáp nhập")
    SPLIT = "split", _("Chia")
    SEPARATE = "separate", _("Tách")
    TRANSFER = "transfer", _("Chuyển giao")
    CHANGE_AUTONOMY_GROUP = "change_autonomy_group", _("Thay đổi nhóm tự chủ")
    CONVERT_JSC = "convert_jsc", _("Chuyển thành công ty cổ phần")
    DISSOLVE = "dissolve", _("Giải thể")


class LinkRole(models.TextChoices):
    PREDECESSOR = "predecessor", _("Đơn vị trước")
    SUCCESSOR = "successor", _("Đơn vị sau")
