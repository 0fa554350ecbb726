"""Quota entries and headcounts in the core approval flow: the form, the API and the import make
submissions; only Sở Nội vụ's approval (never the maker's) writes the ledger or the headcounts, all
or nothing, re-checked at that moment; returning needs a reason; many are approved with one reason;
the page says when an approved submission no longer matches what was approved."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tinhgon.conftest import api_client, web_client
from tinhgon.core.approval import BulkItem, approval_bulk_approve
from tinhgon.core.errors import Refused
from tinhgon.core.models import AuditEntry
from tinhgon.organizations.services import DecisionInput
from tinhgon.staffing import selectors
from tinhgon.staffing import submission_services as subs
from tinhgon.staffing.choices import EntryType, QuotaKind
from tinhgon.staffing.models import Headcount, HeadcountSubmission, QuotaEntry, QuotaSubmission
from tinhgon.staffing.services import EntryInput, HeadcountInput, quota_entries_record

pytestmark = pytest.mark.django_db

KIND = QuotaKind.PUBLIC_EMPLOYEE_BUDGET
DAY = dt.date(2026, 11, 26)
SELF = "không được tự phê duyệt"


@pytest.fixture
def pool(registry: Any, people: Any) -> Any:
    """Sở Y tế holds 100; its hospital 90 and its CDC 0: 10 left to give."""
    decision = DecisionInput("12/QĐ-UBND", dt.date(2026, 1, 5), "UBND tỉnh Hà Tĩnh")
    quota_entries_record(
        acting_user=people.supervisor,
        rows=[
            EntryInput(org.pk, KIND, 2026, EntryType.ALLOCATION, n, dt.date(2026, 1, 10), decision)
            for org, n in (
                (registry.province, 1000),
                (registry.health, 100),
                (registry.hospital, 90),
                (registry.cdc, 0),
            )
        ],
    )
    return registry


def _propose(user: Any, org: Any, amount: int) -> QuotaSubmission:
    return subs.quota_submission_create(
        acting_user=user,
        rows=[
            EntryInput(
                org.pk,
                KIND,
                2026,
                EntryType.ADJUSTMENT,
                amount,
                dt.date(2026, 11, 20),
                DecisionInput("345/QĐ-UBND", dt.date(2026, 11, 18), "UBND tỉnh Hà Tĩnh"),
            )
        ],
        title=f"Điều chỉnh {amount:+d}",
    )


def _balance(org: Any) -> int:
    return selectors.balance(org.pk, KIND, DAY)


def _badge(client: Any, url: str) -> bool:
    return 'data-testid="changed-since-approval"' in client.get(url).content.decode()


def test_the_entry_form_proposes_and_only_the_approval_writes_the_ledger(pool, people):
    h = pool.hospital
    officer = web_client(people.officer_a)
    r = officer.post(
        f"/bien-che/{h.pk}/but-toan/moi/",
        {
            "kind": KIND,
            "entry_type": EntryType.ADJUSTMENT,
            "year": 2026,
            "amount": 5,
            "effective_date": "2026-11-20",
            "decision_number": "345/QĐ-UBND",
            "decision_date": "2026-11-18",
            "decision_issuer": "UBND tỉnh Hà Tĩnh",
            "action": "submit",
        },
    )
    sub = QuotaSubmission.objects.get()
    url = f"/bien-che/de-nghi/so-bien-che/{sub.pk}/"
    assert r.status_code == 302 and r.url == url
    assert sub.status == "submitted" and _balance(h) == 90  # the ledger has not moved
    # The officer (maker, not Sở Nội vụ) sees it without the decision buttons and cannot approve.
    page = officer.get(url).content.decode()
    assert "Bệnh viện" in page and 'data-testid="approve"' not in page
    assert "· Gửi phê duyệt" in page  # the history names the step in Vietnamese
    assert officer.post(f"{url}phe-duyet/", {"version": sub.version}).status_code == 403
    assert web_client(people.leader).post(f"{url}phe-duyet/", {"version": 1}).status_code == 403
    assert web_client(people.officer_b).get(url).status_code == 404
    # Sở Nội vụ: in the queue, approved from the page: exactly that entry, then the balance moves.
    sup = web_client(people.supervisor)
    assert (
        f'data-testid="pick-{sub.pk}"' in sup.get("/bien-che/de-nghi/so-bien-che/").content.decode()
    )
    r = sup.post(f"{url}phe-duyet/", {"version": sub.version, "reason": "Đúng quyết định"})
    assert r.status_code == 302
    sub.refresh_from_db()
    assert sub.status == "approved" and sub.decided_by == people.supervisor
    entries = list(QuotaEntry.objects.filter(submission=sub).values_list("organization", "amount"))
    assert entries == [(h.pk, 5)] and _balance(h) == 95
    # Approved is locked: it cannot be sent again, and the page says what was written.
    with pytest.raises(Refused, match="Không thể chuyển"):
        subs.submission_submit(
            acting_user=people.officer_a, submission=sub, expected_version=sub.version
        )
    assert "Đã ghi 1 bút toán" in sup.get(url).content.decode()


def test_the_maker_never_approves_and_returning_needs_a_reason(pool, people):
    own = _propose(people.supervisor, pool.hospital, 2)
    r = api_client(people.supervisor).post(
        f"/api/v1/quota-submissions/{own.pk}/approve/", {"version": own.version}, format="json"
    )
    assert r.status_code == 400 and SELF in r.json()["errors"][0]["message"]
    sub = _propose(people.officer_a, pool.hospital, 3)
    sup = web_client(people.supervisor)
    url = f"/bien-che/de-nghi/so-bien-che/{sub.pk}/"
    r = sup.post(f"{url}tra-lai/", {"version": sub.version, "reason": " "})
    assert r.status_code == 400 and "Phải nêu rõ lý do" in r.content.decode()
    sup.post(f"{url}tra-lai/", {"version": sub.version, "reason": "Sai số quyết định"})
    sub.refresh_from_db()
    assert sub.status == "returned" and sub.decision_reason == "Sai số quyết định"
    assert _balance(pool.hospital) == 90
    # The maker sends it again through the API; then another Sở Nội vụ user approves it.
    r = api_client(people.officer_a).post(
        f"/api/v1/quota-submissions/{sub.pk}/submit/", {"version": sub.version}, format="json"
    )
    assert r.status_code == 200 and r.json()["status"] == "submitted"
    subs.submission_approve(acting_user=people.admin, obj=own, expected_version=own.version)
    assert _balance(pool.hospital) == 92


def test_a_submission_made_stale_by_another_approval_is_refused_naming_its_row(pool, people):
    """Both fit in Sở Y tế's 10 when proposed; once the first is approved the second no longer does."""
    first = _propose(people.officer_a, pool.hospital, 6)
    second = _propose(people.officer_a, pool.cdc, 6)
    subs.submission_approve(
        acting_user=people.supervisor, obj=first, expected_version=first.version
    )
    before = AuditEntry.objects.count()
    with pytest.raises(Refused) as exc:
        subs.submission_approve(
            acting_user=people.supervisor, obj=second, expected_version=second.version
        )
    (problem,) = exc.value.problems
    assert problem.path == "rows[0].amount"
    assert problem.message.startswith("Dòng 1 (Trung tâm Kiểm soát bệnh tật")
    assert "vượt số" in problem.message and "Sở Y tế" in problem.message
    second.refresh_from_db()
    assert second.status == "submitted" and AuditEntry.objects.count() == before
    assert _balance(pool.cdc) == 0 and not QuotaEntry.objects.filter(submission=second).exists()
    # The page shows the refusal with the row.
    r = web_client(people.supervisor).post(
        f"/bien-che/de-nghi/so-bien-che/{second.pk}/phe-duyet/", {"version": second.version}
    )
    assert r.status_code == 400 and "Dòng 1 (Trung tâm Kiểm soát bệnh tật" in r.content.decode()


