"""The guided event form: the same validation as the API (both end in ``event_record``)."""

from __future__ import annotations

from typing import Any

from django import forms

from tinhgon.core.forms import BootstrapFormMixin
from tinhgon.organizations.choices import AutonomyGroup, Category, EventKind, Kind, Sector

# What each kind of event asks for.
KIND_FIELDS: dict[str, set[str]] = {
    EventKind.ESTABLISH: {"new"},
    EventKind.RENAME: {"preds", "new_name"},
    EventKind.MERGE: {"preds", "new"},
    EventKind.ABSORB: {"preds", "receiver"},
    EventKind.SPLIT: {"preds", "new", "new2"},
    EventKind.SEPARATE: {"preds", "new"},
    EventKind.TRANSFER: {"preds", "new_parent"},
    EventKind.CHANGE_AUTONOMY_GROUP: {"preds", "new_group"},
    EventKind.CONVERT_JSC: {"preds"},
    EventKind.DISSOLVE: {"preds"},
}
KIND_HELP: dict[str, str] = {
    EventKind.ESTABLISH: "Thành lập đơn vị mới.",
    EventKind.RENAME: "Đổi tên một đơn vị; đơn vị tiếp tục hoạt động.",
    EventKind.MERGE: "Hợp nhất: từ 2 đơn vị trở lên thành một đơn vị mới; các đơn vị cũ chấm dứt hoạt động.",
    EventKind.ABSORB: "Sáp nhập: một hoặc nhiều đơn vị nhập vào một đơn vị đang hoạt động (đơn vị nhận giữ nguyên).",
    EventKind.SPLIT: "Chia: một đơn vị chia thành từ 2 đơn vị mới trở lên và chấm dứt hoạt động.",
    EventKind.SEPARATE: "Tách: một bộ phận tách ra thành đơn vị mới; đơn vị cũ tiếp tục hoạt động.",
    EventKind.TRANSFER: "Chuyển giao đơn vị sang cơ quan quản lý trực tiếp khác.",
    EventKind.CHANGE_AUTONOMY_GROUP: "Thay đổi nhóm tự chủ tài chính (Nghị định 60/2021).",
    EventKind.CONVERT_JSC: "Chuyển đơn vị sự nghiệp công lập thành công ty cổ phần.",
    EventKind.DISSOLVE: "Giải thể đơn vị.",
}


class EventForm(BootstrapFormMixin, forms.Form):
    kind = forms.ChoiceField(label="Loại sự kiện", choices=EventKind.choices)
    effective_date = forms.DateField(
        label="Ngày hiệu lực", widget=forms.DateInput(attrs={"type": "date"})
    )
    decision_number = forms.CharField(
        label="Số, ký hiệu quyết định",
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "123/QĐ-UBND"}),
    )
    decision_date = forms.DateField(
        label="Ngày ban hành", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    decision_issuer = forms.CharField(
        label="Cơ quan ban hành", max_length=300, required=False, initial="UBND tỉnh Hà Tĩnh"
    )
    decision_signer = forms.CharField(label="Người ký", max_length=200, required=False)
    decision_title = forms.CharField(
        label="Trích yếu", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    predecessors = forms.CharField(
        label="Đơn vị trước (mã số)", required=False, widget=forms.HiddenInput
    )
    receiver = forms.IntegerField(
        label="Đơn vị nhận (mã số)", required=False, widget=forms.HiddenInput
    )
    new_parent = forms.IntegerField(
        label="Cơ quan quản lý trực tiếp mới (mã số)", required=False, widget=forms.HiddenInput
    )
    new_name = forms.CharField(label="Tên mới", max_length=300, required=False)
    new_group = forms.TypedChoiceField(
        label="Nhóm tự chủ mới",
        choices=[("", "—"), *AutonomyGroup.choices],
        coerce=int,
        required=False,
        empty_value=None,
    )
    unit_name = forms.CharField(label="Tên đơn vị mới", max_length=300, required=False)
    unit_kind = forms.ChoiceField(
        label="Loại hình", choices=[("", "—"), *Kind.choices], required=False
    )
    unit_sector = forms.ChoiceField(
        label="Lĩnh vực", choices=[("", "—"), *Sector.choices], required=False
    )
    unit_category = forms.ChoiceField(label="Phân loại", choices=Category.choices, required=False)
    unit_parent = forms.IntegerField(
        label="Cơ quan quản lý trực tiếp (mã số)", required=False, widget=forms.HiddenInput
    )
    unit2_name = forms.CharField(label="Tên đơn vị mới thứ hai", max_length=300, required=False)
    note = forms.CharField(
        label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def predecessor_ids(self) -> list[int]:
        raw = self.cleaned_data.get("predecessors") or ""
        return [int(p) for p in raw.replace(";", ",").split(",") if p.strip().isdigit()]

    def field_groups(self) -> set[str]:
        kind: Any = self.data.get("kind") or self.initial.get("kind") or EventKind.MERGE
        return KIND_FIELDS.get(kind, set())
