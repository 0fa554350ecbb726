from django.db import models
from django.utils.translation import gettext_lazy as _


class QuotaKind(models.TextChoices):
    """Kinds of quota; their official names change on 01/07/2026 (see ``rules.quota.kind_label``)."""

    CIVIL_SERVANT = "civil_servant", _("Biên chế công chức")
    PUBLIC_EMPLOYEE_BUDGET = "public_employee_budget", _("Viên chức hưởng lương từ NSNN")
    PUBLIC_EMPLOYEE_REVENUE = (
        "public_employee_revenue",
        _("Viên chức hưởng lương từ nguồn thu sự nghiệp"),
    )
    CONTRACT = "contract", _("Hợp đồng lao động")


class EntryType(models.TextChoices):
    ALLOCATION = "allocation", _("Giao biên chế")
    ADJUSTMENT = "adjustment", _("Điều chỉnh")
    TRANSFER_IN = "transfer_in", _("Nhận chuyển")
    TRANSFER_OUT = "transfer_out", _("Chuyển đi")
    RECOVERY = "recovery", _("Thu hồi")


DELTA_TYPES = frozenset(
    {EntryType.ADJUSTMENT, EntryType.TRANSFER_IN, EntryType.TRANSFER_OUT, EntryType.RECOVERY}
)


class ChainStep(models.TextChoices):
    PROPOSAL = "proposal", _("UBND tỉnh đề nghị")
    APPRAISAL = "appraisal", _("Bộ Nội vụ thẩm định")
    COUNCIL_RESOLUTION = "council_resolution", _("HĐND tỉnh quyết định tổng số")
    ASSIGNMENT = "assignment", _("UBND tỉnh giao cho từng cơ quan, đơn vị")


CHAIN_ORDER = [
    ChainStep.PROPOSAL,
    ChainStep.APPRAISAL,
    ChainStep.COUNCIL_RESOLUTION,
    ChainStep.ASSIGNMENT,
]


class SubmissionSource(models.TextChoices):
    """Where a proposed set of ledger entries or headcounts came from."""

    FORM = "form", _("Biểu mẫu trên trang")
    API = "api", _("Giao diện lập trình (API)")
    IMPORT = "import", _("Nhập từ tệp Excel")
