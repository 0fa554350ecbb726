"""Every form and serializer of TinhGon NFC-normalizes text and strips control characters.

The test walks every Form and Serializer class defined in ``tinhgon`` (after importing every
``forms``/``api``/``views`` module) and feeds each text field an NFD string with control characters.
"""

from __future__ import annotations

import importlib
import pkgutil
import unicodedata
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from rest_framework import serializers
from rest_framework.exceptions import ValidationError as DRFValidationError

import tinhgon

TYPED = "Tru\u0301ng\u00a0 \x00Ta\u0300i\x07 chi\u0301nh\u200b"
KEPT = unicodedata.normalize("NFC", "Trúng\u00a0 Tài chính")


def _import_all() -> None:
    for mod in pkgutil.walk_packages(tinhgon.__path__, "tinhgon."):
        leaf = mod.name.rsplit(".", 1)[-1]
        if ".tests" in mod.name or "migrations" in mod.name or leaf == "conftest":
            continue
        if leaf in {"forms", "api", "views", "serializers", "import_api", "api_urls"} or any(
            part.endswith(("_views", "_api")) for part in mod.name.split(".")
        ):
            importlib.import_module(mod.name)


def _subclasses(base: type) -> list[type]:
    out, todo = [], [base]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("tinhgon.") and ".tests" not in sub.__module__:
                out.append(sub)
    return out


def _serializer_fields(cls: type) -> dict[str, Any]:
    try:
        return dict(cls().fields)  # type: ignore[call-arg]
    except Exception:  # a serializer that needs its view's context: its declared fields
        return dict(getattr(cls, "_declared_fields", {}))


def test_every_form_text_field_is_normalized(db: Any) -> None:
    _import_all()
    classes = _subclasses(forms.BaseForm)
    assert len(classes) >= 15, [c.__name__ for c in classes]
    checked = 0
    for cls in classes:
        for name, field in getattr(cls, "base_fields", {}).items():
            if not isinstance(field, forms.CharField) or isinstance(
                field.widget, forms.PasswordInput
            ):
                continue
            if isinstance(field, forms.EmailField | forms.URLField | forms.SlugField):
                continue
            try:
                value = field.to_python(TYPED)
            except ValidationError:
                continue  # a CharField subclass that parses numbers or codes: not free text
            assert value == KEPT.strip(), f"{cls.__module__}.{cls.__name__}.{name}"
            checked += 1
    assert checked >= 30


def test_every_serializer_text_field_is_normalized(db: Any) -> None:
    _import_all()
    classes = _subclasses(serializers.BaseSerializer)
    assert len(classes) >= 15, [c.__name__ for c in classes]
    checked = 0
    for cls in classes:
        for name, field in _serializer_fields(cls).items():
            if not isinstance(field, serializers.CharField) or field.read_only:
                continue
            if isinstance(field, serializers.EmailField | serializers.URLField):
                continue
            if (field.style or {}).get("input_type") == "password":
                continue
            try:
                value = field.to_internal_value(TYPED)
            except (ValidationError, DRFValidationError):
                continue
            assert value == (KEPT.strip() if field.trim_whitespace else KEPT), (
                f"{cls.__module__}.{cls.__name__}.{name}"
            )
            checked += 1
    assert checked >= 20


def test_a_multi_line_note_keeps_its_lines() -> None:
    field = forms.CharField(widget=forms.Textarea)
    assert field.to_python("Dòng 1\r\nDo\u0300ng 2\x0b") == "Dòng 1\r\nDòng 2"
