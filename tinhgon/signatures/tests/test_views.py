"""The pages: request a PDF report, sign it with the person's key and the body's seal, download
it, and have the verification page check it; outsiders get nothing; make_test_ca's output."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from tinhgon.reports.models import GeneratedReport
from tinhgon.signatures import services
from tinhgon.signatures.models import Signature
from tinhgon.signatures.testca import CA_NAME
from tinhgon.signatures.tests.conftest import CA, PASS, Keys


def test_request_sign_download_verify(
    keys: Keys, web: Any, django_capture_on_commit_callbacks: Any
) -> None:
    leader = web("leader")
    with django_capture_on_commit_callbacks(execute=True):
        resp = leader.post("/ky-so/bao-cao/", {"kind": "dvsncl_annual", "period": "2025"})
    assert resp.status_code == 302
    rep = GeneratedReport.objects.get()
    assert rep.file
    page = leader.get("/ky-so/bao-cao/").content.decode()
    assert "Chưa ký" in page

    resp = leader.post(
        f"/ky-so/bao-cao/{rep.pk}/ky/",
        {
            "credential": keys.leader.pk,
            "secret": PASS,
            "seal": keys.province_seal.pk,
            "seal_secret": "sai",
        },
    )
    assert "Mật khẩu tệp khoá không đúng" in resp.content.decode()
    assert not Signature.objects.exists()

    # A report made here has no number: it cannot be issued ("Ký ban hành"), only confirmed.
    resp = leader.post(
        f"/ky-so/bao-cao/{rep.pk}/ky/",
        {"credential": keys.leader.pk, "secret": PASS, "step": "Ký ban hành"},
    )
    assert "chưa có số, ký hiệu văn bản nên chỉ ký xác nhận hoặc ký nháy" in resp.content.decode()
    assert not Signature.objects.exists()

    resp = leader.post(
        f"/ky-so/bao-cao/{rep.pk}/ky/",
        {
            "credential": keys.leader.pk,
            "secret": PASS,
            "seal": keys.province_seal.pk,
            "seal_secret": PASS,
        },
    )
    assert resp.status_code == 302
    last = Signature.objects.order_by("pk").last()
    assert last is not None
    got = leader.get(f"/ky-so/tai/{last.pk}/")
    assert got.status_code == 200 and got["Content-Type"] == "application/pdf"
    signed = b"".join(got.streaming_content)

    html = leader.post(
        "/ky-so/kiem-tra/",
        {"file": SimpleUploadedFile("bao-cao.pdf", signed, "application/pdf")},
    ).content.decode()
    assert "Văn bản có 2 chữ ký số, tất cả hợp lệ." in html
    assert "Lanh-Dao" in html and "Được tin cậy" in html

    broken = bytearray(signed)
    broken[len(broken) // 3] ^= 0x20
    html = leader.post(
        "/ky-so/kiem-tra/",
        {"file": SimpleUploadedFile("bao-cao.pdf", bytes(broken), "application/pdf")},
    ).content.decode()
    assert "KHÔNG" in html and "tất cả hợp lệ" not in html

    assert web("officer_b").get(f"/ky-so/tai/{last.pk}/").status_code == 404
    assert web("officer_b").get(f"/ky-so/bao-cao/{rep.pk}/ky/").status_code == 404
    assert web(None).get("/ky-so/kiem-tra/").status_code == 302


def test_make_test_ca(tmp_path: Path, registry: Any, people: Any, settings: Any) -> None:
    settings.TINHGON_SIGNATURE_DIR = tmp_path
    call_command("make_test_ca")
    ca = x509.load_pem_x509_certificate((tmp_path / "trust" / "tinhgon-test-ca.pem").read_bytes())
    assert CA_NAME in ca.subject.rfc4514_string()
    assert "KHÔNG DÙNG CHO SẢN XUẤT" in CA_NAME
    crl = x509.load_der_x509_crl((tmp_path / "crl" / "tinhgon-test-ca.crl").read_bytes())
    assert len(list(crl)) == 1
    assert crl.next_update_utc is not None
    assert crl.next_update_utc > dt.datetime(2026, 11, 26, tzinfo=dt.UTC)
    names = {p.stem for p in (tmp_path / "p12").glob("*.p12")}
    assert {"lanhdao", "snv", "co-quan-ubnd-tinh", "co-quan-so-noi-vu", "da-thu-hoi"} <= names


def test_signing_key_add_command(
    tmp_path: Path, people: Any, signing_dir: Path, test_ca: CA, monkeypatch: Any
) -> None:
    p12 = tmp_path / "k.p12"
    p12.write_bytes(test_ca.get(services.person_name(people.officer_b)).p12)
    args = ["--user", people.officer_b.username, "--p12", str(p12), "--secret-env", "KEY_PASS"]
    monkeypatch.setenv("KEY_PASS", "sai")
    with pytest.raises(CommandError, match="Mật khẩu tệp khoá không đúng"):
        call_command("signing_key_add", *args)
    monkeypatch.setenv("KEY_PASS", PASS)
    call_command("signing_key_add", *args)
    cred = people.officer_b.signing_credentials.get()
    assert bytes(cred.pkcs12) == p12.read_bytes()  # kept as issued: encrypted, no passphrase stored


def test_my_keys_page_registers_own_p12_only(
    people: Any, signing_dir: Path, test_ca: CA, web: Any
) -> None:
    mine = test_ca.get(services.person_name(people.officer_a)).p12
    other = test_ca.get("Người Khác").p12
    client = web("officer_a")
    resp = client.post("/ky-so/khoa/", {"p12": SimpleUploadedFile("k.p12", other), "secret": PASS})
    assert "không nhận chứng thư của người hoặc cơ quan khác" in resp.content.decode()
    resp = client.post("/ky-so/khoa/", {"p12": SimpleUploadedFile("k.p12", mine), "secret": PASS})
    assert resp.status_code == 302
    assert "Can-Bo-So-Y-Te" in client.get("/ky-so/khoa/").content.decode()
    assert people.officer_a.signing_credentials.count() == 1
