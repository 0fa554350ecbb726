"""Form helpers shared by every app."""

from typing import Any

from django import forms

from tinhgon.core.text import nfc, nfc_text


class BootstrapFormMixin:
    """Bootstrap classes on every widget, and NFC-normalized, trimmed text input (a textarea keeps
    its line breaks: :func:`tinhgon.core.text.nfc_text`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        for field in self.fields.values():  # type: ignore[attr-defined]
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                widget.attrs.setdefault("class", "form-select")
            elif not isinstance(widget, forms.HiddenInput):
                widget.attrs.setdefault("class", "form-control")

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean()  # type: ignore[misc]
        fields = self.fields  # type: ignore[attr-defined]
        for key, value in list(data.items()):
            if isinstance(value, str):
                multiline = key in fields and isinstance(fields[key].widget, forms.Textarea)
                data[key] = nfc_text(value) if multiline else nfc(value)
        return data
