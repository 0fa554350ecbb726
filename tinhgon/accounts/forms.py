from django import forms

from tinhgon.accounts.choices import Role
from tinhgon.core.forms import BootstrapFormMixin


class UserCreateForm(BootstrapFormMixin, forms.Form):
    username = forms.CharField(label="Tên đăng nhập", max_length=150)
    full_name = forms.CharField(label="Họ và tên", max_length=200)
    email = forms.EmailField(label="Thư điện tử", required=False)
    role = forms.ChoiceField(label="Vai trò", choices=Role.choices, initial=Role.OFFICER)
    organization = forms.IntegerField(label="Cơ quan, đơn vị công tác (mã số)", required=False)
    scope_root = forms.IntegerField(label="Phạm vi dữ liệu (mã số cơ quan, đơn vị)", required=False)


class CodeForm(BootstrapFormMixin, forms.Form):
    code = forms.RegexField(
        label="Mã xác thực (6 chữ số)",
        regex=r"^\d{6}$",
        error_messages={"invalid": "Mã gồm 6 chữ số."},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
