"""Every text a user sends is NFC-normalized and rid of control characters, in every form and
serializer: a field-level mechanism installed once, when the core app is ready.

``forms.CharField.to_python`` and DRF's ``CharField.to_internal_value`` (and so every subclass:
``EmailField``, ``SlugField``, ``RegexField``, the text fields of model forms and serializers)
pass their result through :func:`tinhgon.core.text.clean_input`. Passwords are left as typed
(``PasswordInput``, ``style={"input_type": "password"}``): a password is a secret, not text to tidy.
``tests/security/test_text_input.py`` walks every form and serializer of the project to prove it.
"""

from __future__ import annotations

from typing import Any

from django import forms
from rest_framework import fields as drf_fields

from tinhgon.core.text import clean_input

_INSTALLED = "_tinhgon_clean_input"


def _is_password_form_field(field: Any) -> bool:
    return isinstance(getattr(field, "widget", None), forms.PasswordInput)


def _is_password_serializer_field(field: Any) -> bool:
    return (getattr(field, "style", None) or {}).get("input_type") == "password" or (
        getattr(field, "field_name", "") or ""
    ).startswith("password")


def install() -> None:
    if getattr(forms.CharField, _INSTALLED, False):
        return
    form_to_python = forms.CharField.to_python
    drf_to_internal = drf_fields.CharField.to_internal_value

    def to_python(self: forms.CharField, value: Any) -> Any:
        value = form_to_python(self, value)
        if isinstance(value, str) and not _is_password_form_field(self):
            value = clean_input(value)
        return value

    def to_internal_value(self: drf_fields.CharField, data: Any) -> Any:
        value = drf_to_internal(self, data)
        if isinstance(value, str) and not _is_password_serializer_field(self):
            value = clean_input(value)
        return value

    forms.CharField.to_python = to_python  # type: ignore[method-assign]
    drf_fields.CharField.to_internal_value = to_internal_value  # type: ignore[method-assign,assignment]
    setattr(forms.CharField, _INSTALLED, True)
