"""Review periods and streamlining cases (DESIGN.md, streamlining).

* :class:`ReviewPeriod` — a review period (đợt xét duyệt) of one agency (a sở, a UBND cấp xã…):
  the list it sends upward.
* :class:`Case` — one person leaving under one of the three legal categories: the legal ground,
  the chosen policy, a FROZEN snapshot of the person's record and of the rule's input, and the
  rule's output (version, settings, lines, total) stored as computed. Through the core approval
  flow (``Approvable``), approved by the competent level under the province's decentralisation of
  cadre management (body, decision number and date), then ``paid`` ("Đã chi trả"). Nothing
  recomputes an approved case: a later decree, setting or base-salary table never changes it.

Money is whole đồng (``BigIntegerField``).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tinhgon.core.approval import Approvable
from tinhgon.core.versioning import Versioned
from tinhgon.streamlining import grounds
from tinhgon.streamlining.choices import (
    ApprovingLevel,
    CaseStatus,
    Category,
    FundingSource,
    Policy,
)


class ReviewPeriod(Versioned):
    agency = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("cơ quan"),
        on_delete=models.PROTECT,
        related_name="streamlining_periods",
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    sequence = models.PositiveSmallIntegerField(_("đợt"))
    name = models.CharField(_("tên đợt"), max_length=200)
    note = models.TextField(_("ghi chú"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("đợt xét duyệt")
        verbose_name_plural = _("đợt xét duyệt")
        ordering = ["-year", "-sequence", "agency_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "sequence"], name="streamlining_period_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Case(Approvable):
    # What the approval and the payment record: not part of the approved data (core.approval).
    APPROVAL_OUTCOME_FIELDS = ("decision", "paid_on", "paid_by", "payment_reference")

    period = models.ForeignKey(
        ReviewPeriod,
        verbose_name=_("đợt xét duyệt"),
        on_delete=models.PROTECT,
        related_name="cases",
    )
    person = models.ForeignKey(
        "workforce.Person",
        verbose_name=_("người nghỉ việc"),
        on_delete=models.PROTECT,
        related_name="streamlining_cases",
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("đơn vị công tác"),
        on_delete=models.PROTECT,
        related_name="streamlining_cases",
    )
    category = models.CharField(_("nhóm chính sách"), max_length=30, choices=Category.choices)
    policy = models.CharField(_("chính sách"), max_length=20, choices=Policy.choices)
    ground = models.CharField(_("căn cứ, đối tượng"), max_length=30, choices=grounds.choices())
    decree = models.CharField(_("nghị định áp dụng"), max_length=20)
    leave_date = models.DateField(_("ngày nghỉ việc"))
    reorganization_effective_date = models.DateField(
        _("ngày hiệu lực quyết định sắp xếp"), null=True, blank=True
    )
    # Frozen at the last save of a draft: what the record said and what the rule was given.
    snapshot = models.JSONField(_("hồ sơ tại thời điểm lập"), default=dict)
    rule_name = models.CharField(_("quy tắc"), max_length=60)
    rule_version = models.CharField(_("phiên bản quy tắc"), max_length=100)
    rule_input = models.JSONField(_("dữ liệu vào của quy tắc"), default=dict)
    rule_settings = models.JSONField(_("thiết lập của quy tắc"), default=dict)
    rule_result = models.JSONField(_("kết quả của quy tắc"), default=dict)
    total_vnd = models.BigIntegerField(_("tổng kinh phí (đồng)"))
    monthly_salary_vnd = models.BigIntegerField(_("tiền lương tháng hiện hưởng (đồng)"), default=0)
    funding_source = models.CharField(
        _("nguồn kinh phí"), max_length=20, choices=FundingSource.choices
    )
    approving_level = models.CharField(
        _("cấp có thẩm quyền phê duyệt"), max_length=20, choices=ApprovingLevel.choices
    )
    approving_body = models.CharField(_("cơ quan phê duyệt"), max_length=300, blank=True)
    decision = models.ForeignKey(
        "organizations.LegalDocument",
        verbose_name=_("quyết định phê duyệt"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    paid_on = models.DateField(_("ngày chi trả"), null=True, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    payment_reference = models.CharField(_("chứng từ chi trả"), max_length=200, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("hồ sơ nghỉ việc")
        verbose_name_plural = _("hồ sơ nghỉ việc")
        ordering = ["period_id", "category", "id"]
        indexes = [
            models.Index(fields=["period", "status"], name="stream_case_period_idx"),
            models.Index(fields=["status", "leave_date"], name="stream_case_status_idx"),
        ]

    def __str__(self) -> str:
        name = self.snapshot.get("full_name") or f"#{self.person_id}"
        return f"Hồ sơ {self.get_category_display()} – {name}"

    @property
    def status_label(self) -> str:
        try:
            return str(CaseStatus(self.status).label)
        except ValueError:
            return self.status

    @property
    def ground_obj(self) -> grounds.Ground | None:
        return grounds.BY_CODE.get(self.ground)

    @property
    def lines(self) -> list[dict[str, Any]]:
        return list(self.rule_result.get("lines", []))

    @property
    def amounts(self) -> dict[str, int]:
        return {line["code"]: int(line["amount_vnd"]) for line in self.lines}
