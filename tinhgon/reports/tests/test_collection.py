"""Collection from agencies, approval, consolidation as a job, the leader's sign-off, sending, and
frozen versions whose snapshot renders the same document again."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from tinhgon.core.approval import ApprovalStatus
from tinhgon.core.errors import Refused
from tinhgon.core.models import AuditEntry, Job
from tinhgon.reports import services, snapshot
from tinhgon.reports.collection import agency_document, participants
from tinhgon.reports.models import (
    ReportRound,
    ReportVersion,
    RoundStatus,
    Submission,
    VersionStatus,
)
from tinhgon.reports.tests.conftest import all_paragraphs, open_docx, open_xlsx


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def _sub(rnd: ReportRound, org: Any) -> Submission:
    return Submission.objects.get(round=rnd, organization=org)


def _write(user: Any, sub: Submission, results: str) -> Submission:
    return services.submission_update(
        acting_user=user, submission=sub, expected_version=sub.version,
        results=results, problems="Thiếu nhân lực.", proposals="Bổ sung biên chế.",
    )  # fmt: skip


def _open(people: Any) -> ReportRound:
    return services.round_open(
        acting_user=people.supervisor,
        kind="dvsncl_annual",
        period="2025",
        plan_id=None,
        today=timezone.localdate(),
    )


def test_participants_are_the_bodies_under_the_province(registry: Any, people: Any) -> None:
    names = {o.pk for o in participants(timezone.localdate())}
    assert names == {registry.health.pk, registry.education.pk, registry.district.pk}


def test_round_flow_submit_return_approve_consolidate_sign_send(
    registry: Any, people: Any, web: Any, django_capture_on_commit_callbacks: Any
) -> None:
    today = timezone.localdate()
    with pytest.raises(Refused, match="Chỉ chuyên viên Sở Nội vụ"):
        services.round_open(
            acting_user=people.officer_a, kind="dvsncl_annual", period="2025", plan_id=None,
            today=today,
        )  # fmt: skip
    rnd = _open(people)
    assert rnd.submissions.count() == 3 and rnd.deadline.isoformat() == "2025-12-20"
    with pytest.raises(Refused, match="Đã có đợt"):
        _open(people)
    health, edu = _sub(rnd, registry.health), _sub(rnd, registry.education)
    # Nothing written yet: submitting is refused.
    with pytest.raises(Refused, match="ít nhất một phần"):
        services.submission_submit(
            acting_user=people.officer_a, submission=health, expected_version=health.version,
            today=today,
        )  # fmt: skip
    health = _write(people.officer_a, health, "Hoàn thành sắp xếp Trung tâm Y tế.")
    health = services.submission_submit(
        acting_user=people.officer_a, submission=health, expected_version=health.version,
        today=today,
    )  # fmt: skip
    assert health.status == ApprovalStatus.SUBMITTED
    # The agency's draft is its own data: Sở Y tế's three units, frozen with a checksum.
    own = snapshot.from_json(health.snapshot)
    assert sum(r[-1] for r in own.sections[0].tables[0].rows) == 3
    assert health.checksum == snapshot.checksum(health.snapshot)
    assert own.issuing_body == "Sở Y tế"
    edu = _write(people.officer_b, edu, "Sáp nhập trường.")
    edu = services.submission_submit(
        acting_user=people.officer_b, submission=edu, expected_version=edu.version, today=today
    )
    # The supervisor sees who has not submitted (the district).
    page = web("supervisor").get(f"/bao-cao/dot/{rnd.pk}/").content.decode()
    assert "Chưa gửi:</strong> UBND huyện Đức Thọ" in page
    # Return without a reason is refused; with one, the officer sees it and resubmits.
    with pytest.raises(Refused, match="lý do"):
        services.submission_decide(
            acting_user=people.supervisor, submission=edu, expected_version=edu.version,
            approve=False,
        )  # fmt: skip
    edu = services.submission_decide(
        acting_user=people.supervisor, submission=edu, expected_version=edu.version,
        approve=False, reason="Thiếu số liệu trường mầm non.",
    )  # fmt: skip
    assert edu.status == ApprovalStatus.RETURNED
    assert (
        "Thiếu số liệu trường mầm non."
        in web("officer_b").get(f"/bao-cao/don-vi/{edu.pk}/").content.decode()
    )
    with pytest.raises(Refused, match="Chỉ chuyên viên"):
        services.submission_decide(
            acting_user=people.officer_a, submission=health, expected_version=health.version,
            approve=True,
        )  # fmt: skip
    edu = _write(people.officer_b, edu, "Sáp nhập 2 trường tiểu học.")
    edu = services.submission_submit(
        acting_user=people.officer_b, submission=edu, expected_version=edu.version, today=today
    )
    for s in (health, edu):
        services.submission_decide(
            acting_user=people.supervisor, submission=s, expected_version=s.version, approve=True
        )
    # Consolidate as a background job through the page.
    with django_capture_on_commit_callbacks(execute=True):
        r = web("supervisor").post(f"/bao-cao/dot/{rnd.pk}/tong-hop/")
    job = Job.objects.get(kind="reports.consolidate")
    assert r.status_code == 302 and r["Location"] == f"/viec/{job.pk}/"
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.percent == 100, job.message
    v = ReportVersion.objects.get(round=rnd)
    assert v.status == VersionStatus.DRAFT and v.checksum == snapshot.checksum(v.snapshot)
    doc = snapshot.from_json(v.snapshot)
    headings = [s.heading for s in doc.sections]
    assert "Tình hình báo cáo của các cơ quan, đơn vị" in headings
    bullets = [b for s in doc.sections for b in s.bullets]
    assert "Sở Giáo dục và Đào tạo: Sáp nhập 2 trường tiểu học." in bullets
    assert "Sở Y tế: Hoàn thành sắp xếp Trung tâm Y tế." in bullets
    assert doc.number is None  # a draft has no number yet
    # The province's numbers, not only the agencies': ten units.
    assert sum(r[-1] for r in doc.sections[0].tables[0].rows) == 10
    # Sending before the leader's sign-off is refused; only a leader signs.
    with pytest.raises(Refused, match="ký duyệt trước"):
        services.version_send(acting_user=people.supervisor, version=v)
    with pytest.raises(Refused, match="Chỉ lãnh đạo"):
        services.version_sign_off(
            acting_user=people.supervisor, version=v, signer_name="X", today=today
        )
    v = services.version_sign_off(
        acting_user=people.leader, version=v, signer_name="Võ Trọng Hải", today=today
    )
    assert v.snapshot["number"] == 1 and v.checksum == snapshot.checksum(v.snapshot)
    v = services.version_send(acting_user=people.supervisor, version=v)
    rnd.refresh_from_db()
    assert rnd.status == RoundStatus.SENT and v.status == VersionStatus.SENT
    assert set(v.file_checksums) == {"docx", "xlsx", "pdf"}
    # The stored files are what their checksums say; regenerating from the snapshot gives the
    # same content (text of every paragraph, every cell of every sheet, the PDF's text).
    for fmt in ("docx", "xlsx", "pdf"):
        with getattr(v, fmt).open("rb") as f:
            stored = f.read()
        assert snapshot.sha256(stored) == v.file_checksums[fmt]
    again = ReportVersion.objects.get(pk=v.pk)
    fresh = {
        fmt: services.render_checked_from_snapshot(again.snapshot, fmt)
        for fmt in ("docx", "xlsx", "pdf")
    }
    stored_docx = services.version_render(again, "docx")
    assert [p.text for p in all_paragraphs(open_docx(stored_docx))] == [
        p.text for p in all_paragraphs(open_docx(fresh["docx"]))
    ]
    assert "Số: 01/BC-UBND" in [p.text for p in all_paragraphs(open_docx(stored_docx))]
    assert "Võ Trọng Hải" in [p.text for p in all_paragraphs(open_docx(stored_docx))]

    def cells(blob: bytes) -> list[list[Any]]:
        wb = open_xlsx(blob)
        return [[c.value for row in ws.iter_rows() for c in row] for ws in wb.worksheets]

    assert cells(services.version_render(again, "xlsx")) == cells(fresh["xlsx"])

    def text(blob: bytes) -> str:
        return subprocess.run(
            ["pdftotext", "-", "-"], input=blob, capture_output=True, check=True
        ).stdout.decode()

    assert text(services.version_pdf_bytes(again)) == text(fresh["pdf"])
    # A sent version is frozen: a second sign-off or consolidation is refused.
    with pytest.raises(Refused):
        services.version_sign_off(acting_user=people.leader, version=v, signer_name="", today=today)
    with pytest.raises(Refused, match="ký duyệt"):
        services.version_consolidate(acting_user=people.supervisor, rnd=rnd, today=today)
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"report_round_open", "submit", "return", "approve", "report_consolidate",
            "report_sign_off", "report_send", "document_number_take"} <= actions  # fmt: skip


def test_snapshot_round_trip_and_checksum(registry: Any, people: Any) -> None:
    from tinhgon.reports.generate import check_request, generate

    doc, _ = generate(check_request("dvsncl_annual", "2025", "docx", timezone.localdate()), None,
                      today=timezone.localdate())  # fmt: skip
    data = snapshot.to_json(doc)
    assert snapshot.to_json(snapshot.from_json(data)) == data
    assert snapshot.checksum(data) == snapshot.checksum(snapshot.to_json(snapshot.from_json(data)))
    changed = {**data, "summary": data["summary"] + "."}
    assert snapshot.checksum(changed) != snapshot.checksum(data)


def test_pages_by_role_and_outsiders(registry: Any, people: Any, web: Any) -> None:
    rnd = _open(people)
    health = _sub(rnd, registry.health)
    # Everyone sees the calendar; only supervisors may open a round.
    for who in ("supervisor", "officer_a", "leader"):
        page = web(who).get("/bao-cao/")
        assert page.status_code == 200 and "Lịch báo cáo năm 2026" in page.content.decode()
    assert "Mở đợt báo cáo" in web("supervisor").get("/bao-cao/?nam=2025").content.decode()
    assert "Mở đợt báo cáo" not in web("officer_a").get("/bao-cao/?nam=2025").content.decode()
    # The officer finds its own draft; another agency's officer gets 404; the round page is
    # for Sở Nội vụ, leaders and inspectors.
    assert f"/bao-cao/don-vi/{health.pk}/" in web("officer_a").get("/bao-cao/").content.decode()
    assert web("officer_a").get(f"/bao-cao/don-vi/{health.pk}/").status_code == 200
    assert web("officer_b").get(f"/bao-cao/don-vi/{health.pk}/").status_code == 404
    assert web("officer_a").get(f"/bao-cao/dot/{rnd.pk}/").status_code == 404
    assert web("leader").get(f"/bao-cao/dot/{rnd.pk}/").status_code == 200
    # Another agency's officer cannot write into it either.
    r = web("officer_b").post(
        f"/bao-cao/don-vi/{health.pk}/", {"op": "save", "version": health.version, "results": "x"}
    )
    assert r.status_code == 404
    assert _sub(rnd, registry.health).results == ""
    # The officer's page shows the preview of its own data (Decree 30 header included).
    page = web("officer_a").get(f"/bao-cao/don-vi/{health.pk}/").content.decode()
    assert "Xem trước bản nháp" in page and "CỘNG HÒA" not in page  # built only on request
    page = web("officer_a").get(f"/bao-cao/don-vi/{health.pk}/?xem-truoc=1").content.decode()
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in page and "SỞ Y TẾ" in page
    assert "style=" not in page.split("<main", 1)[1]  # CSP: no inline styles


def test_officer_saves_and_submits_through_the_page(registry: Any, people: Any, web: Any) -> None:
    rnd = _open(people)
    health = _sub(rnd, registry.health)
    r = web("officer_a").post(
        f"/bao-cao/don-vi/{health.pk}/",
        {"op": "submit", "version": health.version,
         "results": "Đã rà soát 12 đơn vị.\r\n\r\nCòn 2 đơn vị chưa xong.", "problems": "",
         "proposals": ""},
    )  # fmt: skip
    assert r.status_code == 302
    health.refresh_from_db()
    assert health.status == ApprovalStatus.SUBMITTED
    # The agency's paragraphs stay paragraphs in its report.
    section = next(
        s for s in agency_document(health, timezone.localdate()).sections
        if s.heading == "Kết quả nổi bật"
    )  # fmt: skip
    assert section.paragraphs == ["Đã rà soát 12 đơn vị.", "Còn 2 đơn vị chưa xong."]
    # A stale form is refused with what changed.
    r = web("officer_a").post(
        f"/bao-cao/don-vi/{health.pk}/", {"op": "save", "version": 1, "results": "x"}
    )
    assert r.status_code == 200 and "alert-danger" in r.content.decode()


def test_consolidation_needs_an_approved_submission(registry: Any, people: Any) -> None:
    rnd = _open(people)
    with pytest.raises(Refused, match="Chưa có báo cáo nào"):
        services.round_consolidate_start(acting_user=people.supervisor, rnd=rnd)


def test_pdf_of_a_version_is_a_pdf(registry: Any, people: Any) -> None:
    rnd = _open(people)
    sub = _write(people.officer_a, _sub(rnd, registry.health), "Kết quả.")
    sub = services.submission_submit(
        acting_user=people.officer_a, submission=sub, expected_version=sub.version,
        today=timezone.localdate(),
    )  # fmt: skip
    services.submission_decide(
        acting_user=people.supervisor, submission=sub, expected_version=sub.version, approve=True
    )
    v = services.version_consolidate(
        acting_user=people.supervisor, rnd=rnd, today=timezone.localdate()
    )
    assert services.version_pdf_bytes(v).startswith(b"%PDF")
    # A deputy signs for the chairman: "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH".
    v = services.version_sign_off(
        acting_user=people.leader, version=v, signer_name="Trần Báu Hà",
        today=timezone.localdate(), deputy=True,
    )  # fmt: skip
    texts = [p.text for p in all_paragraphs(open_docx(services.version_render(v, "docx")))]
    i = texts.index("TM. ỦY BAN NHÂN DÂN")
    assert texts[i : i + 3] == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    assert io.BytesIO(services.version_render(v, "docx")).read(2) == b"PK"


def test_calendar_windows_deadlines_and_states(registry: Any, people: Any) -> None:
    from tinhgon.reports.schedule import calendar

    dues = {(d.kind.code, d.code): d for d in calendar(2026, timezone.localdate())}
    q3 = dues[("plan_periodic", "2026-Q3")]
    assert (q3.start.isoformat(), q3.end.isoformat()) == ("2026-06-15", "2026-09-14")
    assert q3.deadline.isoformat() == "2026-09-20" and q3.state == "overdue"
    year = dues[("plan_periodic", "2026")]
    assert year.state == "open" and year.deadline.isoformat() == "2026-12-20"
    stats = dues[("headcount_stats", "2026")]
    assert stats.end.isoformat() == "2026-12-31" and stats.deadline.isoformat() == "2027-01-30"
    assert dues[("headcount_plan", "2026")].deadline.isoformat() == "2026-04-30"
    later = {(d.kind.code, d.code): d for d in calendar(2027, timezone.localdate())}
    assert later[("dvsncl_annual", "2027")].state == "not_begun"


def test_quick_generation_from_the_page(
    registry: Any, people: Any, web: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = web("officer_a")
    r = client.post("/bao-cao/", {"op": "generate", "kind": "dvsncl_annual", "period": "2027",
                                  "format": "pdf"})  # fmt: skip
    assert r.status_code == 200 and "chưa bắt đầu" in r.content.decode()
    r = client.post("/bao-cao/", {"op": "generate", "kind": "bao_cao_khac", "period": "2025",
                                  "format": "pdf"})  # fmt: skip
    assert "chưa có mẫu" in r.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post("/bao-cao/", {"op": "generate", "kind": "registry_list", "period": "2025",
                                      "format": "xlsx"})  # fmt: skip
    job = Job.objects.get(kind="reports.generate")
    assert r.status_code == 302 and r["Location"] == f"/viec/{job.pk}/"
    page = client.get(r["Location"]).content.decode()
    assert "Xem kết quả" in page
    f = client.get(job.params["result_url"])
    wb = open_xlsx(b"".join(f.streaming_content))
    names = [c.value for c in wb.worksheets[2]["A"][3:]]
    assert "Bệnh viện Đa khoa tỉnh Hà Tĩnh" in names  # the officer's own scope: Sở Y tế's units
    assert "Trường THPT Phan Đình Phùng" not in names


def test_agencies_that_have_not_submitted_are_reminded_in_the_daily_digest(
    registry: Any, people: Any, reminder_mail: None
) -> None:
    import datetime as dt

    from django.core import mail

    from tinhgon.plans import reminders

    rnd = _open(people)  # ĐVSNCL 2025, due 20/12/2025
    rnd.deadline = dt.date(2026, 12, 1)
    rnd.save()
    health = _write(people.officer_a, _sub(rnd, registry.health), "Đã rà soát.")
    services.submission_submit(
        acting_user=people.officer_a, submission=health, expected_version=health.version,
        today=timezone.localdate(),
    )  # fmt: skip

    # Thursday 26/11/2026: the deadline (Tuesday 01/12) is within 5 working days. Sở Y tế has
    # submitted; Sở GD&ĐT has not.
    reminders.send(dt.date(2026, 11, 26))
    assert [m.to for m in mail.outbox] == [["gddt@example.vn"]]
    body = mail.outbox[0].body
    assert "Báo cáo phải gửi:" in body
    assert "kỳ 2025 (chưa gửi) (hạn 01/12/2026)" in body
    assert "1 báo cáo phải gửi" in mail.outbox[0].subject

    # After the deadline, once the overdue window has passed: reminded as overdue.
    mail.outbox.clear()
    reminders.send(dt.date(2026, 12, 7))
    assert "(hạn 01/12/2026, đã quá hạn)" in mail.outbox[0].body
    # Once the round is consolidated nobody is reminded of it.
    mail.outbox.clear()
    ReportRound.objects.filter(pk=rnd.pk).update(status="consolidated")
    assert reminders.send(dt.date(2026, 12, 8)) == []