def test_bulk_approval_with_one_reason_is_all_or_nothing(pool, people):
    a = _propose(people.officer_a, pool.hospital, 4)
    b = _propose(people.officer_a, pool.cdc, 4)
    c = _propose(people.officer_a, pool.cdc, 4)  # a + b + c = 12 > the 10 left
    api = api_client(people.supervisor)
    url = "/api/v1/quota-submissions/bulk-approve/"
    items = [{"id": s.pk, "version": s.version} for s in (a, b, c)]
    r = api.post(url, {"items": items, "reason": "Đúng quyết định"}, format="json")
    assert r.status_code == 400
    assert [e["path"] for e in r.json()["errors"]] == ["items[2].rows[0].amount"]
    assert set(QuotaSubmission.objects.values_list("status", flat=True)) == {"submitted"}
    assert (_balance(pool.hospital), _balance(pool.cdc)) == (90, 0)
    r = api.post(url, {"items": items[:2], "reason": " "}, format="json")
    assert r.status_code == 400
    # From the queue page: the two that fit, one reason.
    r = web_client(people.supervisor).post(
        "/bien-che/de-nghi/so-bien-che/",
        {"items": [f"{a.pk}:{a.version}", f"{b.pk}:{b.version}"], "reason": "Đúng quyết định"},
        follow=True,
    )
    assert "Đã phê duyệt 2 đề nghị." in r.content.decode()
    assert (_balance(pool.hospital), _balance(pool.cdc)) == (94, 4)
    rows = AuditEntry.objects.filter(action="approve", object_type="staffing.quotasubmission")
    assert {(row.object_id, row.reason) for row in rows} == {
        (str(a.pk), "Đúng quyết định"),
        (str(b.pk), "Đúng quyết định"),
    }
    # An officer of another agency cannot even name them.
    r = api_client(people.officer_b).post(
        url, {"items": [{"id": c.pk, "version": c.version}], "reason": "x"}, format="json"
    )
    assert r.status_code == 404


