"""Forms of the streamlining pages: they parse input only; the services and the rule validate and
explain (each refusal is put next to its field by :func:`refusal_to_form`)."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tinhgon.core.forms import BootstrapFormMixin
from tinhgon.rules.streamlining.common import DECREE_NAMES, EMPLOYMENTS
from tinhgon.streamlining import grounds
from tinhgon.streamlining.choices import Category, Policy

_DATE = {"type": "date"}


class MoneyField(forms.CharField):
    """Whole đồng, typed as 12345678 or 12.345.678."""

    def to_python(self, value: Any) -> int | None:  # type: ignore[override]
        raw = re.sub(r"[\s.,]", "", str(value or ""))
        if not raw:
            return None
        if not re.fullmatch(r"\d+", raw):
            raise forms.ValidationError(_("Phải là số nguyên đồng (ví dụ 12.345.678)."))
        return int(raw)


def _decrees() -> list[tuple[str, str]]:
    return [("", "— chọn theo nhóm chính sách và ngày nghỉ việc —"), *DECREE_NAMES.items()]


class CalculatorForm(BootstrapFormMixin, forms.Form):
    category = forms.ChoiceField(label=_("Nhóm chính sách"), choices=Category.choices)
    decree = forms.ChoiceField(label=_("Nghị định"), choices=_decrees, required=False)
    policy = forms.ChoiceField(label=_("Chính sách"), choices=Policy.choices)
    article_2_group = forms.TypedChoiceField(
        label=_("Nhóm đối tượng theo Điều 2 Nghị định 178/2024 (sửa đổi bởi Nghị định 67/2025)"),
        choices=[(1, "Khoản 1"), (2, "Khoản 2"), (3, "Khoản 3"), (4, "Khoản 4")],
        coerce=int,
        initial=1,
    )
    sex = forms.ChoiceField(label=_("Giới tính"), choices=[("M", "Nam"), ("F", "Nữ")])
    birth_date = forms.CharField(
        label=_("Ngày sinh"), help_text=_("YYYY-MM-DD, hoặc YYYY-MM, hoặc năm sinh YYYY.")
    )
    employment = forms.ChoiceField(label=_("Loại"), choices=list(EMPLOYMENTS.items()))
    annex = forms.ChoiceField(
        label=_("Tuổi nghỉ hưu theo"),
        choices=[("I", "Phụ lục I Nghị định 135/2020"), ("II", "Phụ lục II Nghị định 135/2020")],
    )
    insurance_years = forms.IntegerField(label=_("Số năm đóng BHXH"), min_value=0)
    insurance_months = forms.IntegerField(
        label=_("Số tháng lẻ đóng BHXH"), min_value=0, required=False, initial=0
    )
    salary_coefficient = forms.DecimalField(
        label=_("Hệ số lương"), required=False, max_digits=5, decimal_places=2
    )
    allowance_coefficient = forms.DecimalField(
        label=_("Tổng hệ số phụ cấp (chức vụ, thâm niên vượt khung…)"),
        required=False,
        max_digits=6,
        decimal_places=4,
    )
    current_salary_vnd = MoneyField(
        label=_("Hoặc: tiền lương tháng hiện hưởng (đồng)"),
        required=False,
        help_text=_("Để trống để tính từ hệ số × mức lương cơ sở của tháng trước tháng nghỉ."),
    )
    average_salary_60m_vnd = MoneyField(
        label=_("Tiền lương bình quân 60 tháng (chỉ Nghị định 29/2023)"), required=False
    )
    reorganization_effective_date = forms.DateField(
        label=_("Ngày hiệu lực quyết định sắp xếp"),
        required=False,
        widget=forms.DateInput(attrs=_DATE, format="%Y-%m-%d"),
    )
    leave_date = forms.DateField(
        label=_("Ngày nghỉ việc (ngày 01 của tháng)"),
        widget=forms.DateInput(attrs=_DATE, format="%Y-%m-%d"),
    )

    def payload(self) -> dict[str, Any]:
        d = self.cleaned_data
        person: dict[str, Any] = {
            "sex": d["sex"],
            "birth_date": d["birth_date"],
            "employment": d["employment"],
            "annex": d["annex"],
            "insurance_years": d["insurance_years"],
            "insurance_months": d.get("insurance_months") or 0,
        }
        if d.get("current_salary_vnd") is not None:
            person["current_salary_vnd"] = d["current_salary_vnd"]
        elif d.get("salary_coefficient") is not None:
            person["salary_coefficient"] = str(d["salary_coefficient"])
            if d.get("allowance_coefficient"):
                person["allowance_coefficients"] = {
                    "phụ cấp (tổng hệ số)": str(d["allowance_coefficient"])
                }
        if d.get("average_salary_60m_vnd") is not None:
            person["average_salary_60m_vnd"] = d["average_salary_60m_vnd"]
        payload: dict[str, Any] = {
            "category": d["category"],
            "policy": d["policy"],
            "person": person,
            "leave_date": d["leave_date"].isoformat(),
        }
        if d.get("decree"):
            payload["decree"] = d["decree"]
        if d["category"] == Category.SAP_XEP:
            payload["article_2_group"] = d["article_2_group"]
        if d.get("reorganization_effective_date"):
            payload["reorganization_effective_date"] = d[
                "reorganization_effective_date"
            ].isoformat()
        return payload


# The rule's paths → the calculator's fields.
CALCULATOR_FIELDS = {
    "category": "category",
    "decree": "decree",
    "policy": "policy",
    "article_2_group": "article_2_group",
    "leave_date": "leave_date",
    "reorganization_effective_date": "reorganization_effective_date",
    "person.sex": "sex",
    "person.birth_date": "birth_date",
    "person.employment": "employment",
    "person.annex": "annex",
    "person.insurance_years": "insurance_years",
    "person.insurance_months": "insurance_months",
    "person.current_salary_vnd": "current_salary_vnd",
    "person.salary_coefficient": "salary_coefficient",
    "person.base_salary_vnd": "salary_coefficient",
    "person.average_salary_60m_vnd": "average_salary_60m_vnd",
    "person.statutory_retirement_date": "birth_date",
}


class CaseForm(BootstrapFormMixin, forms.Form):
    period = forms.TypedChoiceField(label=_("Đợt xét duyệt"), coerce=int, choices=())
    category = forms.ChoiceField(label=_("Nhóm chính sách"), choices=[("", "—"), *Category.choices])
    ground = forms.ChoiceField(
        label=_("Căn cứ, đối tượng"),
        choices=[("", "—"), *[(g.code, g.text) for g in grounds.GROUNDS]],
    )
    policy = forms.ChoiceField(label=_("Chính sách"), choices=[("", "—"), *Policy.choices])
    decree = forms.ChoiceField(label=_("Nghị định"), choices=_decrees, required=False)
    leave_date = forms.DateField(
        label=_("Ngày nghỉ việc (ngày 01 của tháng)"),
        widget=forms.DateInput(attrs=_DATE, format="%Y-%m-%d"),
    )
    reorganization_effective_date = forms.DateField(
        label=_("Ngày hiệu lực quyết định sắp xếp"),
        required=False,
        widget=forms.DateInput(attrs=_DATE, format="%Y-%m-%d"),
        help_text=_("Bắt buộc với Nghị định 178/2024: mốc tính 12 tháng đầu tiên."),
    )
    insurance_years = forms.IntegerField(label=_("Số năm đóng BHXH"), min_value=0)
    insurance_months = forms.IntegerField(
        label=_("Số tháng lẻ đóng BHXH"), min_value=0, required=False
    )
    current_salary_vnd = MoneyField(
        label=_("Tiền lương tháng hiện hưởng (đồng)"),
        required=False,
        help_text=_(
            "Để trống để tính từ hệ số lương và phụ cấp trong hồ sơ × mức lương cơ sở của tháng "
            "trước tháng nghỉ việc."
        ),
    )
    average_salary_60m_vnd = MoneyField(
        label=_("Tiền lương bình quân 60 tháng (chỉ Nghị định 29/2023)"), required=False
    )
    note = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, periods: list[tuple[int, str]] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [("", "—"), *periods]  # type: ignore[attr-defined]


class PeriodForm(BootstrapFormMixin, forms.Form):
    agency = forms.TypedChoiceField(label=_("Cơ quan"), coerce=int, choices=())
    year = forms.IntegerField(label=_("Năm"))
    sequence = forms.IntegerField(label=_("Đợt"), min_value=1, initial=1)
    name = forms.CharField(label=_("Tên đợt"), required=False, max_length=200)

    def __init__(self, *args: Any, agencies: list[tuple[int, str]] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = agencies  # type: ignore[attr-defined]


class ApproveForm(BootstrapFormMixin, forms.Form):
    decision_number = forms.CharField(label=_("Số quyết định phê duyệt"), max_length=100)
    decision_date = forms.DateField(
        label=_("Ngày quyết định"), widget=forms.DateInput(attrs=_DATE, format="%Y-%m-%d")
    )
    reason = forms.CharField(label=_("Ý kiến phê duyệt"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReasonForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Lý do trả lại"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class PayForm(BootstrapFormMixin, forms.Form):
    paid_on = forms.DateField(
        label=_("Ngày chi trả"), widget=forms.DateInput(attrs=_DATE, format="%Y-%m-%d")
    )
    reference = forms.CharField(label=_("Chứng từ chi trả"), required=False, max_length=200)
    version = forms.IntegerField(widget=forms.HiddenInput)


def refusal_to_form(form: forms.Form, problems: list[Any]) -> None:
    """Put each refusal next to its field (or on top when the path names no field)."""
    for p in problems:
        name = p.path or None
        visible = name in form.fields and not form.fields[name].widget.is_hidden
        form.add_error(name if visible else None, p.message)
