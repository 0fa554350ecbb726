"""Forms of the restructuring projects' pages (the editor reuses the guided event form)."""

from __future__ import annotations

from django import forms

from tinhgon.core.forms import BootstrapFormMixin
from tinhgon.organizations.choices import AutonomyGroup
from tinhgon.restructuring.choices import ProjectKind
from tinhgon.restructuring.forms import EventForm


class ProjectForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(label="Tên đề án", max_length=300)
    kind = forms.ChoiceField(label="Loại đề án", choices=ProjectKind.choices)
    owner = forms.IntegerField(label="Cơ quan chủ trì (mã số)", widget=forms.HiddenInput)
    effective_date = forms.DateField(
        label="Ngày hiệu lực dự kiến", widget=forms.DateInput(attrs={"type": "date"})
    )
    legal_basis = forms.CharField(
        label="Căn cứ pháp lý", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ProposedEventForm(EventForm):
    """The guided event form without the decision (the project's decision comes at approval)."""

    unit_group = forms.TypedChoiceField(
        label="Nhóm tự chủ của đơn vị mới",
        choices=[("", "—"), *AutonomyGroup.choices],
        coerce=int,
        required=False,
        empty_value=None,
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for name in ("decision_number", "decision_date", "decision_issuer", "decision_signer"):
            self.fields[name].required = False
        self.fields["effective_date"].required = False


class AppraiseForm(BootstrapFormMixin, forms.Form):
    comment = forms.CharField(label="Ý kiến thẩm định", widget=forms.Textarea(attrs={"rows": 3}))


class ReturnForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(label="Lý do trả lại", widget=forms.Textarea(attrs={"rows": 2}))


class ApproveForm(BootstrapFormMixin, forms.Form):
    number = forms.CharField(label="Số, ký hiệu quyết định", max_length=100)
    date = forms.DateField(label="Ngày ký", widget=forms.DateInput(attrs={"type": "date"}))
    issuer = forms.CharField(label="Cơ quan ban hành", max_length=300, initial="UBND tỉnh Hà Tĩnh")
    signer = forms.CharField(label="Người ký", max_length=200)
