"""Public employees with only what the work needs (DESIGN.md, workforce).

The personal identification number is stored for matching people across imports and shown only
masked; it never appears in a list or an export. A birth date known only by its year is stored as
01/01 of that year with ``birth_year_only`` set. Unit and position assignments are dated
(``valid_from``/``valid_to`` inclusive); so are titles and ranks, salary, allowances and leadership
appointments, so the person's history can be read as of any date.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tinhgon.core.text import fold
from tinhgon.core.versioning import Versioned
from tinhgon.workforce.choices import (
    AllowanceKind,
    Annex,
    EmploymentKind,
    Grade,
    HoldingReason,
    LeaderRole,
    QualificationLevel,
    RatingPeriod,
    Recruitment,
    Sex,
)


def alive_on(day: dt.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}valid_from__lte": day}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": day})
    )


class Person(Versioned):
    full_name = models.CharField(_("họ và tên"), max_length=120)
    name_folded = models.CharField(max_length=120, editable=False, db_index=True)
    id_number = models.CharField(
        _("số định danh cá nhân"), max_length=12, unique=True, null=True, blank=True
    )
    birth_date = models.DateField(_("ngày sinh"))
    birth_year_only = models.BooleanField(_("chỉ biết năm sinh"), default=False)
    sex = models.CharField(_("giới tính"), max_length=1, choices=Sex.choices)
    employment_kind = models.CharField(
        _("loại"), max_length=12, choices=EmploymentKind.choices, db_index=True
    )
    annex = models.CharField(
        _("phụ lục tuổi nghỉ hưu"), max_length=2, choices=Annex.choices, default=Annex.I
    )
    annex_reason = models.CharField(_("lý do áp dụng Phụ lục II"), max_length=200, blank=True)
    hired_on = models.DateField(_("ngày tuyển dụng"))
    recruitment = models.CharField(
        _("hình thức tuyển dụng"),
        max_length=12,
        choices=Recruitment.choices,
        default=Recruitment.EXAM,
    )
    qualification = models.CharField(
        _("trình độ cao nhất"), max_length=15, choices=QualificationLevel.choices, blank=True
    )
    is_talent = models.BooleanField(_("thu hút, trọng dụng nhân tài"), default=False)
    left_on = models.DateField(_("ngày thôi việc, nghỉ hưu"), null=True, blank=True)
    is_demo = models.BooleanField(_("dữ liệu mẫu"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("cán bộ, công chức, viên chức")
        verbose_name_plural = _("cán bộ, công chức, viên chức")
        ordering = ["name_folded", "id"]
        indexes = [
            # The attributes the structure report groups by, read by id from the index alone.
            models.Index(
                fields=["id", "sex", "birth_date", "employment_kind", "qualification"],
                name="person_structure_idx",
            )
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        self.name_folded = fold(self.full_name)
        super().save(*args, **kwargs)

    @property
    def masked_id(self) -> str:
        """``••••••••1234``: enough to tell two people apart, never the whole number."""
        if not self.id_number:
            return "—"
        return "•" * (len(self.id_number) - 4) + self.id_number[-4:]

    @property
    def birth_display(self) -> str:
        return (
            str(self.birth_date.year)
            if self.birth_year_only
            else self.birth_date.strftime("%d/%m/%Y")
        )


class Assignment(models.Model):
    """A person working in a unit (and, when placed, in one of its approved positions)."""

    # No index of their own: the composite indexes below start with each (a reorganization
    # rewrites tens of thousands of these rows, and every index is written for each).
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="assignments", db_index=False
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="assignments",
        db_index=False,
    )
    position = models.ForeignKey(
        "positions.ApprovedPosition",
        verbose_name=_("vị trí việc làm"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    full_time = models.BooleanField(_("chuyên trách"), default=True)
    valid_from = models.DateField(_("từ ngày"))
    valid_to = models.DateField(_("đến ngày"), null=True, blank=True)
    event = models.ForeignKey(
        "organizations.ReorgEvent",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("phân công công tác")
        verbose_name_plural = _("phân công công tác")
        ordering = ["person_id", "valid_from"]
        indexes = [
            models.Index(fields=["organization", "valid_from", "valid_to"], name="assign_org_idx"),
            # The person's assignments alive on a day, read from the index alone (structure).
            models.Index(
                fields=["person", "valid_from", "valid_to", "full_time"],
                name="assign_person_alive_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="workforce_assignment_period_in_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id}@{self.organization_id} {self.valid_from}"


class PendingPlacement(models.Model):
    """A person whose unit ended in an event with no single successor: to be placed (chờ bố trí)."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="pending")
    from_organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="+"
    )
    event = models.ForeignKey(
        "organizations.ReorgEvent", on_delete=models.PROTECT, related_name="+"
    )
    since = models.DateField(_("từ ngày"))
    resolved_on = models.DateField(_("đã bố trí ngày"), null=True, blank=True)

    class Meta:
        verbose_name = _("người chờ bố trí")
        verbose_name_plural = _("người chờ bố trí")
        ordering = ["since", "id"]

    def __str__(self) -> str:
        return f"{self.person_id} chờ bố trí từ {self.since}"


