"""The yearly document-number counter of each issuing body, and the reports generated."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentCounter(models.Model):
    """Decree 30/2020 art 15: one series per issuing body per calendar year, from 01 on 01/01."""

    body = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    last_number = models.PositiveIntegerField(_("số đã cấp gần nhất"), default=0)

    class Meta:
        verbose_name = _("sổ đăng ký số văn bản")
        verbose_name_plural = _("sổ đăng ký số văn bản")
        constraints = [
            models.UniqueConstraint(fields=["body", "year"], name="reports_counter_body_year")
        ]

    def __str__(self) -> str:
        return f"{self.body_id}/{self.year}: {self.last_number}"


class Format(models.TextChoices):
    DOCX = "docx", "Word (docx)"
    XLSX = "xlsx", "Excel (xlsx)"
    PDF = "pdf", "PDF"


class GeneratedReport(models.Model):
    """One generation of a report (kind, period, scope, format) run as a core background job."""

    kind = models.CharField(_("loại báo cáo"), max_length=40)
    period = models.CharField(_("kỳ báo cáo"), max_length=20)
    format = models.CharField(_("định dạng"), max_length=5, choices=Format.choices)
    scope = models.ForeignKey(
        "organizations.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    job = models.OneToOneField("core.Job", on_delete=models.PROTECT, related_name="+")
    file = models.FileField(_("tệp"), upload_to="reports/%Y/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("báo cáo đã tạo")
        verbose_name_plural = _("báo cáo đã tạo")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.period} ({self.format})"
