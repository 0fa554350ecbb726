from django import forms

from tinhgon.core.forms import BootstrapFormMixin
from tinhgon.organizations.choices import Category, Sector


class CorrectionForm(BootstrapFormMixin, forms.Form):
    state = forms.IntegerField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput)
    name = forms.CharField(label="Tên", max_length=300)
    code = forms.CharField(label="Mã định danh", max_length=40, required=False)
    sector = forms.ChoiceField(label="Lĩnh vực", choices=Sector.choices)
    category = forms.ChoiceField(label="Phân loại", choices=Category.choices, required=False)
    unit_class = forms.CharField(label="Hạng đơn vị", max_length=20, required=False)
    reason = forms.CharField(
        label="Lý do đính chính",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Đính chính là sửa thông tin nhập sai; thay đổi từ một ngày (đổi tên, chuyển giao…) phải ghi bằng sự kiện.",
    )
