"""Forms of the autonomy pages: they parse input only; the services validate and explain."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tinhgon.autonomy.choices import Band, DowngradeBasis
from tinhgon.autonomy.services import MONEY_FIELDS
from tinhgon.core.forms import BootstrapFormMixin
from tinhgon.organizations.choices import AutonomyGroup, Sector
from tinhgon.organizations.services import DecisionInput


class MoneyField(forms.CharField):
    """Whole đồng, typed as 1234567 or 1.234.567; the sign is kept so the service can name it."""

    def to_python(self, value: Any) -> int | None:  # type: ignore[override]
        raw = re.sub(r"[\s.,]", "", str(value or ""))
        if not raw:
            return None
        if not re.fullmatch(r"-?\d+", raw):
            raise forms.ValidationError(_("Phải là số nguyên đồng (ví dụ 1.234.567)."))
        return int(raw)


class FiguresForm(BootstrapFormMixin, forms.Form):
    year = forms.IntegerField(label=_("Năm"))
    revenue_services_vnd = MoneyField(label=MONEY_FIELDS["revenue_services_vnd"], required=False)
    revenue_fees_vnd = MoneyField(label=MONEY_FIELDS["revenue_fees_vnd"], required=False)
    revenue_business_vnd = MoneyField(label=MONEY_FIELDS["revenue_business_vnd"], required=False)
    revenue_other_vnd = MoneyField(label=MONEY_FIELDS["revenue_other_vnd"], required=False)
    total_revenue_vnd = MoneyField(
        label=MONEY_FIELDS["total_revenue_vnd"],
        help_text=_("Dùng để phát hiện một khoản thu bị tính hai lần ở các nguồn."),
    )
    recurrent_expenditure_vnd = MoneyField(label=MONEY_FIELDS["recurrent_expenditure_vnd"])
    investment_source_vnd = MoneyField(label=MONEY_FIELDS["investment_source_vnd"], required=False)
    depreciation_vnd = MoneyField(label=MONEY_FIELDS["depreciation_vnd"], required=False)
    budget_support_vnd = MoneyField(label=MONEY_FIELDS["budget_support_vnd"], required=False)
    has_service_revenue = forms.BooleanField(
        label=_("Có nguồn thu sự nghiệp"), required=False, initial=True
    )
    proposed_group = forms.TypedChoiceField(
        label=_("Nhóm đơn vị đề xuất (nếu khác kết quả tính)"),
        choices=[("", "— theo kết quả tính —"), *AutonomyGroup.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    proposed_reason = forms.CharField(
        label=_("Lý do đề xuất khác kết quả tính"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    note = forms.CharField(
        label=_("Ghi chú"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ApproveForm(BootstrapFormMixin, forms.Form):
    decision_number = forms.CharField(label=_("Số quyết định giao quyền tự chủ"), max_length=100)
    decision_date = forms.DateField(
        label=_("Ngày ban hành"), widget=forms.DateInput(attrs={"type": "date"})
    )
    decision_issuer = forms.CharField(
        label=_("Cơ quan ban hành"), max_length=300, initial="UBND tỉnh Hà Tĩnh"
    )
    effective_date = forms.DateField(
        label=_("Ngày hiệu lực của nhóm"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Để trống: ngày ban hành quyết định."),
    )
    downgrade_basis = forms.ChoiceField(
        label=_("Căn cứ hạ nhóm (Điều 35 Nghị định 60/2021/NĐ-CP)"),
        choices=DowngradeBasis.choices,
        required=False,
    )
    basis_note = forms.CharField(
        label=_("Nội dung căn cứ"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    reason = forms.CharField(label=_("Ý kiến phê duyệt"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean_decision_date(self) -> dt.date:
        value: dt.date = self.cleaned_data["decision_date"]
        return value


class ReasonForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class DecisionForm(BootstrapFormMixin, forms.Form):
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=100)
    decision_date = forms.DateField(
        label=_("Ngày ban hành"), widget=forms.DateInput(attrs={"type": "date"})
    )
    decision_issuer = forms.CharField(
        label=_("Cơ quan ban hành"), max_length=300, initial="UBND tỉnh Hà Tĩnh"
    )


def _group_field(label: Any, *, required: bool = True, blank: str = "") -> forms.TypedChoiceField:
    choices: list[tuple[Any, Any]] = [*AutonomyGroup.choices]
    if not required:
        choices = [("", blank), *choices]
    return forms.TypedChoiceField(
        label=label, choices=choices, coerce=int, empty_value=None, required=required
    )


def _date_field(label: Any, *, required: bool = True, **kw: Any) -> forms.DateField:
    return forms.DateField(
        label=label, required=required, widget=forms.DateInput(attrs={"type": "date"}), **kw
    )


class DecisionFieldsMixin(forms.Form):
    """The Quyết định giao quyền tự chủ tài chính: number, date, issuer, signer."""

    decision_number = forms.CharField(
        label=_("Số Quyết định giao quyền tự chủ tài chính"), max_length=100, required=False
    )
    decision_date = _date_field(_("Ngày ban hành quyết định"), required=False)
    decision_issuer = forms.CharField(
        label=_("Cơ quan ban hành"), max_length=300, required=False, initial="UBND tỉnh Hà Tĩnh"
    )
    decision_signer = forms.CharField(label=_("Người ký"), max_length=200, required=False)
    assigned_group = _group_field(_("Nhóm được giao"), required=False, blank="— như nhóm đề xuất —")

    DECISION_KEYS: tuple[str, ...] = ("decision_number", "decision_date", "decision_signer")

    def decision_input(self) -> DecisionInput | None:
        """None when no decision was entered (the issuer alone has a default)."""
        data = self.cleaned_data
        if not any(data.get(k) for k in self.DECISION_KEYS):
            return None
        return DecisionInput(
            data.get("decision_number") or "",
            data.get("decision_date"),
            data.get("decision_issuer") or "",
            data.get("decision_signer") or "",
            "Quyết định giao quyền tự chủ tài chính",
        )


class PlanForm(BootstrapFormMixin, DecisionFieldsMixin):
    period_start_year = forms.IntegerField(
        label=_("Năm đầu thời kỳ ổn định (5 năm)"),
        help_text=_("Thời kỳ ổn định đầu tiên theo Nghị định 60/2021/NĐ-CP: 2022–2026."),
    )
    proposed_group = _group_field(_("Nhóm đề xuất"))
    revenue_estimate_vnd = MoneyField(label=_("Dự toán thu năm đầu (A), đồng"))
    expenditure_estimate_vnd = MoneyField(label=_("Dự toán chi thường xuyên năm đầu (B), đồng"))
    submitted_on = _date_field(_("Ngày trình phương án"), required=False)
    note = forms.CharField(
        label=_("Ghi chú"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    field_order = [
        "period_start_year",
        "proposed_group",
        "revenue_estimate_vnd",
        "expenditure_estimate_vnd",
        "submitted_on",
        "note",
    ]


class PlanDecisionForm(BootstrapFormMixin, DecisionFieldsMixin):
    DECISION_KEYS: tuple[str, ...] = (
        "decision_number",
        "decision_date",
        "decision_issuer",
        "decision_signer",
    )


class RoadmapForm(BootstrapFormMixin, forms.Form):
    year = forms.IntegerField(label=_("Năm"))
    target_group = _group_field(_("Nhóm mục tiêu"))
    target_band = forms.ChoiceField(
        label=_("Mức mục tiêu (chỉ với nhóm 3)"),
        choices=[("", "—"), *Band.choices],
        required=False,
    )
    note = forms.CharField(
        label=_("Ghi chú"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class PublicServiceForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(label=_("Tên dịch vụ sự nghiệp công"), max_length=300)
    sector = forms.ChoiceField(label=_("Lĩnh vực"), choices=[("", "—"), *Sector.choices])
    unit_of_measure = forms.CharField(label=_("Đơn vị tính"), max_length=60)
    price_vnd = MoneyField(label=_("Giá, đơn giá (đồng)"))
    norm = forms.CharField(
        label=_("Định mức kinh tế - kỹ thuật"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    is_basic_essential = forms.BooleanField(
        label=_("Dịch vụ sự nghiệp công cơ bản, thiết yếu"), required=False
    )
    valid_from = _date_field(_("Áp dụng từ ngày"))
    valid_to = _date_field(_("Đến ngày"), required=False)
    decision_number = forms.CharField(
        label=_("Căn cứ: số quyết định ban hành danh mục, giá"), max_length=100
    )
    decision_date = _date_field(_("Ngày ban hành quyết định"))
    decision_issuer = forms.CharField(
        label=_("Cơ quan ban hành"), max_length=300, initial="UBND tỉnh Hà Tĩnh"
    )
    decision_signer = forms.CharField(label=_("Người ký"), max_length=200, required=False)

    def decision_input(self) -> DecisionInput:
        data = self.cleaned_data
        return DecisionInput(
            data["decision_number"],
            data["decision_date"],
            data["decision_issuer"],
            data.get("decision_signer") or "",
            "Danh mục dịch vụ sự nghiệp công sử dụng ngân sách nhà nước",
        )


def refusal_to_form(form: forms.Form, problems: list[Any]) -> None:
    """Put each refusal next to its field (or on top when the path names no field)."""
    for p in problems:
        name = p.path.rsplit(".", 1)[-1] if p.path else None
        if name == "number":
            name = "decision_number"
        elif name == "date" and "decision_date" in form.fields:
            name = "decision_date"
        elif name == "issuer":
            name = "decision_issuer"
        visible = name in form.fields and not form.fields[name].widget.is_hidden
        form.add_error(name if visible else None, p.message)
