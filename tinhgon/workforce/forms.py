"""Forms of the workforce pages (inputs only: the services validate)."""

from __future__ import annotations

from typing import Any

from django import forms

from tinhgon.core.forms import BootstrapFormMixin


class AssignmentFixForm(BootstrapFormMixin, forms.Form):
    position = forms.TypedChoiceField(
        label="Vị trí việc làm", coerce=int, required=False, empty_value=None
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, positions: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["position"].choices = [("", "— Chưa bố trí —"), *positions]  # type: ignore[attr-defined]
