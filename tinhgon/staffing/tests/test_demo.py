"""The demo's queue of quota and headcount submissions: realistic and consistent with its ledger."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from tinhgon.conftest import web_client
from tinhgon.staffing.models import Headcount, HeadcountSubmission, QuotaEntry, QuotaSubmission

pytestmark = pytest.mark.django_db


def test_the_demo_shows_a_queue_waiting_returned_and_approved(demo: Any, people: Any) -> None:
    quota = Counter(QuotaSubmission.objects.values_list("status", flat=True))
    assert quota == {"submitted": 3, "approved": 1, "returned": 1}
    approved = QuotaSubmission.objects.get(status="approved")
    # The approved transfer is in the ledger (two entries, the pool unchanged); the others are not.
    entries = QuotaEntry.objects.filter(submission__isnull=False)
    assert list(entries.values_list("submission", flat=True)) == [approved.pk, approved.pk]
    assert sum(entries.values_list("amount", flat=True)) == 0
    # Proposed by the department's officer, decided by Sở Nội vụ's (demo accounts, not the system).
    returned = QuotaSubmission.objects.get(status="returned")
    assert {s.submitted_by.username for s in QuotaSubmission.objects.all()} == {"sogddt"}
    assert (approved.decided_by.username, returned.decided_by.username) == ("snv", "snv")
    assert "bổ sung" in returned.decision_reason
    heads = Counter(HeadcountSubmission.objects.values_list("status", flat=True))
    assert heads == {"approved": 1, "submitted": 1}
    reported = HeadcountSubmission.objects.get(status="approved")
    assert Headcount.objects.filter(submission=reported).count() == len(reported.rows) > 3
    assert {s.submitted_by.username for s in HeadcountSubmission.objects.all()} == {"sogddt"}
    assert reported.decided_by.username == "snv"
    page = web_client(people.admin).get("/bien-che/de-nghi/so-bien-che/").content.decode()
    assert page.count('data-testid="pick-') == 3 and "Điều chuyển" in page
    assert "Võ Đình Nam" in page and "Hệ thống" not in page