def test_post_quota_entry_through_the_api_makes_a_submission(pool, people):
    r = api_client(people.officer_a).post(
        "/api/v1/quota-entries/",
        {
            "organization": pool.hospital.pk,
            "kind": KIND,
            "year": 2026,
            "entry_type": EntryType.ADJUSTMENT,
            "amount": 1,
            "effective_date": "2026-11-20",
            "decision": {"number": "345/QĐ-UBND", "date": "2026-11-18", "issuer": "UBND tỉnh"},
            "submit": False,
        },
        format="json",
    )
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["status"] == "draft" and body["rows"][0]["amount"] == 1
    assert QuotaSubmission.objects.get(pk=body["id"]).source == "api"
    assert _balance(pool.hospital) == 90
    # Still refused at once when it cannot hold: the ledger's checks run on the proposal.
    r = api_client(people.officer_a).post(
        "/api/v1/quota-entries/",
        {
            "organization": pool.cdc.pk,
            "kind": KIND,
            "year": 2026,
            "entry_type": EntryType.ADJUSTMENT,
            "amount": 11,
            "effective_date": "2026-11-20",
            "decision": {"number": "345/QĐ-UBND", "date": "2026-11-18", "issuer": "UBND tỉnh"},
        },
        format="json",
    )
    assert r.status_code == 400 and "vượt số" in r.json()["errors"][0]["message"]


def test_changed_since_approval_badge(pool, people):
    sub = _propose(people.officer_a, pool.hospital, 2)
    subs.submission_approve(acting_user=people.supervisor, obj=sub, expected_version=sub.version)
    client = web_client(people.supervisor)
    url = f"/bien-che/de-nghi/so-bien-che/{sub.pk}/"
    assert not _badge(client, url)
    changed = [dict(sub.rows[0], amount=9)]
    QuotaSubmission.objects.filter(pk=sub.pk).update(rows=changed)  # behind the services' back
    assert _badge(client, url)


# ---------------------------------------------------------------------------------------------
# Headcounts


def test_headcounts_reported_by_the_agency_written_only_on_approval(pool, people):
    h = pool.hospital
    officer = api_client(people.officer_a)
    body = {"rows": [{"organization": h.pk, "kind": KIND, "as_of": "2026-11-01", "count": 88}]}
    # Another agency cannot report for Sở Y tế's hospital.
    assert (
        api_client(people.officer_b)
        .post("/api/v1/headcount-submissions/", body, format="json")
        .status_code
        == 404
    )
    r = officer.post("/api/v1/headcount-submissions/", body, format="json")
    assert r.status_code == 201 and r.json()["status"] == "submitted"
    sub = HeadcountSubmission.objects.get(pk=r.json()["id"])
    assert sub.organization_id == h.pk and not Headcount.objects.exists()
    url = f"/api/v1/headcount-submissions/{sub.pk}/"
    assert api_client(people.officer_b).get(url).status_code == 404
    assert (
        officer.post(f"{url}approve/", {"version": sub.version}, format="json").status_code == 403
    )
    sup = api_client(people.supervisor)
    r = sup.post(f"{url}return/", {"version": sub.version, "reason": ""}, format="json")
    assert r.status_code == 400 and r.json()["errors"][0]["path"] == "reason"
    r = sup.post(f"{url}approve/", {"version": sub.version, "reason": "Khớp"}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "approved"
    assert selectors.present([h.pk], KIND, DAY) == {h.pk: 88}
    assert Headcount.objects.get().submission_id == sub.pk
    # The page form makes a submission too; the maker cannot approve it.
    page = web_client(people.officer_a)
    r = page.post(
        f"/bien-che/{h.pk}/so-nguoi/moi/",
        {"as_of": "2026-11-15", KIND: 87, "action": "submit"},
    )
    mine = HeadcountSubmission.objects.latest("pk")
    assert r.status_code == 302 and len(mine.rows) == 1 and mine.status == "submitted"
    with pytest.raises(Refused, match=SELF):
        subs.submission_approve(
            acting_user=people.officer_a, obj=mine, expected_version=mine.version
        )
    with pytest.raises(Refused) as exc:
        approval_bulk_approve(
            acting_user=people.supervisor,
            items=[BulkItem(mine, mine.version - 1)],
            reason="Khớp",
            approve=subs.submission_approve,
        )
    assert exc.value.problems[0].path == "items[0].version"
    assert selectors.present([h.pk], KIND, DAY) == {h.pk: 88}


def test_headcount_submission_filed_under_the_smallest_common_body(pool, people):
    sub = subs.headcount_submission_create(
        acting_user=people.supervisor,
        rows=[
            HeadcountInput(pool.hospital.pk, KIND, dt.date(2026, 11, 1), 80),
            HeadcountInput(pool.cdc.pk, KIND, dt.date(2026, 11, 1), 0),
        ],
        title="Sở Y tế",
    )
    assert sub.organization_id == pool.health.pk
    assert (
        api_client(people.officer_a).get(f"/api/v1/headcount-submissions/{sub.pk}/").status_code
        == 200
    )
