"""Job positions: professional titles with their ranks, the ND 232 framework list, and each
unit's approved positions as a versioned decision (ND 106 "Đề án vị trí việc làm" until 30/06/2026,
ND 232 "Quyết định phê duyệt vị trí việc làm" from 01/07/2026)."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tinhgon.core.versioning import Versioned
from tinhgon.positions.choices import (
    CAREER_LEVEL,
    DecisionStatus,
    PositionCategory,
    Regime,
    SalaryGroup,
)


class ProfessionalTitle(models.Model):
    """A professional title (chức danh nghề nghiệp) or civil-servant grade family, e.g. "Giáo viên THPT"."""

    code = models.CharField(_("mã"), max_length=30, unique=True)
    name = models.CharField(_("tên chức danh"), max_length=200)

    class Meta:
        verbose_name = _("chức danh nghề nghiệp")
        verbose_name_plural = _("chức danh nghề nghiệp")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TitleRank(models.Model):
    """One rank (hạng) of a title, with its salary group and coefficient scale.

    The career level of ND 232/2026 is derived from the salary group (art 18.2), never from the
    rank number: a preschool teacher of hạng III is A0 → bậc 2, an upper-secondary teacher of
    hạng III is A1 → bậc 3.
    """

    title = models.ForeignKey(ProfessionalTitle, on_delete=models.PROTECT, related_name="ranks")
    code = models.CharField(_("mã hạng"), max_length=30, unique=True)
    rank = models.CharField(_("hạng"), max_length=10, help_text=_("I, II, III, IV"))
    salary_group = models.CharField(_("nhóm lương"), max_length=5, choices=SalaryGroup.choices)
    coefficient_min = models.DecimalField(_("hệ số thấp nhất"), max_digits=4, decimal_places=2)
    coefficient_max = models.DecimalField(_("hệ số cao nhất"), max_digits=4, decimal_places=2)

    class Meta:
        verbose_name = _("hạng chức danh")
        verbose_name_plural = _("hạng chức danh")
        ordering = ["title__name", "code"]
        constraints = [
            models.UniqueConstraint(fields=["title", "rank"], name="titlerank_unique"),
            models.CheckConstraint(
                condition=Q(coefficient_max__gte=models.F("coefficient_min")),
                name="titlerank_scale_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title.name} hạng {self.rank} ({self.salary_group}, bậc {self.career_level})"

    @property
    def career_level(self) -> int:
        return CAREER_LEVEL[SalaryGroup(self.salary_group)]

    def fits(self, coefficient: Decimal) -> bool:
        return self.coefficient_min <= coefficient <= self.coefficient_max


class FrameworkPosition(models.Model):
    """A position of the national framework list (ND 232/2026 art 6.3): units may not invent,
    rename, split or merge positions."""

    code = models.CharField(_("mã"), max_length=30, unique=True)
    name = models.CharField(_("tên vị trí"), max_length=200)
    category = models.CharField(_("nhóm"), max_length=20, choices=PositionCategory.choices)
    title = models.ForeignKey(
        ProfessionalTitle, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("vị trí trong danh mục khung")
        verbose_name_plural = _("danh mục khung vị trí việc làm")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class PositionDecisionQuerySet(models.QuerySet["PositionDecision"]):
    def current(self) -> PositionDecisionQuerySet:
        return self.exclude(status=DecisionStatus.REPLACED)


class PositionDecision(Versioned):
    """A unit's approved positions, from ``effective_from`` until replaced by a later decision."""

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="position_decisions"
    )
    regime = models.CharField(_("căn cứ"), max_length=10, choices=Regime.choices)
    document = models.ForeignKey(
        "organizations.LegalDocument",
        verbose_name=_("quyết định"),
        on_delete=models.PROTECT,
        related_name="position_decisions",
    )
    effective_from = models.DateField(_("áp dụng từ ngày"))
    effective_to = models.DateField(_("đến ngày"), null=True, blank=True)
    status = models.CharField(
        _("tình trạng"),
        max_length=12,
        choices=DecisionStatus.choices,
        default=DecisionStatus.IN_FORCE,
    )
    review_reason = models.TextField(_("lý do rà soát"), blank=True)
    replaces = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PositionDecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("quyết định vị trí việc làm")
        verbose_name_plural = _("quyết định vị trí việc làm")
        ordering = ["organization_id", "-effective_from"]
        indexes = [
            models.Index(fields=["organization", "status"], name="posdecision_org_status_idx")
        ]

    def __str__(self) -> str:
        return f"{self.label} {self.document.number}"

    @property
    def label(self) -> str:
        """The word officials use for the regime of the decision (DOMAIN.md §5.4)."""
        if self.regime == Regime.ND106:
            return str(_("Đề án vị trí việc làm"))
        return str(_("Quyết định phê duyệt vị trí việc làm"))

    @property
    def total_headcount(self) -> int:
        return sum(p.headcount for p in self.positions.all())


class ApprovedPosition(models.Model):
    """One approved position of a decision, with its headcount and required title and rank."""

    decision = models.ForeignKey(
        PositionDecision, on_delete=models.CASCADE, related_name="positions"
    )
    code = models.CharField(_("mã vị trí"), max_length=30)
    name = models.CharField(_("tên vị trí việc làm"), max_length=200)
    category = models.CharField(
        _("loại/nhóm vị trí"), max_length=20, choices=PositionCategory.choices
    )
    framework = models.ForeignKey(
        FrameworkPosition, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    headcount = models.PositiveIntegerField(_("số lượng người làm việc"))
    required_rank = models.ForeignKey(
        TitleRank,
        verbose_name=_("chức danh, hạng (bậc) tối thiểu"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("vị trí việc làm được phê duyệt")
        verbose_name_plural = _("vị trí việc làm được phê duyệt")
        ordering = ["decision_id", "code"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "code"], name="approvedposition_unique")
        ]

    def __str__(self) -> str:
        return self.name
