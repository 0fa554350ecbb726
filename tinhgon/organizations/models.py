"""The registry: organizations whose attributes are dated, decisions, and reorganization events.

Temporal model (docs/architecture.md): an :class:`Organization` is a stable identity alive from
``valid_from`` to ``valid_to`` (inclusive; null = still alive). Its attributes live in
:class:`OrganizationState` rows that tile its life without gaps or overlaps; an event effective on
day D ends the states it changes on D−1 and opens new ones on D. Nothing is ever deleted.
"""

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tinhgon.core.text import fold
from tinhgon.core.versioning import Versioned
from tinhgon.organizations.choices import (
    PUBLIC_SERVICE_UNIT_KINDS,
    AutonomyGroup,
    Category,
    EventKind,
    Kind,
    Level,
    LinkRole,
    Sector,
)


def alive_on(date: dt.date, prefix: str = "") -> Q:
    """Rows whose ``[valid_from, valid_to]`` period contains ``date``."""
    return Q(**{f"{prefix}valid_from__lte": date}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": date})
    )


class LegalDocument(models.Model):
    """A decision or other legal document; one decision can carry many events.

    The same number, date and issuer is the same record.
    """

    number = models.CharField(_("số, ký hiệu"), max_length=100)
    seq = models.PositiveIntegerField(_("số"))
    type_code = models.CharField(_("loại (viết tắt)"), max_length=10, blank=True)
    type_name = models.CharField(_("loại văn bản"), max_length=60)
    year = models.PositiveSmallIntegerField(_("năm trong ký hiệu"), null=True, blank=True)
    date = models.DateField(_("ngày ban hành"))
    issuer = models.CharField(_("cơ quan ban hành"), max_length=300)
    issuer_folded = models.CharField(max_length=300, editable=False)
    issuer_org = models.ForeignKey(
        "Organization",
        verbose_name=_("cơ quan ban hành (trong sổ)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="issued_documents",
    )
    signer = models.CharField(_("người ký"), max_length=200, blank=True)
    title = models.TextField(_("trích yếu"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("văn bản")
        verbose_name_plural = _("văn bản")
        ordering = ["-date", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["number", "date", "issuer_folded"], name="legaldocument_unique_identity"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} ngày {self.date:%d/%m/%Y}"

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        self.issuer_folded = fold(self.issuer)
        super().save(*args, **kwargs)


class OrganizationQuerySet(models.QuerySet["Organization"]):
    def alive_on(self, date: dt.date) -> "OrganizationQuerySet":
        return self.filter(alive_on(date))


class Organization(Versioned):
    """A stable identity for an agency or unit; its dated attributes are its states."""

    code = models.CharField(
        _("mã định danh"),
        max_length=40,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Mã định danh theo QĐ 20/2020/QĐ-TTg nếu có."),
    )
    valid_from = models.DateField(_("hoạt động từ ngày"))
    valid_to = models.DateField(_("đến ngày"), null=True, blank=True)
    is_demo = models.BooleanField(_("dữ liệu mẫu"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("cơ quan, đơn vị")
        verbose_name_plural = _("cơ quan, đơn vị")
        indexes = [models.Index(fields=["valid_from", "valid_to"], name="org_life_idx")]

    def __str__(self) -> str:
        state = self.last_state
        return state.name if state else f"#{self.pk}"

    # Set by the registry's services when they have just written or read the last state (their
    # audit rows name the unit without one query per row); never set elsewhere.
    known_last_state: "OrganizationState | None" = None

    @property
    def last_state(self) -> "OrganizationState | None":
        if self.known_last_state is not None:
            return self.known_last_state
        states = getattr(self, "_prefetched_objects_cache", {}).get("states")
        if states is not None:
            return max(states, key=lambda s: s.valid_from, default=None)
        return self.states.order_by("-valid_from").first()

    def state_on(self, date: dt.date) -> "OrganizationState | None":
        return self.states.filter(alive_on(date)).first()

    def is_alive_on(self, date: dt.date) -> bool:
        return self.valid_from <= date and (self.valid_to is None or self.valid_to >= date)


class OrganizationStateQuerySet(models.QuerySet["OrganizationState"]):
    def as_of(self, date: dt.date) -> "OrganizationStateQuerySet":
        return self.filter(alive_on(date))

    def public_service_units(self) -> "OrganizationStateQuerySet":
        return self.filter(kind__in=PUBLIC_SERVICE_UNIT_KINDS)

    def search(self, q: str) -> "OrganizationStateQuerySet":
        return self.filter(name_folded__contains=fold(q)) if q.strip() else self


class OrganizationState(models.Model):
    """The attributes of one organization over one period ``[valid_from, valid_to]``."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="states")
    valid_from = models.DateField(_("từ ngày"))
    valid_to = models.DateField(_("đến ngày"), null=True, blank=True)
    name = models.CharField(_("tên"), max_length=300)
    name_folded = models.CharField(max_length=300, editable=False, db_index=True)
    kind = models.CharField(_("loại hình"), max_length=30, choices=Kind.choices)
    sector = models.CharField(_("lĩnh vực"), max_length=30, choices=Sector.choices)
    category = models.CharField(
        _("phân loại"), max_length=30, choices=Category.choices, blank=True, default=""
    )
    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices)
    managing_body = models.ForeignKey(
        Organization,
        verbose_name=_("cơ quan quản lý trực tiếp"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="managed_states",
    )
    autonomy_group = models.PositiveSmallIntegerField(
        _("nhóm tự chủ"), choices=AutonomyGroup.choices, null=True, blank=True
    )
    unit_class = models.CharField(_("hạng đơn vị"), max_length=20, blank=True)
    has_management_board = models.BooleanField(_("có Hội đồng quản lý"), default=False)
    opened_by = models.ForeignKey(
        "ReorgEvent", null=True, blank=True, on_delete=models.PROTECT, related_name="opened_states"
    )

    objects = OrganizationStateQuerySet.as_manager()

    class Meta:
        verbose_name = _("thông tin theo thời gian")
        verbose_name_plural = _("thông tin theo thời gian")
        ordering = ["organization_id", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "valid_from"], name="orgstate_one_start_per_day"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="orgstate_period_in_order",
            ),
        ]
        indexes = [
            models.Index(fields=["valid_from", "valid_to", "kind"], name="orgstate_period_idx"),
            models.Index(fields=["managing_body", "valid_from"], name="orgstate_parent_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        self.name_folded = fold(self.name)
        super().save(*args, **kwargs)

    @property
    def is_public_service_unit(self) -> bool:
        return self.kind in PUBLIC_SERVICE_UNIT_KINDS


class ClassCount(models.Model):
    """Number of classes of a school in a school year (``school_year`` = its first calendar year)."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="class_counts"
    )
    school_year = models.PositiveSmallIntegerField(_("năm học (năm bắt đầu)"))
    classes = models.PositiveSmallIntegerField(_("số lớp"))

    class Meta:
        verbose_name = _("số lớp theo năm học")
        verbose_name_plural = _("số lớp theo năm học")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "school_year"], name="classcount_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.school_year}-{self.school_year + 1}: {self.classes}"


class ReorgEvent(models.Model):
    """A change from a date on, by a decision: N predecessors → M successors."""

    kind = models.CharField(_("loại sự kiện"), max_length=30, choices=EventKind.choices)
    effective_date = models.DateField(_("ngày hiệu lực"), db_index=True)
    decision = models.ForeignKey(
        LegalDocument, verbose_name=_("quyết định"), on_delete=models.PROTECT, related_name="events"
    )
    changes = models.JSONField(_("nội dung thay đổi"), default=dict, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("sự kiện sắp xếp")
        verbose_name_plural = _("sự kiện sắp xếp")
        ordering = ["effective_date", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.effective_date:%d/%m/%Y}, {self.decision.number})"

    def participants(self, role: str) -> list[Organization]:
        return [link.organization for link in self.links.all() if link.role == role]

    def names_by_role(self) -> dict[str, list[str]]:
        """The names of the units before and after the event ("A, B → C"), from its links."""
        out: dict[str, list[str]] = {"before": [], "after": []}
        for link in self.links.all():
            out["before" if link.role == LinkRole.PREDECESSOR else "after"].append(
                str(link.organization)
            )
        return out

    def links_with_units(self) -> "list[EventLink]":
        """The event's links with their units: as the registry just wrote them when it left them
        on the event (the steps of the one door), else read with their units."""
        cached = getattr(self, "_prefetched_objects_cache", {}).get("links")
        if cached is not None:
            return list(cached)
        return list(self.links.select_related("organization"))


class EventLink(models.Model):
    event = models.ForeignKey(ReorgEvent, on_delete=models.PROTECT, related_name="links")
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="event_links"
    )
    role = models.CharField(max_length=12, choices=LinkRole.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["event", "organization", "role"], name="eventlink_unique"
            )
        ]
        indexes = [models.Index(fields=["organization", "role"], name="eventlink_org_idx")]

    def __str__(self) -> str:
        return f"{self.event_id}:{self.role}:{self.organization_id}"
