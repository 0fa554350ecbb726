"""Financial autonomy of public service units (ND 60/2021/NĐ-CP).

* :class:`AutonomyFigures` — a unit's yearly figures (revenue by source, recurrent spending,
  investment self-financing against depreciation, budget support), the rule's inputs and result
  (ratio, group, band) stored as computed, through the core approval flow. An approved record is the
  basis of the registry's dated group (``restructuring.services.autonomy_group_apply``).
* :class:`AutonomyPlan` — the "Phương án tự chủ tài chính" of a 5-year stable period and the
  "Quyết định giao quyền tự chủ tài chính" (a ``LegalDocument``).
* :class:`RoadmapTarget` — the target group (and band) of a unit by year.
* :class:`PublicService` — the list of budget-funded public services with prices and norms
  (ND 60 art 4, as amended by ND 111/2025).
* :class:`GroupChange` — every attempt to turn approved figures into the registry's group: applied,
  unchanged, or refused (a downgrade from group 1/2 without an art 35 basis), for the unit's history.
* :class:`QuotaConversionProposal` — when a unit moves up to group 1 or 2, the proposal to move its
  budget-paid public-employee quota to revenue-paid (accepted → ledger entries in ``staffing``).

Money is whole đồng (``BigIntegerField``); the ratio is a ``Decimal`` with two places (display).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tinhgon.autonomy.choices import (
    Band,
    ChangeOutcome,
    DowngradeBasis,
    PlanStatus,
    ProposalStatus,
    group_name,
)
from tinhgon.core.approval import Approvable
from tinhgon.organizations.choices import AutonomyGroup


class AutonomyFigures(Approvable):
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        related_name="autonomy_figures",
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    # A (ND 60 art 10, 11): counted revenue, by source.
    revenue_services_vnd = models.BigIntegerField(
        _("thu từ hoạt động dịch vụ sự nghiệp công (kể cả đặt hàng, đấu thầu từ NSNN)"), default=0
    )
    revenue_fees_vnd = models.BigIntegerField(
        _("phí được để lại chi thường xuyên (sau khi trừ chi nhiệm vụ không thường xuyên)"),
        default=0,
    )
    revenue_business_vnd = models.BigIntegerField(
        _("chênh lệch thu lớn hơn chi của hoạt động kinh doanh, liên doanh, liên kết"), default=0
    )
    revenue_other_vnd = models.BigIntegerField(_("nguồn thu hợp pháp khác được tính"), default=0)
    total_revenue_vnd = models.BigIntegerField(
        _("tổng thu sự nghiệp theo báo cáo tài chính"),
        default=0,
        help_text=_("Để kiểm tra một khoản thu không bị tính hai lần ở các nguồn."),
    )
    # B (art 10, 12): recurrent spending, excluding non-budget services (art 6).
    recurrent_expenditure_vnd = models.BigIntegerField(_("chi thường xuyên (B)"), default=0)
    # Group 1 test (art 9 khoản 1): investment self-financing against depreciation and wear.
    investment_source_vnd = models.BigIntegerField(
        _("nguồn tự bảo đảm chi đầu tư (trích Quỹ phát triển, phí để lại)"), default=0
    )
    depreciation_vnd = models.BigIntegerField(_("khấu hao, hao mòn tài sản cố định"), default=0)
    budget_support_vnd = models.BigIntegerField(
        _("kinh phí NSNN hỗ trợ trực tiếp chi thường xuyên"), default=0
    )
    has_service_revenue = models.BooleanField(_("có nguồn thu sự nghiệp"), default=True)
    proposed_group = models.PositiveSmallIntegerField(
        _("nhóm đơn vị đề xuất"), choices=AutonomyGroup.choices, null=True, blank=True
    )
    proposed_reason = models.TextField(_("lý do đề xuất khác kết quả tính"), blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    # The rule's inputs and result, stored as computed (a later decree never changes them).
    ratio_percent = models.DecimalField(
        _("mức tự bảo đảm chi thường xuyên (%)"), max_digits=12, decimal_places=2
    )
    group = models.PositiveSmallIntegerField(_("nhóm theo số liệu"), choices=AutonomyGroup.choices)
    band = models.CharField(_("mức (nhóm 3)"), max_length=10, choices=Band.choices, blank=True)
    rule_version = models.CharField(_("phiên bản quy tắc"), max_length=100)
    rule_input = models.JSONField(_("dữ liệu vào của quy tắc"), default=dict)
    rule_result = models.JSONField(_("kết quả của quy tắc"), default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("số liệu tự chủ tài chính")
        verbose_name_plural = _("số liệu tự chủ tài chính")
        ordering = ["organization_id", "year"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "year"], name="autonomy_one_per_year")
        ]
        indexes = [models.Index(fields=["year", "status"], name="autonomy_year_status_idx")]

    def __str__(self) -> str:
        return f"Số liệu tự chủ năm {self.year} – đơn vị #{self.organization_id}"

    @property
    def revenue_vnd(self) -> int:
        """A: the counted revenue (sum of the sources)."""
        return (
            self.revenue_services_vnd
            + self.revenue_fees_vnd
            + self.revenue_business_vnd
            + self.revenue_other_vnd
        )

    @property
    def investment_self_financed(self) -> bool:
        return self.investment_source_vnd >= self.depreciation_vnd

    @property
    def final_group(self) -> int:
        """The group to apply: the one proposed with a stated reason, else the computed one."""
        return self.proposed_group or self.group

    @property
    def group_name(self) -> str:
        return group_name(self.group)

    @property
    def final_group_name(self) -> str:
        return group_name(self.final_group)

    @property
    def contradicts(self) -> bool:
        return bool(self.proposed_group) and self.proposed_group != self.group


class AutonomyPlan(models.Model):
    """Phương án tự chủ tài chính (ND 60 Annex II) of a 5-year stable period, and its decision."""

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="autonomy_plans"
    )
    period_start_year = models.PositiveSmallIntegerField(_("năm đầu thời kỳ ổn định"))
    proposed_group = models.PositiveSmallIntegerField(
        _("nhóm đề xuất"), choices=AutonomyGroup.choices
    )
    revenue_estimate_vnd = models.BigIntegerField(_("dự toán thu năm đầu (A)"), default=0)
    expenditure_estimate_vnd = models.BigIntegerField(_("dự toán chi thường xuyên năm đầu (B)"))
    submitted_on = models.DateField(_("ngày trình"))
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.SUBMITTED
    )
    assigned_group = models.PositiveSmallIntegerField(
        _("nhóm được giao"), choices=AutonomyGroup.choices, null=True, blank=True
    )
    decision = models.ForeignKey(
        "organizations.LegalDocument",
        verbose_name=_("Quyết định giao quyền tự chủ tài chính"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="autonomy_plans",
    )
    note = models.TextField(_("ghi chú"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("phương án tự chủ tài chính")
        verbose_name_plural = _("phương án tự chủ tài chính")
        ordering = ["organization_id", "period_start_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "period_start_year"], name="autonomy_plan_one_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"Phương án tự chủ tài chính {self.period_label}"

    @property
    def period_end_year(self) -> int:
        return self.period_start_year + 4

    @property
    def period_label(self) -> str:
        return f"{self.period_start_year}–{self.period_end_year}"


class RoadmapTarget(models.Model):
    """Lộ trình nâng mức tự chủ: the group (and band) a unit aims at in a year."""

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="autonomy_roadmap"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    target_group = models.PositiveSmallIntegerField(
        _("nhóm mục tiêu"), choices=AutonomyGroup.choices
    )
    target_band = models.CharField(
        _("mức mục tiêu"), max_length=10, choices=Band.choices, blank=True
    )
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("lộ trình tự chủ")
        verbose_name_plural = _("lộ trình tự chủ")
        ordering = ["organization_id", "year"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "year"], name="autonomy_roadmap_year")
        ]

    def __str__(self) -> str:
        return f"{self.year}: {group_name(self.target_group)}"


class PublicService(models.Model):
    """A budget-funded public service with its price and norm (ND 60 art 4, amended ND 111/2025)."""

    name = models.CharField(_("tên dịch vụ sự nghiệp công"), max_length=300)
    sector = models.CharField(_("lĩnh vực"), max_length=30)
    unit_of_measure = models.CharField(_("đơn vị tính"), max_length=60)
    price_vnd = models.BigIntegerField(_("giá, đơn giá (đồng)"))
    norm = models.TextField(_("định mức kinh tế - kỹ thuật"), blank=True)
    is_basic_essential = models.BooleanField(_("dịch vụ cơ bản, thiết yếu"), default=False)
    decision = models.ForeignKey(
        "organizations.LegalDocument",
        verbose_name=_("quyết định ban hành danh mục, giá"),
        on_delete=models.PROTECT,
        related_name="public_services",
    )
    valid_from = models.DateField(_("áp dụng từ ngày"))
    valid_to = models.DateField(_("đến ngày"), null=True, blank=True)
    managing_body = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("cơ quan quản lý (danh mục của)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="public_service_list",
        help_text=_("Để trống: danh mục chung của tỉnh."),
    )
    providers = models.ManyToManyField(
        "organizations.Organization",
        verbose_name=_("đơn vị cung cấp"),
        blank=True,
        related_name="public_services",
    )

    class Meta:
        verbose_name = _("dịch vụ sự nghiệp công sử dụng NSNN")
        verbose_name_plural = _("danh mục dịch vụ sự nghiệp công sử dụng NSNN")
        ordering = ["sector", "name"]

    def __str__(self) -> str:
        return self.name


class GroupChange(models.Model):
    """One attempt to make approved figures the registry's group (kept even when refused)."""

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="autonomy_changes"
    )
    figures = models.ForeignKey(
        AutonomyFigures, null=True, blank=True, on_delete=models.PROTECT, related_name="changes"
    )
    effective_date = models.DateField(_("ngày hiệu lực"))
    from_group = models.PositiveSmallIntegerField(
        _("nhóm trước"), choices=AutonomyGroup.choices, null=True, blank=True
    )
    to_group = models.PositiveSmallIntegerField(_("nhóm sau"), choices=AutonomyGroup.choices)
    outcome = models.CharField(_("kết quả"), max_length=20, choices=ChangeOutcome.choices)
    downgrade_basis = models.CharField(
        _("căn cứ hạ nhóm"), max_length=20, choices=DowngradeBasis.choices, blank=True
    )
    basis_note = models.TextField(_("nội dung căn cứ"), blank=True)
    decision = models.ForeignKey(
        "organizations.LegalDocument",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    event = models.ForeignKey(
        "organizations.ReorgEvent",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    message = models.TextField(_("nội dung"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lần xếp nhóm tự chủ")
        verbose_name_plural = _("lịch sử xếp nhóm tự chủ")
        ordering = ["organization_id", "effective_date", "id"]

    def __str__(self) -> str:
        return f"{group_name(self.from_group)} → {group_name(self.to_group)} ({self.get_outcome_display()})"

    @property
    def is_downgrade(self) -> bool:
        return bool(self.from_group) and self.to_group > (self.from_group or 0)


class QuotaConversionProposal(models.Model):
    """Move a unit's budget-paid public-employee quota to revenue-paid (unit moved to group 1/2)."""

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="quota_conversions"
    )
    change = models.ForeignKey(GroupChange, on_delete=models.PROTECT, related_name="proposals")
    effective_date = models.DateField(_("ngày hiệu lực đề xuất"))
    amount = models.PositiveIntegerField(_("số biên chế chuyển"))
    status = models.CharField(
        _("trạng thái"),
        max_length=20,
        choices=ProposalStatus.choices,
        default=ProposalStatus.PROPOSED,
    )
    decision = models.ForeignKey(
        "organizations.LegalDocument",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(_("lý do"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("đề xuất chuyển biên chế sang hưởng lương từ nguồn thu")
        verbose_name_plural = _("đề xuất chuyển biên chế sang hưởng lương từ nguồn thu")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="autonomy_conversion_positive")
        ]

    def __str__(self) -> str:
        return f"Chuyển {self.amount} biên chế sang nguồn thu ({self.get_status_display()})"
