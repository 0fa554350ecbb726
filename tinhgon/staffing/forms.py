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
