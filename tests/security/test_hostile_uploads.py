"""Issue 10 item 5: every hostile file, through every import path, is refused in Vietnamese and
leaves the database (the row count of every table) and the upload folder as they were.

Paths: the core pipeline (``run_import(commit=True)``, what the job and the CLI run), the upload
screen (``imports:upload`` of every registered kind) and the API (``POST /api/v1/imports/<kind>/``
with ``commit=true``). The corpus is built at run time (``tests/security/corpus.py``).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils.html import escape

from tests.security.corpus import CORPUS, build
from tinhgon.core import importing
from tinhgon.restructuring import import_views  # noqa: F401  (registers every kind)

VIETNAMESE = re.compile(r"[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]")


def table_counts() -> dict[str, int]:
    """Rows of every table of the database (models that other tests declare without a table, such
    as the core's approval probe, are left out)."""
    tables = set(connection.introspection.table_names())
    counts = {
        m._meta.label: m._default_manager.count()
        for m in apps.get_models()
        if m._meta.db_table in tables
    }
    assert len(counts) >= 60
    return counts


def kind_keys() -> list[str]:
    return [k.key for k in importing.kinds()]


@pytest.fixture
def uploads(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_the_corpus_is_large_and_covers_every_kind() -> None:
    assert len(CORPUS) >= 25
    assert len({h.name for h in CORPUS}) == len(CORPUS)
    assert {"registry", "quota_entries", "headcounts", "plan_tasks"} <= set(kind_keys())


def test_a_clean_template_passes_the_checks() -> None:
    for key in kind_keys():
        kind = importing.get_kind(key)
        assert kind is not None
        importing.check_file(importing.template_bytes(kind.spec))


def _check(refusals: list[tuple[str, str, str]], failures: list[str], where: str) -> None:
    for name, expected, message in refusals:
        if expected not in message or not VIETNAMESE.search(message):
            failures.append(f"{where} {name}: {message!r} (expected …{expected}…)")


def test_pipeline_refuses_every_hostile_file(people: Any, uploads: Path) -> None:
    before = table_counts()
    failures: list[str] = []
    for key in kind_keys():
        kind = importing.get_kind(key)
        assert kind is not None
        for hostile in CORPUS:
            result = importing.run_import(
                kind.spec,
                build(hostile.name, key),
                kind.apply,
                acting_user=people.supervisor,
                commit=True,
            )
            if result.committed or result.ok:
                failures.append(f"{key} {hostile.name}: accepted")
                continue
            _check(
                [(hostile.name, hostile.expected, " | ".join(e.message for e in result.errors))],
                failures,
                key,
            )
    assert failures == []
    assert table_counts() == before
    assert list(uploads.rglob("*")) == []


def test_upload_screen_refuses_every_hostile_file(people: Any, web: Any, uploads: Path) -> None:
    client = web("supervisor")
    before = table_counts()
    failures: list[str] = []
    for key in kind_keys():
        url = reverse("imports:upload", args=[key])
        for hostile in CORPUS:
            upload = SimpleUploadedFile(hostile.name, build(hostile.name, key))
            response = client.post(url, {"file": upload})
            page = response.content.decode()
            if response.status_code != 200 or escape(hostile.expected) not in page:
                failures.append(f"{key} {hostile.name}: {response.status_code}")
            elif "Ghi vào hệ thống" in page:
                failures.append(f"{key} {hostile.name}: offered to commit")
    assert failures == []
    assert table_counts() == before
    assert list(uploads.rglob("*")) == []


def test_api_refuses_every_hostile_file(people: Any, api: Any, uploads: Path) -> None:
    client = api("supervisor")
    before = table_counts()
    failures: list[str] = []
    for key in kind_keys():
        url = reverse("import-upload", args=[key])
        for hostile in CORPUS:
            upload = SimpleUploadedFile(hostile.name, build(hostile.name, key))
            response = client.post(url, {"file": upload, "commit": "true"}, format="multipart")
            if response.status_code != 400:
                failures.append(f"{key} {hostile.name}: {response.status_code}")
                continue
            errors = response.json()["errors"]
            _check(
                [(hostile.name, hostile.expected, " | ".join(e["message"] for e in errors))],
                failures,
                key,
            )
    assert failures == []
    assert table_counts() == before
    assert list(uploads.rglob("*")) == []


def test_api_import_of_a_clean_workbook_commits(people: Any, api: Any, registry: Any) -> None:
    """The API path is a real import, not a wall: the blank template is a valid empty import."""
    kind = importing.get_kind("headcounts")
    assert kind is not None
    upload = SimpleUploadedFile("mau.xlsx", importing.template_bytes(kind.spec))
    response = api("supervisor").post(
        reverse("import-upload", args=["headcounts"]), {"file": upload}, format="multipart"
    )
    assert response.status_code == 200, response.content
    assert response.json()["committed"] is False
    assert api("leader").post(
        reverse("import-upload", args=["headcounts"]), {"file": upload}, format="multipart"
    ).status_code in {403, 400}


def test_sheet_limits_are_settings_and_exact(settings: Any) -> None:
    """The furthest row and column are compared exactly with the documented settings."""
    import io

    from openpyxl import load_workbook

    kind = importing.get_kind("headcounts")
    assert kind is not None
    settings.TINHGON_IMPORT_MAX_ROWS = 120
    settings.TINHGON_IMPORT_MAX_COLUMNS = 30

    def with_cell(ref: str) -> bytes:
        wb = load_workbook(io.BytesIO(importing.template_bytes(kind.spec)))
        wb[kind.spec.sheets[0].name][ref] = "x"
        out = io.BytesIO()
        wb.save(out)
        return out.getvalue()

    importing.check_file(with_cell("A120"))
    importing.check_file(with_cell("AD2"))  # column 30
    for ref in ("A121", "AE2", "A1000"):
        with pytest.raises(importing.FileRefused, match="Trang tính quá lớn"):
            importing.check_file(with_cell(ref))
