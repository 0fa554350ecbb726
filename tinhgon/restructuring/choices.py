"""Stable codes of restructuring projects (English) with their Vietnamese labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProjectKind(models.TextChoices):
    EDUCATION_NETWORK = "education_network", _("Sắp xếp mạng lưới cơ sở giáo dục")
    HERITAGE = "heritage", _("Sắp xếp Ban quản lý di tích, điểm du lịch")
    VOCATIONAL = "vocational", _("Sắp xếp mạng lưới cơ sở giáo dục nghề nghiệp")
    SPECIAL_EDUCATION = "special_education", _("Cơ sở giáo dục chuyên biệt, giáo dục hòa nhập")
    TRANSFER = "transfer", _("Chuyển giao đơn vị")
    OTHER = "other", _("Đề án sắp xếp khác")


class ProjectStatus(models.TextChoices):
    DRAFT = "draft", _("Nháp")
    SUBMITTED = "submitted", _("Đã gửi thẩm định")
    APPRAISED = "appraised", _("Đã thẩm định")
    RETURNED = "returned", _("Bị trả lại")
    APPROVED = "approved", _("Đã phê duyệt")
    APPLIED = "applied", _("Đã thực hiện")
