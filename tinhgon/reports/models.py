"""The yearly document-number counter of each issuing body, and the reports generated."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tinhgon.core.approval import Approvable
from tinhgon.core.versioning import Versioned


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


class RoundStatus(models.TextChoices):
    COLLECTING = "collecting", _("Đang thu thập báo cáo")
    CONSOLIDATED = "consolidated", _("Đã tổng hợp, chờ ký duyệt")
    SIGNED = "signed", _("Lãnh đạo đã ký duyệt")
    SENT = "sent", _("Đã gửi")


class ReportRound(Versioned):
    """A collection round (đợt báo cáo): one kind and period, each agency's contribution
    (:class:`Submission`), the consolidated versions (:class:`ReportVersion`)."""

    kind = models.CharField(_("loại báo cáo"), max_length=40)
    period = models.CharField(_("kỳ báo cáo"), max_length=20)
    plan_id = models.PositiveIntegerField(_("kế hoạch"), null=True, blank=True)
    scope = models.ForeignKey(
        "organizations.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("cơ quan tổng hợp (UBND tỉnh): các cơ quan trực thuộc gửi báo cáo"),
    )
    deadline = models.DateField(_("hạn gửi"))
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=RoundStatus.choices, default=RoundStatus.COLLECTING
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("đợt báo cáo")
        verbose_name_plural = _("đợt báo cáo")
        ordering = ["-opened_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.period}"


class Submission(Approvable):
    """One agency's contribution to a round: its narrative parts and, once submitted, the frozen
    data object built from its own data (``snapshot``, JSON) with its SHA-256 ``checksum``."""

    round = models.ForeignKey(ReportRound, on_delete=models.PROTECT, related_name="submissions")
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="+"
    )
    results = models.TextField(_("kết quả nổi bật"), blank=True)
    problems = models.TextField(_("khó khăn, vướng mắc"), blank=True)
    proposals = models.TextField(_("đề xuất, kiến nghị"), blank=True)
    snapshot = models.JSONField(_("dữ liệu đã chốt"), null=True, blank=True)
    checksum = models.CharField(_("mã kiểm tra SHA-256"), max_length=64, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("báo cáo của cơ quan, đơn vị")
        verbose_name_plural = _("báo cáo của cơ quan, đơn vị")
        ordering = ["round_id", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "organization"], name="reports_submission_one_per_agency"
            )
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.organization_id}"


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Chờ lãnh đạo ký duyệt")
    SIGNED = "signed", _("Đã ký duyệt")
    SENT = "sent", _("Đã gửi")
    SUPERSEDED = "superseded", _("Đã thay bằng bản sau")


class ReportVersion(Versioned):
    """A consolidated version of a round's report. ``snapshot`` is the whole data object (JSON,
    images in base64) and ``checksum`` its SHA-256: rendering the snapshot again gives the same
    document. Signed off by a leader (number and date taken then, snapshot frozen), then marked
    sent, when the three files are stored with their own checksums. ``pdf`` is the sent file
    that a digital signature (issue 11) attaches to; ``services.version_pdf_bytes`` returns it."""

    round = models.ForeignKey(ReportRound, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField(_("lần tổng hợp"))
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    snapshot = models.JSONField(_("dữ liệu đã chốt"))
    checksum = models.CharField(_("mã kiểm tra SHA-256"), max_length=64)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField(null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    docx = models.FileField(upload_to="reports/sent/%Y/", blank=True)
    xlsx = models.FileField(upload_to="reports/sent/%Y/", blank=True)
    pdf = models.FileField(upload_to="reports/sent/%Y/", blank=True)
    file_checksums = models.JSONField(_("mã kiểm tra của các tệp"), default=dict, blank=True)

    class Meta:
        verbose_name = _("bản tổng hợp")
        verbose_name_plural = _("bản tổng hợp")
        ordering = ["round_id", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["round", "number"], name="reports_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.round} v{self.number}"
