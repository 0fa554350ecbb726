"""Restructuring projects (đề án / phương án sắp xếp): a draft of proposed events.

A :class:`Project` holds its proposed events (:class:`ProposedEvent`), the proposed destination of
people (:class:`ProposedPlacement`) and, for each saved version of the draft, the impact computed
then (:class:`ProjectVersion`). Nothing touches the live registry until the project is applied
through ``restructuring.services.event_record`` (the one door). Statuses: draft → submitted →
appraised → approved (by decision) → applied, or returned with a reason.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tinhgon.core.approval import Approvable
from tinhgon.restructuring.choices import ProjectKind, ProjectStatus


class Project(Approvable):
    name = models.CharField(_("tên đề án"), max_length=300)
    kind = models.CharField(
        _("loại đề án"), max_length=30, choices=ProjectKind.choices, default=ProjectKind.OTHER
    )
    owner = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("cơ quan chủ trì"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    legal_basis = models.TextField(_("căn cứ pháp lý"), blank=True)
    effective_date = models.DateField(_("ngày hiệu lực dự kiến"), null=True, blank=True)
    plan_task = models.ForeignKey(
        "plans.Task",
        verbose_name=_("nhiệm vụ kế hoạch"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    plan_product = models.ForeignKey(
        "plans.Product",
        verbose_name=_("sản phẩm kế hoạch"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    draft_number = models.PositiveIntegerField(_("phiên bản dự thảo"), default=1)
    baseline = models.JSONField(default=dict, blank=True)  # versions of units and people at saving
    impact = models.JSONField(default=dict, blank=True)  # impact of the latest version
    appraising_body = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("cơ quan thẩm định"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    appraisal_due = models.DateField(_("hạn thẩm định"), null=True, blank=True)
    appraised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    appraised_on = models.DateField(_("ngày thẩm định"), null=True, blank=True)
    appraisal_comment = models.TextField(_("ý kiến thẩm định"), blank=True)
    appraisal_late = models.BooleanField(_("thẩm định quá hạn"), default=False)
    decision = models.ForeignKey(
        "organizations.LegalDocument",
        verbose_name=_("quyết định phê duyệt"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    applied_on = models.DateField(_("ngày thực hiện"), null=True, blank=True)
    application_error = models.TextField(_("lỗi khi thực hiện"), blank=True)
    events = models.ManyToManyField(
        "organizations.ReorgEvent", blank=True, related_name="projects"
    )  # the registry's events of the applied project
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("đề án sắp xếp")
        verbose_name_plural = _("đề án sắp xếp")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name

    @property
    def status_label(self) -> str:
        try:
            return str(ProjectStatus(self.status).label)
        except ValueError:
            return self.status


class ProposedEvent(models.Model):
    """One proposed event. Units are referred to by their id in the registry or, for a unit the
    project creates, by the ``key`` of a proposed successor of an earlier event (``"A"``…)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="proposed_events")
    position = models.PositiveIntegerField(default=0)
    kind = models.CharField(_("loại sự kiện"), max_length=30)
    predecessors = models.JSONField(_("đơn vị trước"), default=list)
    receiver = models.JSONField(_("đơn vị nhận (sáp nhập)"), null=True, blank=True)
    new_units = models.JSONField(_("đơn vị mới đề xuất"), default=list)
    changes = models.JSONField(_("thay đổi"), default=dict, blank=True)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)

    class Meta:
        ordering = ["project_id", "position"]

    def __str__(self) -> str:
        return f"{self.position + 1}. {self.kind}"


class ProposedPlacement(models.Model):
    """Where a person of a unit the project ends goes (``destination`` blank: without a place)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="placements")
    person = models.ForeignKey("workforce.Person", on_delete=models.PROTECT, related_name="+")
    destination = models.JSONField(_("đơn vị đến"), null=True, blank=True)

    class Meta:
        ordering = ["project_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "person"], name="placement_once_per_project")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} → {self.destination}"


class ProjectVersion(models.Model):
    """A saved version of the draft: its content, the impact computed then and what changed."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    content = models.JSONField(default=dict)
    impact = models.JSONField(default=dict)
    changes = models.JSONField(default=list)  # Vietnamese lines: what changed since the last one
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["project_id", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="project_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.project_id} v{self.number}"
