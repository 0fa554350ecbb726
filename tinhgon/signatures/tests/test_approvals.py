"""Signed approvals: the supervisor approves a progress report with a signature over its canonical
JSON; the hash matches the stored data until a direct database change, which the page shows."""

from __future__ import annotations

import datetime as dt
import unicodedata
from decimal import Decimal
from typing import Any

import pytest

from tinhgon.core.approval import ApprovalStatus
from tinhgon.core.models import AuditEntry
from tinhgon.plans import services as plan_services
from tinhgon.plans.choices import ProgressStatus
from tinhgon.plans.models import ProgressReport
from tinhgon.plans.tests.conftest import at, make_plan
from tinhgon.signatures import approvals, services
from tinhgon.signatures.canonical import canonical_json, sha256_hex
from tinhgon.signatures.models import Signature
from tinhgon.signatures.tests.conftest import PASS, Keys


@pytest.fixture
def submitted(registry: Any, people: Any) -> ProgressReport:
    with at(dt.date(2025, 1, 20)):
        plan = make_plan(people.supervisor, registry)
    a = plan.assignment(plan.dated, registry.health)
    with at(dt.date(2025, 3, 10)):
        r = plan_services.report_create(
            acting_user=people.officer_a,
            assignment=a,
            year=2025,
            number=1,
            progress=ProgressStatus.COMPLETED,
            percent=100,
            narrative="Đã hoàn thành rà soát mạng lưới",
        )
        return plan_services.report_submit(
            acting_user=people.officer_a, report=r, expected_version=r.version
        )


def url(r: ProgressReport) -> str:
    return f"/ky-so/phe-duyet/plans.progressreport/{r.pk}/"


def test_canonical_json_rules() -> None:
    nfd = unicodedata.normalize("NFD", "Hà Tĩnh")
    got = canonical_json({"b": Decimal("1.50"), "a": nfd, "c": dt.date(2026, 11, 26)})
    assert got == '{"a":"Hà Tĩnh","b":"1.50","c":"2026-11-26"}'.encode()


def test_signed_approval_hash_then_db_change_shows_mismatch(
    submitted: ProgressReport, keys: Keys, web: Any, people: Any
) -> None:
    page = web("supervisor").get(f"/ke-hoach/bao-cao/{submitted.pk}/")
    assert "Ký số và phê duyệt" in page.content.decode()
    resp = web("supervisor").post(
        url(submitted),
        {"credential": keys.supervisor.pk, "secret": PASS, "version": submitted.version},
    )
    assert resp.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == ApprovalStatus.APPROVED
    sig = Signature.objects.get()
    kind = approvals.get_kind("plans.progressreport")
    assert sig.data_hash == sha256_hex(canonical_json(services.approval_data(kind, submitted)))
    assert sig.cms and sig.certificate == bytes(keys.supervisor.certificate)
    audit = AuditEntry.objects.get(action="approval_sign")
    assert audit.after["sha256"] == sig.data_hash

    html = web("supervisor").get(f"/ke-hoach/bao-cao/{submitted.pk}/").content.decode()
    assert "Chữ ký hợp lệ và khớp với dữ liệu hiện tại." in html
    assert sig.data_hash in html

    ProgressReport.objects.filter(pk=submitted.pk).update(percent=60)  # behind the app's back
    html = web("supervisor").get(f"/ke-hoach/bao-cao/{submitted.pk}/").content.decode()
    assert "Chữ ký KHÔNG còn khớp: dữ liệu đã bị thay đổi sau khi ký phê duyệt" in html


def test_wrong_passphrase_leaves_it_unapproved(
    submitted: ProgressReport, keys: Keys, web: Any
) -> None:
    resp = web("supervisor").post(
        url(submitted),
        {"credential": keys.supervisor.pk, "secret": "sai", "version": submitted.version},
    )
    assert "Mật khẩu tệp khoá không đúng" in resp.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == ApprovalStatus.SUBMITTED
    assert not Signature.objects.exists()


def test_another_persons_key_refused(submitted: ProgressReport, keys: Keys, web: Any) -> None:
    resp = web("supervisor").post(
        url(submitted),
        {"credential": keys.leader.pk, "secret": PASS, "version": submitted.version},
    )
    assert "không phải của bạn" in resp.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == ApprovalStatus.SUBMITTED


def test_required_signature_refuses_plain_approval(
    submitted: ProgressReport, keys: Keys, web: Any, settings: Any
) -> None:
    settings.TINHGON_SIGNED_APPROVALS = ["plans.progressreport"]
    resp = web("supervisor").post(
        f"/ke-hoach/bao-cao/{submitted.pk}/", {"op": "approve", "version": submitted.version}
    )
    assert "Phê duyệt dữ liệu này phải ký số" in resp.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == ApprovalStatus.SUBMITTED
    web("supervisor").post(
        url(submitted),
        {"credential": keys.supervisor.pk, "secret": PASS, "version": submitted.version},
    )
    submitted.refresh_from_db()
    assert submitted.status == ApprovalStatus.APPROVED


def test_outsider_and_maker_cannot_sign(submitted: ProgressReport, keys: Keys, web: Any) -> None:
    assert web("officer_b").get(url(submitted)).status_code == 404
    assert web(None).get(url(submitted)).status_code == 302
    resp = web("officer_a").post(url(submitted), {"credential": keys.supervisor.pk, "secret": PASS})
    submitted.refresh_from_db()
    assert submitted.status == ApprovalStatus.SUBMITTED
    assert resp.status_code == 200
