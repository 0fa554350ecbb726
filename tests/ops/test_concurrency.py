"""No lost update under concurrency (PostgreSQL: real row locks, one connection per writer)."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from django.db import connection

from tinhgon.conftest import api_client
from tinhgon.organizations.services import DecisionInput
from tinhgon.staffing import selectors
from tinhgon.staffing.choices import EntryType, QuotaKind
from tinhgon.staffing.models import QuotaSubmission
from tinhgon.staffing.services import EntryInput, quota_entries_record
from tinhgon.staffing.submission_services import quota_submission_create

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]

KIND = QuotaKind.PUBLIC_EMPLOYEE_BUDGET
WRITERS = 20


def _allocate(registry: Any, people: Any) -> None:
    decision = DecisionInput("12/QĐ-UBND", dt.date(2026, 1, 5), "UBND tỉnh Hà Tĩnh")
    rows = [
        EntryInput(org.pk, KIND, 2026, EntryType.ALLOCATION, amount, dt.date(2026, 1, 10), decision)
        for org, amount in (
            (registry.province, 1000),
            (registry.health, 100),
            (registry.hospital, 90),
            (registry.cdc, 0),
        )
    ]
    quota_entries_record(acting_user=people.supervisor, rows=rows)


def test_twenty_concurrent_api_writers_lose_nothing_and_never_overdraw_the_pool(
    registry: Any, people: Any
) -> None:
    """Sở Y tế holds 100; its hospital 90 and CDC 0. Twenty proposals each add 1 to the hospital or
    the CDC (each fits on its own when proposed); Sở Nội vụ's twenty API approvals arrive at the
    same moment: exactly ten fit, the others are refused with the pool's numbers, and the balances
    equal the allocations plus the approved entries."""
    _allocate(registry, people)
    targets = [registry.hospital if i % 2 else registry.cdc for i in range(WRITERS)]
    decision = DecisionInput("345/QĐ-UBND", dt.date(2026, 11, 18), "UBND tỉnh Hà Tĩnh")
    proposals = [
        quota_submission_create(
            acting_user=people.officer_a,
            rows=[
                EntryInput(
                    target.pk,
                    KIND,
                    2026,
                    EntryType.ADJUSTMENT,
                    1,
                    dt.date(2026, 11, 20),
                    decision,
                )
            ],
            title="Điều chỉnh +1",
        )
        for target in targets
    ]
    barrier = threading.Barrier(WRITERS)
    results: list[tuple[int, int, Any]] = []
    lock = threading.Lock()

    def write(i: int) -> None:
        try:
            client = api_client(people.supervisor)
            barrier.wait(timeout=30)
            response = client.post(
                f"/api/v1/quota-submissions/{proposals[i].pk}/approve/",
                {"version": proposals[i].version, "reason": "Đúng quyết định"},
                format="json",
            )
            with lock:
                results.append((i, response.status_code, response.json()))
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(i,)) for i in range(WRITERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert len(results) == WRITERS
    statuses = sorted(status for _i, status, _body in results)
    accepted = [i for i, status, _body in results if status == 200]
    refused = [body for _i, status, body in results if status != 200]
    assert set(statuses) <= {200, 400, 409}, statuses
    assert len(accepted) == 10, statuses
    for body in refused:
        message = body["errors"][0]["message"]
        assert "vượt số" in message and "Sở Y tế" in message, body

    day = dt.date(2026, 11, 26)
    hospital = selectors.balance(registry.hospital.pk, KIND, day)
    cdc = selectors.balance(registry.cdc.pk, KIND, day)
    assert hospital == 90 + sum(1 for i in accepted if targets[i] == registry.hospital)
    assert cdc == sum(1 for i in accepted if targets[i] == registry.cdc)
    assert hospital + cdc == selectors.balance(registry.health.pk, KIND, day) == 100
    statuses_now = sorted(QuotaSubmission.objects.values_list("status", flat=True))
    assert statuses_now == ["approved"] * 10 + ["submitted"] * 10
    # what the API reports is what the ledger holds
    got = api_client(people.officer_a).get(
        "/api/v1/quota-balance/", {"org": registry.health.pk, "kind": KIND, "as_of": "2026-11-26"}
    )
    assert got.json()["assigned_to_children"] == 100
