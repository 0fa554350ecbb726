"""The quota ledger and the yearly quota chain.

Ledger semantics (docs/architecture.md, "Quota ledger"): an *allocation* states the number assigned to
an organization for a quota kind from its effective date; *adjustments*, *transfers* and *recoveries*
are signed changes after it, until the next allocation. A body's balance is the pool for its subtree:
the balances of its direct children never exceed it.

The ledger and the headcounts hold approved facts only. What an officer proposes (the entry form,
``POST /api/v1/quota-entries/``, the import) is a :class:`QuotaSubmission` or a
:class:`HeadcountSubmission` in the core approval flow; its approval by Sở Nội vụ writes the rows
(docs/architecture.md, "Quota and headcount submissions").
"""

import functools

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tinhgon.core.approval import Approvable
from tinhgon.staffing.choices import ChainStep, EntryType, QuotaKind, SubmissionSource


@functools.cache
def _labels() -> tuple[dict[str, str], dict[str, str]]:
    return (
        {value: str(label) for value, label in EntryType.choices},
        {value: str(label) for value, label in QuotaKind.choices},
    )


class QuotaEntry(models.Model):
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="quota_entries"
    )
    kind = models.CharField(_("loại biên chế"), max_length=30, choices=QuotaKind.choices)
    year = models.PositiveSmallIntegerField(_("năm"))
    entry_type = models.CharField(_("loại bút toán"), max_length=20, choices=EntryType.choices)
    amount = models.IntegerField(_("số lượng"))
    effective_date = models.DateField(_("ngày hiệu lực"))
    decision = models.ForeignKey(
        "organizations.LegalDocument", on_delete=models.PROTECT, related_name="quota_entries"
    )
    event = models.ForeignKey(
        "organizations.ReorgEvent",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="quota_entries",
    )
    counterpart = models.ForeignKey(
        "organizations.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("đơn vị đối ứng"),
    )
    note = models.TextField(_("ghi chú"), blank=True)
    submission = models.ForeignKey(
        "staffing.QuotaSubmission",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="entries",
        verbose_name=_("đề nghị đã phê duyệt"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bút toán biên chế")
        verbose_name_plural = _("sổ biên chế")
        ordering = ["effective_date", "id"]
        indexes = [
            # Balances (staffing.selectors.balances): the entries of an organization and kind up to a
            # date, in (date, id) order, with their amounts (index-only on PostgreSQL) …
            models.Index(
                fields=["organization", "kind", "effective_date", "id", "amount"],
                name="quota_org_kind_date_id_idx",
            ),
            # … and its latest allocation.
            models.Index(
                fields=["organization", "kind", "effective_date", "id"],
                condition=Q(entry_type=EntryType.ALLOCATION),
                name="quota_allocation_idx",
            ),
            # … and, on PostgreSQL, the entries of one kind over a window of dates (all the columns a
            # balance needs, index-only): see staffing.selectors.balance_total.
            models.Index(
                fields=["kind", "effective_date", "organization", "id", "amount", "entry_type"],
                name="quota_kind_date_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(entry_type=EntryType.ALLOCATION) | Q(amount__gte=0),
                name="quota_allocation_not_negative",
            )
        ]

    def __str__(self) -> str:
        # Written once per audit row of a batch: the labels are looked up, not translated, each time.
        entry_labels, kind_labels = _labels()
        entry = entry_labels.get(self.entry_type, self.entry_type)
        kind = kind_labels.get(self.kind, self.kind)
        return f"{entry} {self.amount:+d} {kind} ({self.effective_date:%d/%m/%Y})"


class QuotaChainStep(models.Model):
    """One step of the yearly cycle of ND 106 for a province: proposal → appraisal → resolution → assignment."""

    province = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("năm kế hoạch"))
    step = models.CharField(_("bước"), max_length=30, choices=ChainStep.choices)
    document = models.ForeignKey(
        "organizations.LegalDocument", on_delete=models.PROTECT, related_name="+"
    )
    date = models.DateField(_("ngày"))
    totals = models.JSONField(_("tổng số theo loại"), default=dict)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("bước giao biên chế")
        verbose_name_plural = _("quy trình giao biên chế")
        ordering = ["province_id", "year", "date"]
        constraints = [
            models.UniqueConstraint(fields=["province", "year", "step"], name="quotachain_one_step")
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.get_step_display()}"


class Headcount(models.Model):
    """Actual people present (entered or imported now; computed from the workforce later)."""

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="headcounts"
    )
    kind = models.CharField(_("loại biên chế"), max_length=30, choices=QuotaKind.choices)
    as_of = models.DateField(_("tại ngày"))
    count = models.PositiveIntegerField(_("số người có mặt"))
    submission = models.ForeignKey(
        "staffing.HeadcountSubmission",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="headcounts",
        verbose_name=_("báo cáo đã phê duyệt (lần ghi gần nhất)"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("số người có mặt")
        verbose_name_plural = _("số người có mặt")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "kind", "as_of"], name="headcount_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.count} ({self.as_of:%d/%m/%Y})"


class _Submission(Approvable):
    """Proposed rows in the core approval flow (``draft → submitted → approved | returned``).

    ``organization`` is the smallest subtree holding every row (its scope decides who sees the
    submission); ``rows`` are the proposed rows as JSON (organization ids, ISO dates), so the
    approval fingerprint covers them and “changed since approval” shows any change behind the lock.
    Approval re-validates the rows against the data of that moment and writes them through the
    staffing services in the same transaction, all or nothing.
    """

    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("cơ quan, đơn vị"),
    )
    title = models.CharField(_("nội dung"), max_length=300)
    source = models.CharField(
        _("nguồn"), max_length=20, choices=SubmissionSource.choices, default=SubmissionSource.FORM
    )
    rows = models.JSONField(_("các dòng đề nghị"), default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.title} ({len(self.rows)} dòng)"


class QuotaSubmission(_Submission):
    """Proposed ledger entries: one decision's entries (form, API) or one import file. Each row:
    ``organization, kind, year, entry_type, amount, effective_date, decision {number, date,
    issuer, signer}, note``."""

    class Meta(_Submission.Meta):
        verbose_name = _("đề nghị ghi sổ biên chế")
        verbose_name_plural = _("đề nghị ghi sổ biên chế")


class HeadcountSubmission(_Submission):
    """Headcounts an agency reports for its units. Each row: ``organization, kind, as_of, count``."""

    class Meta(_Submission.Meta):
        verbose_name = _("báo cáo số người có mặt")
        verbose_name_plural = _("báo cáo số người có mặt")
