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
    assert approved.submitted_by_id is not None and approved.decided_by_id is None  # the system
    returned = QuotaSubmission.objects.get(status="returned")
    assert "bổ sung" in returned.decision_reason
    heads = Counter(HeadcountSubmission.objects.values_list("status", flat=True))
    assert heads == {"approved": 1, "submitted": 1}
    reported = HeadcountSubmission.objects.get(status="approved")
    assert Headcount.objects.filter(submission=reported).count() == len(reported.rows) > 3
    page = web_client(people.admin).get("/bien-che/de-nghi/so-bien-che/").content.decode()
    assert page.count('data-testid="pick-') == 3 and "Điều chuyển" in page