class TitleHolding(models.Model):
    """The person's title and rank (level derived from its salary group) over a period."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="titles")
    title_rank = models.ForeignKey(
        "positions.TitleRank",
        verbose_name=_("chức danh, hạng"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    valid_from = models.DateField(_("từ ngày"))
    valid_to = models.DateField(_("đến ngày"), null=True, blank=True)
    reason = models.CharField(
        _("căn cứ"), max_length=15, choices=HoldingReason.choices, default=HoldingReason.RECRUITMENT
    )

    class Meta:
        verbose_name = _("chức danh, hạng")
        verbose_name_plural = _("chức danh, hạng")
        ordering = ["person_id", "valid_from"]
        indexes = [
            models.Index(
                fields=["person", "valid_from", "valid_to", "title_rank"],
                name="holding_person_alive_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.title_rank_id} từ {self.valid_from}"


class SalaryStep(models.Model):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="salary_steps")
    coefficient = models.DecimalField(_("hệ số lương"), max_digits=4, decimal_places=2)
    valid_from = models.DateField(_("từ ngày"))

    class Meta:
        verbose_name = _("hệ số lương")
        verbose_name_plural = _("hệ số lương")
        ordering = ["person_id", "valid_from"]
        indexes = [models.Index(fields=["person", "valid_from"], name="salary_person_idx")]

    def __str__(self) -> str:
        return f"{self.coefficient} từ {self.valid_from}"


class Allowance(models.Model):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="allowances")
    kind = models.CharField(_("loại phụ cấp"), max_length=25, choices=AllowanceKind.choices)
    coefficient = models.DecimalField(_("hệ số hoặc tỷ lệ (%)"), max_digits=6, decimal_places=2)
    valid_from = models.DateField(_("từ ngày"))
    valid_to = models.DateField(_("đến ngày"), null=True, blank=True)

    class Meta:
        verbose_name = _("phụ cấp")
        verbose_name_plural = _("phụ cấp")
        ordering = ["person_id", "valid_from"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.coefficient}"


class InsurancePeriod(models.Model):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="insurance")
    valid_from = models.DateField(_("từ ngày"))
    valid_to = models.DateField(_("đến ngày"), null=True, blank=True)
    note = models.CharField(_("ghi chú"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("thời gian đóng bảo hiểm xã hội")
        verbose_name_plural = _("thời gian đóng bảo hiểm xã hội")
        ordering = ["person_id", "valid_from"]

    def __str__(self) -> str:
        return f"{self.valid_from}–{self.valid_to or ''}"


class Qualification(models.Model):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="qualifications")
    level = models.CharField(_("trình độ"), max_length=15, choices=QualificationLevel.choices)
    field = models.CharField(_("chuyên ngành"), max_length=150, blank=True)
    year = models.PositiveSmallIntegerField(_("năm tốt nghiệp"), null=True, blank=True)

    class Meta:
        verbose_name = _("trình độ chuyên môn")
        verbose_name_plural = _("trình độ chuyên môn")
        ordering = ["person_id", "year"]

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.field}"


class Rating(models.Model):
    """A rating of a person for a quarter, half-year or year (ND 233/2026)."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="ratings")
    period = models.CharField(_("kỳ"), max_length=8, choices=RatingPeriod.choices)
    year = models.PositiveSmallIntegerField(_("năm"))
    part = models.PositiveSmallIntegerField(_("quý/6 tháng thứ"), default=0)
    grade = models.CharField(_("mức xếp loại"), max_length=10, choices=Grade.choices)

    class Meta:
        verbose_name = _("xếp loại chất lượng")
        verbose_name_plural = _("xếp loại chất lượng")
        ordering = ["person_id", "year", "period", "part"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "period", "year", "part"], name="rating_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.get_period_display()}: {self.get_grade_display()}"


class UnitRating(models.Model):
    """The yearly points of a unit (ND 233/2026, rated before 15/12)."""

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="unit_ratings"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    points = models.PositiveSmallIntegerField(_("điểm"))

    class Meta:
        verbose_name = _("đánh giá đơn vị")
        verbose_name_plural = _("đánh giá đơn vị")
        constraints = [
            models.UniqueConstraint(fields=["organization", "year"], name="unitrating_unique")
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.points}"


class LeadershipAppointment(models.Model):
    """Appointment as head or deputy of a unit, by decision, for a 5-year term."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="appointments")
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="appointments"
    )
    role = models.CharField(_("chức vụ"), max_length=8, choices=LeaderRole.choices)
    title = models.CharField(_("tên chức vụ"), max_length=100)
    document = models.ForeignKey(
        "organizations.LegalDocument",
        verbose_name=_("quyết định"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    valid_from = models.DateField(_("từ ngày"))
    term_end = models.DateField(_("hết nhiệm kỳ"))
    valid_to = models.DateField(_("thôi giữ chức vụ từ"), null=True, blank=True)

    class Meta:
        verbose_name = _("bổ nhiệm lãnh đạo")
        verbose_name_plural = _("bổ nhiệm lãnh đạo")
        ordering = ["organization_id", "role", "valid_from"]
        indexes = [
            models.Index(fields=["organization", "role", "valid_from"], name="appoint_org_idx")
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.valid_from:%d/%m/%Y})"


class Training(models.Model):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="trainings")
    name = models.CharField(_("khóa đào tạo, bồi dưỡng"), max_length=200)
    valid_from = models.DateField(_("từ ngày"))
    valid_to = models.DateField(_("đến ngày"), null=True, blank=True)

    class Meta:
        verbose_name = _("đào tạo, bồi dưỡng")
        verbose_name_plural = _("đào tạo, bồi dưỡng")
        ordering = ["person_id", "valid_from"]

    def __str__(self) -> str:
        return self.name
