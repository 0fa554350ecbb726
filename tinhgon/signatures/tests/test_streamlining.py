"""A streamlining case approved with a signature: the decision inputs asked on the signing page,
the rule's stored result inside the signed data, and a later change seen on the case page."""

from __future__ import annotations

from typing import Any

from tinhgon.core.approval import ApprovalStatus
from tinhgon.signatures.models import Signature
from tinhgon.signatures.tests.conftest import CA, PASS, register
from tinhgon.streamlining import services as sl_services
from tinhgon.streamlining.models import Case
from tinhgon.streamlining.tests.conftest import World, case_input, world  # noqa: F401 (fixture)


def test_case_signed_approval(world: World, people: Any, test_ca: CA, keys: Any, web: Any) -> None:  # noqa: F811
    case = sl_services.case_save(acting_user=world.hospital_officer, data=case_input(world))
    case = sl_services.case_submit(
        acting_user=world.hospital_officer, case=case, expected_version=case.version
    )
    from tinhgon.signatures import services

    cred = register(
        people.officer_a, None, test_ca.get(services.person_name(people.officer_a)), people.admin
    )
    page = web("officer_a").get(f"/tinh-gian/ho-so/{case.pk}/").content.decode()
    assert "Ký số và phê duyệt" in page
    url = f"/ky-so/phe-duyet/streamlining.case/{case.pk}/"
    form = web("officer_a").get(url).content.decode()
    assert "Số quyết định phê duyệt" in form and "rule_result" in form

    resp = web("officer_a").post(
        url, {"credential": cred.pk, "secret": PASS, "version": case.version, "decision_number": ""}
    )
    assert "Số quyết định phê duyệt: thiếu." in resp.content.decode()
    assert not Signature.objects.exists()

    resp = web("officer_a").post(
        url,
        {
            "credential": cred.pk,
            "secret": PASS,
            "version": case.version,
            "decision_number": "215/QĐ-SYT",
            "decision_date": "2026-08-10",
        },
    )
    assert resp.status_code == 302
    case.refresh_from_db()
    assert case.status == ApprovalStatus.APPROVED and case.decision is not None
    sig = Signature.objects.get()
    assert f'"decision":{case.decision_id}' in sig.data
    html = web("officer_a").get(f"/tinh-gian/ho-so/{case.pk}/").content.decode()
    assert "Chữ ký hợp lệ và khớp với dữ liệu hiện tại." in html
    Case.objects.filter(pk=case.pk).update(funding_source="khac")
    html = web("officer_a").get(f"/tinh-gian/ho-so/{case.pk}/").content.decode()
    assert "Chữ ký KHÔNG còn khớp" in html
