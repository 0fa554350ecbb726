from django import forms

from tinhgon.core.forms import BootstrapFormMixin
from tinhgon.staffing.choices import EntryType, QuotaKind


class EntryForm(BootstrapFormMixin, forms.Form):
    kind = forms.ChoiceField(label="Loại biên chế", choices=QuotaKind.choices)
    entry_type = forms.ChoiceField(label="Loại bút toán", choices=EntryType.choices)
    year = forms.IntegerField(label="Năm")
    amount = forms.IntegerField(
        label="Số lượng",
        help_text="Giao biên chế: số được giao; điều chỉnh: +/−; chuyển đi, thu hồi: số âm.",
    )
    effective_date = forms.DateField(
        label="Ngày hiệu lực", widget=forms.DateInput(attrs={"type": "date"})
    )
    decision_number = forms.CharField(label="Số, ký hiệu quyết định", max_length=100)
    decision_date = forms.DateField(
        label="Ngày ban hành", widget=forms.DateInput(attrs={"type": "date"})
    )
    decision_issuer = forms.CharField(
        label="Cơ quan ban hành", max_length=300, initial="UBND tỉnh Hà Tĩnh"
    )
    note = forms.CharField(
        label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class HeadcountForm(BootstrapFormMixin, forms.Form):
    """An agency's report of the people present in one unit on one date, per quota kind."""

    as_of = forms.DateField(label="Tại ngày", widget=forms.DateInput(attrs={"type": "date"}))
    civil_servant = forms.IntegerField(label="Biên chế công chức", required=False, min_value=0)
    public_employee_budget = forms.IntegerField(
        label="Viên chức hưởng lương từ NSNN", required=False, min_value=0
    )
    public_employee_revenue = forms.IntegerField(
        label="Viên chức hưởng lương từ nguồn thu sự nghiệp", required=False, min_value=0
    )
    contract = forms.IntegerField(label="Hợp đồng lao động", required=False, min_value=0)

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        if all(data.get(k) is None for k in QuotaKind.values):
            raise forms.ValidationError("Nhập số người có mặt của ít nhất một loại biên chế.")
        return data


class ReasonForm(BootstrapFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label="Lý do", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
