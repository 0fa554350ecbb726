"""Plans, their task tree and products, assignments to agencies, progress reports with evidence.

- A :class:`Plan` is read from its own text (or an Excel task table); its :class:`Task` rows form a
  tree with stable refs (``II.3.2``); a task may name :class:`Product` rows with their own deadlines.
- An :class:`Assignment` gives a task (or one product of it) to an organization as lead or
  coordinating agency, from ``valid_from`` to ``valid_to`` (inclusive; null = in force). An assignment
  to a *class* of agencies ("UBND các huyện, thành phố, thị xã") has ``assignee_class`` set and no
  organization: it is resolved through the dated :class:`AssigneeClassRule` table into one concrete
  assignment per member (``from_class``); only concrete assignments are counted in the buckets.
- :class:`ProgressReport` goes through the core approval flow; "done" is the submission date of the
  report with status ``completed`` that was finally approved (``Assignment.done_on``).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tinhgon.core.approval import Approvable
from tinhgon.core.versioning import Versioned
from tinhgon.plans.choices import (
    AssignmentRole,
    DeadlineKind,
    PeriodKind,
    PlanSource,
    ProgressStatus,
    QueueStatus,
)


class AssigneeClass(models.Model):
    """A class of agencies a plan may name ("các sở, ban, ngành"); its members are dated rules."""

    code = models.CharField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    phrases = models.JSONField(_("cách viết trong văn bản (đã bỏ dấu)"), default=list, blank=True)

    class Meta:
        verbose_name = _("lớp cơ quan được giao")
        verbose_name_plural = _("lớp cơ quan được giao")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class AssigneeClassRule(models.Model):
    """Which organizations a class means from ``valid_from`` to ``valid_to``, and why."""

    assignee_class = models.ForeignKey(
        AssigneeClass, on_delete=models.PROTECT, related_name="rules"
    )
    valid_from = models.DateField(_("từ ngày"))
    valid_to = models.DateField(_("đến ngày"), null=True, blank=True)
    kinds = models.JSONField(_("loại hình cơ quan"), default=list)
    legal_basis = models.TextField(_("căn cứ pháp lý"))

    class Meta:
        verbose_name = _("quy tắc lớp cơ quan theo thời gian")
        verbose_name_plural = _("quy tắc lớp cơ quan theo thời gian")
        ordering = ["assignee_class_id", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignee_class", "valid_from"], name="assigneeclassrule_one_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.assignee_class} từ {self.valid_from:%d/%m/%Y}"


class Plan(Versioned):
    number = models.CharField(_("số, ký hiệu"), max_length=100, blank=True)
    doc_kind = models.CharField(_("loại văn bản"), max_length=60, default="Kế hoạch")
    date = models.DateField(_("ngày ban hành"))
    issuer = models.CharField(_("cơ quan ban hành"), max_length=300)
    issuer_org = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("cơ quan ban hành (trong sổ)"),
        on_delete=models.PROTECT,
        related_name="plans",
    )
    signer = models.CharField(_("người ký"), max_length=200, blank=True)
    title = models.TextField(_("trích yếu"))
    preamble = models.TextField(_("phần mở đầu"), blank=True)
    source = models.CharField(_("nguồn"), max_length=20, choices=PlanSource.choices)
    source_text = models.TextField(_("văn bản gốc"), blank=True)
    references = models.JSONField(_("văn bản dẫn chiếu"), default=list, blank=True)
    warnings = models.JSONField(_("cảnh báo khi đọc"), default=list, blank=True)
    period_kind = models.CharField(
        _("kỳ báo cáo"), max_length=10, choices=PeriodKind.choices, default=PeriodKind.HALF
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kế hoạch")
        verbose_name_plural = _("kế hoạch")
        ordering = ["-date", "number"]

    def __str__(self) -> str:
        if self.number:
            return f"{self.doc_kind} {self.number} ngày {self.date:%d/%m/%Y}"
        return self.title[:120]


class DeadlineFields(models.Model):
    """A deadline as the plan words it, and what later facts make of it."""

    deadline_kind = models.CharField(
        _("loại thời hạn"), max_length=20, choices=DeadlineKind.choices, default=DeadlineKind.NONE
    )
    due = models.DateField(_("hạn (ngày cuối cùng đúng hạn)"), null=True, blank=True)
    condition = models.TextField(_("điều kiện"), blank=True)
    deadline_text = models.TextField(_("thời hạn như văn bản ghi"), blank=True)
    condition_met_on = models.DateField(_("ngày có điều kiện"), null=True, blank=True)
    condition_document = models.CharField(
        _("văn bản đáp ứng điều kiện"), max_length=200, blank=True
    )
    project_ref = models.CharField(_("đề án liên kết"), max_length=200, blank=True)
    project_due = models.DateField(_("hạn theo đề án"), null=True, blank=True)

    class Meta:
        abstract = True


class Task(Versioned, DeadlineFields):
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="tasks")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    ref = models.CharField(_("số hiệu"), max_length=40)
    position = models.PositiveIntegerField(default=0)
    depth = models.PositiveSmallIntegerField(default=0)
    text = models.TextField(_("nội dung"))
    agencies = models.JSONField(_("cơ quan nêu trong văn bản"), default=list, blank=True)
    subject_org = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("đơn vị liên quan"),
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
        related_name="followup_tasks",
    )

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        ordering = ["plan_id", "position"]
        constraints = [models.UniqueConstraint(fields=["plan", "ref"], name="task_unique_ref")]

    def __str__(self) -> str:
        first = self.text.split("\n", 1)[0]
        return f"{self.ref}. {first[:100]}"


class Product(Versioned, DeadlineFields):
    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="products")
    position = models.PositiveSmallIntegerField(default=0)
    name = models.TextField(_("tên sản phẩm"))

    class Meta:
        verbose_name = _("sản phẩm")
        verbose_name_plural = _("sản phẩm")
        ordering = ["task_id", "position"]

    def __str__(self) -> str:
        return self.name[:120]


def in_force(day: dt.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}valid_from__lte": day}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": day})
    )


class AssignmentQuerySet(models.QuerySet["Assignment"]):
    def concrete(self) -> AssignmentQuerySet:
        return self.filter(organization__isnull=False)

    def in_force(self, day: dt.date) -> AssignmentQuerySet:
        return self.filter(in_force(day))


class Assignment(Versioned):
    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="assignments")
    product = models.ForeignKey(
        Product, null=True, blank=True, on_delete=models.PROTECT, related_name="assignments"
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("cơ quan được giao"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plan_assignments",
    )
    assignee_class = models.ForeignKey(
        AssigneeClass,
        verbose_name=_("lớp cơ quan được giao"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    role = models.CharField(_("vai trò"), max_length=15, choices=AssignmentRole.choices)
    valid_from = models.DateField(_("giao từ ngày"))
    valid_to = models.DateField(_("đến ngày"), null=True, blank=True)
    from_class = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )
    moved_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="moved_to"
    )
    event = models.ForeignKey(
        "organizations.ReorgEvent",
        verbose_name=_("sự kiện sắp xếp"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plan_assignments",
    )
    reason = models.TextField(_("lý do"), blank=True)
    done_on = models.DateField(
        _("ngày hoàn thành (ngày gửi báo cáo được duyệt)"), null=True, blank=True
    )
    done_approved_on = models.DateField(_("ngày duyệt hoàn thành"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("phân công")
        verbose_name_plural = _("phân công")
        ordering = ["task_id", "role", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(organization__isnull=False) | Q(assignee_class__isnull=False),
                name="assignment_has_assignee",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="assignment_period_in_order",
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "valid_from"], name="assignment_org_idx"),
            models.Index(fields=["task", "valid_from"], name="assignment_task_idx"),
        ]

    def __str__(self) -> str:
        who = self.organization or self.assignee_class
        return f"{self.task.ref} → {who} ({self.get_role_display()})"


class ReportingPeriodReopen(models.Model):
    """A closed reporting period of a plan reopened by Sở Nội vụ until a date, with a reason."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="reopened_periods")
    year = models.PositiveSmallIntegerField(_("năm"))
    number = models.PositiveSmallIntegerField(_("kỳ"), null=True, blank=True)
    until = models.DateField(_("mở đến ngày"))
    reason = models.TextField(_("lý do"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kỳ báo cáo được mở lại")
        verbose_name_plural = _("kỳ báo cáo được mở lại")

    def __str__(self) -> str:
        return f"{self.plan_id} {self.year}/{self.number or ''} đến {self.until:%d/%m/%Y}"


class ProgressReport(Approvable):
    assignment = models.ForeignKey(Assignment, on_delete=models.PROTECT, related_name="reports")
    period_kind = models.CharField(_("kỳ báo cáo"), max_length=10, choices=PeriodKind.choices)
    period_year = models.PositiveSmallIntegerField(_("năm"))
    period_number = models.PositiveSmallIntegerField(_("kỳ"), null=True, blank=True)
    period_start = models.DateField(_("từ ngày"))
    period_end = models.DateField(_("đến ngày"))
    progress = models.CharField(
        _("tình hình thực hiện"),
        max_length=20,
        choices=ProgressStatus.choices,
        default=ProgressStatus.IN_PROGRESS,
    )
    percent = models.PositiveSmallIntegerField(_("tỷ lệ hoàn thành (%)"), default=0)
    narrative = models.TextField(_("kết quả thực hiện"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("báo cáo tiến độ")
        verbose_name_plural = _("báo cáo tiến độ")
        ordering = ["assignment_id", "period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "period_kind", "period_year", "period_number"],
                name="progressreport_one_per_period",
            ),
            models.CheckConstraint(condition=Q(percent__lte=100), name="progressreport_percent"),
        ]
        indexes = [
            models.Index(
                fields=["assignment", "period_end", "status"], name="progressreport_period_idx"
            )
        ]

    def __str__(self) -> str:
        return f"Báo cáo {self.period_label} — {self.assignment}"

    @property
    def period_label(self) -> str:
        if self.period_kind == PeriodKind.YEAR:
            return f"năm {self.period_year}"
        if self.period_kind == PeriodKind.HALF:
            return f"6 tháng {'đầu' if self.period_number == 1 else 'cuối'} năm {self.period_year}"
        if self.period_kind == PeriodKind.QUARTER:
            return f"quý {self.period_number}/{self.period_year}"
        return f"tháng {self.period_number}/{self.period_year}"


class EvidenceFile(models.Model):
    """Tài liệu minh chứng of a report: type checked by content, size limited."""

    report = models.ForeignKey(ProgressReport, on_delete=models.PROTECT, related_name="files")
    file = models.FileField(_("tệp"), upload_to="minh-chung/%Y/%m/")
    original_name = models.CharField(_("tên tệp"), max_length=255)
    file_type = models.CharField(_("loại tệp"), max_length=10)
    size = models.PositiveIntegerField(_("dung lượng (byte)"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tài liệu minh chứng")
        verbose_name_plural = _("tài liệu minh chứng")
        ordering = ["report_id", "id"]

    def __str__(self) -> str:
        return self.original_name


class ReassignmentItem(models.Model):
    """An assignment whose agency ended with several successors or none: waits to be given again."""

    assignment = models.ForeignKey(Assignment, on_delete=models.PROTECT, related_name="queue_items")
    event = models.ForeignKey(
        "organizations.ReorgEvent", on_delete=models.PROTECT, related_name="plan_queue_items"
    )
    candidates = models.ManyToManyField("organizations.Organization", blank=True, related_name="+")
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=QueueStatus.choices, default=QueueStatus.OPEN
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("phân công chờ giao lại")
        verbose_name_plural = _("phân công chờ giao lại")
        ordering = ["status", "-created_at"]

    def __str__(self) -> str:
        return f"Chờ giao lại: {self.assignment}"


class ReminderLog(models.Model):
    """One reminder digest per agency per working day."""

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="+"
    )
    day = models.DateField()
    recipients = models.JSONField(default=list)
    assignment_ids = models.JSONField(default=list)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "day"], name="reminder_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.day:%d/%m/%Y}"
