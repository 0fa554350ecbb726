"""``POST/GET /api/v1/reports/`` as a background job, the file's access, and ``make_report``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from tinhgon.core.models import Job
from tinhgon.reports.models import GeneratedReport
from tinhgon.reports.tests.conftest import open_docx, paragraph


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def test_api_generates_in_a_job_and_serves_the_file(
    api: Any, people: Any, registry: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = api("supervisor")
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(
            "/api/v1/reports/",
            {"kind": "dvsncl_annual", "period": "2025", "format": "docx"},
            format="json",
        )
    assert r.status_code == 202, r.content
    assert set(r.json()) == {"id", "status"}
    pk = r.json()["id"]
    report = GeneratedReport.objects.get(pk=pk)
    assert report.job.kind == "reports.generate" and report.owner == people.supervisor
    detail = client.get(f"/api/v1/reports/{pk}/").json()
    assert detail["status"] == Job.Status.DONE and detail["progress"] == 100, detail
    assert detail["file"].endswith(f"/api/v1/reports/{pk}/file/")
    f = client.get(f"/api/v1/reports/{pk}/file/")
    assert f.status_code == 200
    d = open_docx(b"".join(f.streaming_content))
    assert paragraph(d, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    # The owner and supervisors whose scope covers the report see it; an agency officer does not.
    assert api("officer_a").get(f"/api/v1/reports/{pk}/").status_code == 404
    assert api("officer_a").get(f"/api/v1/reports/{pk}/file/").status_code == 404
    assert api("leader").get(f"/api/v1/reports/{pk}/file/").status_code == 404
    assert api("admin").get(f"/api/v1/reports/{pk}/file/").status_code == 200


def test_api_officer_report_seen_by_supervisor(
    api: Any, people: Any, registry: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        r = api("officer_a").post(
            "/api/v1/reports/",
            {"kind": "dvsncl_annual", "period": "2025-12-31", "format": "xlsx"},
            format="json",
        )
    assert r.status_code == 202, r.content
    pk = r.json()["id"]
    assert GeneratedReport.objects.get(pk=pk).scope == registry.health  # the officer's own scope
    assert api("officer_a").get(f"/api/v1/reports/{pk}/file/").status_code == 200
    assert api("supervisor").get(f"/api/v1/reports/{pk}/file/").status_code == 200
    assert api("officer_b").get(f"/api/v1/reports/{pk}/").status_code == 404


@pytest.mark.parametrize(
    ("payload", "path", "words"),
    [
        ({"kind": "dvsncl_annual", "period": "2027", "format": "docx"}, "period", "chưa bắt đầu"),
        (
            {"kind": "dvsncl_annual", "period": "2026-Q5", "format": "docx"},
            "period",
            "không hợp lệ",
        ),
        ({"kind": "bao_cao_la", "period": "2025", "format": "docx"}, "kind", "chưa có mẫu"),
        ({"kind": "dvsncl_annual", "period": "2025", "format": "odt"}, "format", "không hỗ trợ"),
        (
            {"kind": "dvsncl_annual", "period": "2025", "format": "docx", "scope": "education"},
            "scope",
            "phạm vi",
        ),
    ],
)
def test_api_refusals_in_vietnamese(
    api: Any, registry: Any, payload: dict[str, Any], path: str, words: str
) -> None:
    if payload.get("scope") == "education":
        payload = {**payload, "scope": registry.education.pk}  # not in Sở Y tế's scope
    r = api("officer_a").post("/api/v1/reports/", payload, format="json")
    assert r.status_code == 400, r.content
    errors = r.json()["errors"]
    assert any(e["path"] == path and words in e["message"] for e in errors), errors
    assert not GeneratedReport.objects.exists() and not Job.objects.exists()


def test_cli_make_report(registry: Any, people: Any, tmp_path: Path) -> None:
    out = tmp_path / "bc.docx"
    call_command(
        "make_report", "dvsncl_annual", "--period", "2025", "--format", "docx",
        "--out", str(out), "--number", "--signer", "Võ Trọng Hải", "--user", people.supervisor.username,
    )  # fmt: skip
    d = open_docx(out.read_bytes())
    assert paragraph(d, "Số: 01/BC-UBND") and paragraph(d, "Võ Trọng Hải")
    call_command(
        "make_report", "dvsncl_annual", "--period", "2025", "--format", "pdf",
        "--out", str(tmp_path / "bc.pdf"), "--scope", str(registry.health.pk), "--number",
    )  # fmt: skip
    assert (tmp_path / "bc.pdf").read_bytes().startswith(b"%PDF")
    with pytest.raises(CommandError):
        call_command(
            "make_report", "dvsncl_annual", "--period", "2027-Q1", "--format", "xlsx",
            "--out", str(tmp_path / "x.xlsx"),
        )  # fmt: skip
    assert not (tmp_path / "x.xlsx").exists()
