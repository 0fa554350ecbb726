"""Approval → registry group through the one door: downgrades (ND 60 art 35), history, quota proposal."""

from __future__ import annotations

import datetime as dt

import pytest

from tinhgon.autonomy import selectors, services
from tinhgon.autonomy.models import GroupChange, QuotaConversionProposal
from tinhgon.autonomy.tests.factories import BILLION, submitted
from tinhgon.conftest import decision, record
from tinhgon.core.errors import Refused
from tinhgon.organizations.choices import EventKind
from tinhgon.organizations.models import ReorgEvent
from tinhgon.restructuring.services import autonomy_figures_approve
from tinhgon.staffing import selectors as quota
from tinhgon.staffing import services as staffing
from tinhgon.staffing.choices import EntryType, QuotaKind

DAY = dt.date(2026, 3, 1)


def _group_on(org, day):
    return org.state_on(day).autonomy_group


def test_refused_and_accepted_downgrade_are_both_in_the_history(registry, people):
    record(
        EventKind.CHANGE_AUTONOMY_GROUP,
        dt.date(2022, 1, 1),
        preds=[registry.hospital],
        changes={"autonomy_group": 2},
    )
    figs = submitted(people.officer_a, registry.hospital, 2025)  # 70 % → group 3
    with pytest.raises(Refused) as exc:
        autonomy_figures_approve(
            acting_user=people.supervisor,
            figures=figs,
            expected_version=figs.version,
            decision=decision(DAY),
        )
    assert exc.value.problems[0].path == "downgrade_basis"
    assert "Điều 35" in exc.value.problems[0].message
    figs.refresh_from_db()
    assert figs.status == "submitted"
    assert _group_on(registry.hospital, DAY) == 2
    assert not ReorgEvent.objects.filter(kind=EventKind.CHANGE_AUTONOMY_GROUP, effective_date=DAY)

    change = autonomy_figures_approve(
        acting_user=people.supervisor,
        figures=figs,
        expected_version=figs.version,
        decision=decision(DAY, "55/QĐ-UBND"),
        downgrade_basis="function_change",
        basis_note="QĐ 40/QĐ-UBND điều chỉnh chức năng, nhiệm vụ của bệnh viện.",
    )
    assert change.outcome == "applied" and change.event.kind == EventKind.CHANGE_AUTONOMY_GROUP
    assert _group_on(registry.hospital, DAY) == 3
    assert _group_on(registry.hospital, DAY - dt.timedelta(days=1)) == 2
    history = selectors.unit_history(registry.hospital)
    outcomes = [(h.outcome, h.from_group, h.to_group) for h in history.changes]
    assert outcomes == [("refused", 2, 3), ("applied", 2, 3)]
    assert "Nhóm 3 – tự bảo đảm một phần chi thường xuyên" in [
        p.group_name for p in history.periods
    ]


def test_the_maker_cannot_approve_and_group_names_are_in_full(registry, people):
    figs = submitted(people.officer_a, registry.hospital, 2025)
    with pytest.raises(Refused):
        autonomy_figures_approve(
            acting_user=people.officer_a,
            figures=figs,
            expected_version=figs.version,
            decision=decision(DAY),
        )
    assert GroupChange.objects.count() == 0


def test_moving_up_to_group_2_proposes_the_quota_conversion(registry, people):
    record(
        EventKind.CHANGE_AUTONOMY_GROUP,
        dt.date(2022, 1, 1),
        preds=[registry.hospital],
        changes={"autonomy_group": 3},
    )
    alloc = decision(dt.date(2025, 1, 1))
    staffing.quota_entries_record(
        acting_user=people.supervisor,
        rows=[
            staffing.EntryInput(
                org.pk, kind, 2025, EntryType.ALLOCATION, n, dt.date(2025, 1, 2), alloc
            )
            for org, kind, n in (
                (registry.province, QuotaKind.PUBLIC_EMPLOYEE_BUDGET, 500),
                (registry.health, QuotaKind.PUBLIC_EMPLOYEE_BUDGET, 300),
                (registry.hospital, QuotaKind.PUBLIC_EMPLOYEE_BUDGET, 120),
            )
        ],
    )
    figs = submitted(
        people.officer_a,
        registry.hospital,
        2025,
        revenue_services_vnd=10 * BILLION,
        revenue_fees_vnd=0,
        total_revenue_vnd=10 * BILLION,
    )
    change = autonomy_figures_approve(
        acting_user=people.supervisor,
        figures=figs,
        expected_version=figs.version,
        decision=decision(DAY),
    )
    assert (change.from_group, change.to_group) == (3, 2)
    proposal = QuotaConversionProposal.objects.get()
    assert (proposal.amount, proposal.status) == (120, "proposed")
    # Nothing is written to the ledger until the supervisor accepts.
    assert quota.balance(registry.hospital.pk, QuotaKind.PUBLIC_EMPLOYEE_REVENUE, DAY) == 0
    services.quota_conversion_accept(
        acting_user=people.supervisor, proposal=proposal, decision=decision(DAY)
    )
    for org, budget in ((registry.hospital, 0), (registry.health, 180), (registry.province, 380)):
        assert quota.balance(org.pk, QuotaKind.PUBLIC_EMPLOYEE_BUDGET, DAY) == budget
        assert quota.balance(org.pk, QuotaKind.PUBLIC_EMPLOYEE_REVENUE, DAY) == 120
    with pytest.raises(Refused):
        services.quota_conversion_accept(
            acting_user=people.supervisor, proposal=proposal, decision=decision(DAY)
        )


def test_an_unchanged_group_records_no_event(registry, people):
    record(
        EventKind.CHANGE_AUTONOMY_GROUP,
        dt.date(2022, 1, 1),
        preds=[registry.hospital],
        changes={"autonomy_group": 3},
    )
    figs = submitted(people.officer_a, registry.hospital, 2025)
    events = ReorgEvent.objects.count()
    change = autonomy_figures_approve(
        acting_user=people.supervisor,
        figures=figs,
        expected_version=figs.version,
        decision=decision(DAY),
    )
    assert change.outcome == "unchanged" and ReorgEvent.objects.count() == events
