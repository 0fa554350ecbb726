"""Helpers of the reports tests: open a docx, an xlsx and a PDF and read back what matters."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from openpyxl import load_workbook

from tinhgon.conftest import People, Registry
from tinhgon.plans.tests.conftest import SmallPlan, at, make_plan


@pytest.fixture
def small_plan(registry: Registry, people: People) -> SmallPlan:
    with at(dt.date(2025, 1, 20)):
        return make_plan(people.supervisor, registry)


def open_docx(data: bytes) -> Any:
    return Document(io.BytesIO(data))


def all_paragraphs(d: Any) -> list[Any]:
    """Every paragraph, in tables too (header, signature and recipients are tables)."""
    out = list(d.paragraphs)
    for table in d.tables:
        for row in table.rows:
            seen = set()
            for cell in row.cells:
                if id(cell._tc) in seen:
                    continue
                seen.add(id(cell._tc))
                out.extend(cell.paragraphs)
    return out


def paragraph(d: Any, text: str) -> Any:
    found = [p for p in all_paragraphs(d) if p.text == text]
    assert found, f"no paragraph {text!r}"
    return found[0]


def sheet_totals_ok(ws: Any) -> list[tuple[str, int, int]]:
    """(cell, formula total, sum of the cells) for every SUM formula of ``ws``."""
    out = []
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("=SUM("):
                m = re.fullmatch(r"=SUM\(([A-Z]+)(\d+):([A-Z]+)(\d+)\)", cell.value)
                assert m, cell.value
                col, a, b = m[1], int(m[2]), int(m[4])
                values = [ws[f"{col}{r}"].value for r in range(a, b + 1)]
                assert all(isinstance(v, int) for v in values)
                out.append((cell.coordinate, sum(values), b - a + 1))
    return out


def open_xlsx(data: bytes) -> Any:
    return load_workbook(io.BytesIO(data))


def pdf_text(path: Path) -> str:
    assert shutil.which("pdftotext"), "poppler-utils (pdftotext) is needed"
    text = subprocess.run(
        ["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return " ".join(text.split())  # lines wrapped in the header's narrow columns joined


def pdf_fonts(path: Path) -> list[list[str]]:
    out = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    return [line.split() for line in out if line.strip()]
