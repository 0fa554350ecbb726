"""The quota ledger: balances, the parent limit, the staffing step of events, bad input."""

from __future__ import annotations

import datetime as dt

import pytest

from tinhgon.conftest import decision, new_unit, record
from tinhgon.core.errors import Refused
from tinhgon.core.models import AuditEntry
from tinhgon.organizations.choices import EventKind, Kind, Sector
from tinhgon.staffing import selectors
from tinhgon.staffing.choices import EntryType, QuotaKind
from tinhgon.staffing.models import QuotaEntry
from tinhgon.staffing.services import (
    EntryInput,
    headcount_record,
    quota_entries_record,
    quota_transfer,
)

pytestmark = pytest.mark.django_db
B = QuotaKind.PUBLIC_EMPLOYEE_BUDGET
JAN = dt.date(2024, 1, 1)
DOC = decision(dt.date(2023, 12, 26), "3324/QĐ-UBND")


def allocate(amounts: dict, day: dt.date = JAN, kind: str = B) -> None:
    quota_entries_record(
        acting_user=None,
        rows=[
            EntryInput(org.pk, kind, day.year, EntryType.ALLOCATION, n, day, DOC)
            for org, n in amounts.items()
        ],
    )


@pytest.fixture
def funded(registry):
    r = registry
    allocate(
        {
            r.province: 1000,
            r.health: 600,
            r.education: 300,
            r.district: 90,
            r.hospital: 400,
            r.cdc: 100,
            r.district_health: 90,
            r.school_pdp: 120,
            r.school_gifted: 100,
            r.gdtx: 40,
            r.commune: 50,
            r.commune2: 20,
            r.school_hxh: 20,
            r.preschool: 25,
            r.primary: 25,
            r.primary2: 20,
        }
    )
    return r


def test_balance_is_the_allocation_plus_the_changes_after_it(funded):
    r = funded
    quota_entries_record(
        acting_user=None,
        rows=[
            EntryInput(r.hospital.pk, B, 2024, EntryType.ADJUSTMENT, -10, dt.date(2024, 6, 1), DOC)
        ],
    )
    assert selectors.balance(r.hospital.pk, B, dt.date(2024, 5, 31)) == 400
    assert selectors.balance(r.hospital.pk, B, dt.date(2024, 6, 1)) == 390
    # A new allocation restates the number from its date.
    allocate({r.hospital: 380, r.province: 1000, r.health: 600}, dt.date(2025, 1, 1))
    assert selectors.balance(r.hospital.pk, B, dt.date(2025, 1, 1)) == 380


def test_children_never_exceed_their_parent_and_the_message_names_both_numbers(funded):
    r = funded
    before = (QuotaEntry.objects.count(), AuditEntry.objects.count())
    with pytest.raises(Refused) as info:
        quota_entries_record(
            acting_user=None,
            rows=[
                EntryInput(r.cdc.pk, B, 2024, EntryType.ADJUSTMENT, 20, dt.date(2024, 3, 1), DOC)
            ],
        )
    message = info.value.problems[0].message
    assert "Sở Y tế" in message and "(610)" in message and "(600)" in message
    assert (QuotaEntry.objects.count(), AuditEntry.objects.count()) == before


def test_a_later_child_change_is_checked_against_the_parent_on_later_dates_too(funded):
    r = funded
    # Sở Y tế gives up 10 from 1 March (590 = its units' 590); a back-dated increase breaks March.
    quota_entries_record(
        acting_user=None,
        rows=[EntryInput(r.health.pk, B, 2024, EntryType.RECOVERY, -10, dt.date(2024, 3, 1), DOC)],
    )
    with pytest.raises(Refused) as info:
        quota_entries_record(
            acting_user=None,
            rows=[EntryInput(r.cdc.pk, B, 2024, EntryType.ADJUSTMENT, 3, dt.date(2024, 2, 1), DOC)],
        )
    assert "01/03/2024" in info.value.problems[0].message


@pytest.mark.parametrize(
    ("change", "path", "text"),
    [
        ({"amount": 2.5}, "amount", "số nguyên"),
        ({"kind": "teachers"}, "kind", "không có trong danh mục"),
        ({"year": 2040, "effective_date": dt.date(2040, 1, 1)}, "year", "nằm ngoài sổ biên chế"),
        ({"entry_type": EntryType.ALLOCATION, "amount": -3}, "amount", "không được âm"),
        ({"entry_type": EntryType.RECOVERY, "amount": 3}, "amount", "ghi số âm"),
        ({"effective_date": dt.date(2009, 6, 1), "year": 2009}, "organization", "không tồn tại"),
    ],
)
def test_bad_entries_are_refused_with_the_field_and_nothing_written(funded, change, path, text):
    r = funded
    values = {
        "organization": r.cdc.pk,
        "kind": B,
        "year": 2024,
        "entry_type": EntryType.ADJUSTMENT,
        "amount": -1,
        "effective_date": dt.date(2024, 4, 1),
        "decision": DOC,
    }
    values.update(change)
    before = QuotaEntry.objects.count()
    with pytest.raises(Refused) as info:
        quota_entries_record(acting_user=None, rows=[EntryInput(**values)])
    assert any(p.path == path and text in p.message for p in info.value.problems), (
        info.value.problems
    )
    assert QuotaEntry.objects.count() == before


def test_a_merge_moves_quotas_to_the_successor_and_keeps_the_province_total(funded):
    r = funded
    day = dt.date(2024, 8, 1)
    total_before = selectors.balance(r.province.pk, B, day - dt.timedelta(days=1))
    event = record(
        EventKind.MERGE,
        day,
        preds=[r.school_pdp, r.school_gifted],
        succs=[new_unit("Trường THPT Phan Đình Phùng - Chuyên", r.education)],
    )
    successor = event.links.get(role="successor").organization
    assert selectors.balance(successor.pk, B, day) == 220
    assert selectors.balance(r.school_pdp.pk, B, day) == 0
    assert selectors.balance(r.province.pk, B, day) == total_before
    # Written in the event's transaction, dated on its effective date, pointing at it.
    moved = QuotaEntry.objects.filter(event=event)
    assert {e.effective_date for e in moved} == {day}
    assert (
        AuditEntry.objects.filter(action="event_quota", object_type="staffing.quotaentry").count()
        == moved.count()
    )


def test_a_unit_moving_to_another_body_takes_its_pool_with_it(funded):
    r = funded
    day = dt.date(2024, 9, 1)
    record(EventKind.TRANSFER, day, preds=[r.gdtx], changes={"managing_body": r.health.pk})
    assert selectors.balance(r.gdtx.pk, B, day) == 40
    assert selectors.balance(r.education.pk, B, day) == 260
    assert selectors.balance(r.health.pk, B, day) == 640
    assert selectors.balance(r.province.pk, B, day) == 1000


def test_a_dissolution_recovers_the_quota(funded):
    r = funded
    day = dt.date(2024, 10, 1)
    record(EventKind.DISSOLVE, day, preds=[r.gdtx])
    assert selectors.balance(r.gdtx.pk, B, day) == 0
    recovered = QuotaEntry.objects.get(organization=r.gdtx, entry_type=EntryType.RECOVERY)
    assert recovered.amount == -40
    # The body keeps its pool: the recovered quota is now unassigned there.
    assert selectors.balance(r.education.pk, B, day) == 300
    row = {row.organization_id: row for row in selectors.quota_table(r.province.pk, B, day)}[
        r.education.pk
    ]
    assert row.assigned == 300 and row.children_assigned == 220


def test_a_split_proposes_an_even_share_the_officer_can_correct(funded):
    r = funded
    day = dt.date(2024, 9, 1)
    event = record(
        EventKind.SPLIT,
        day,
        preds=[r.cdc],
        succs=[new_unit("Trung tâm A", r.health), new_unit("Trung tâm B", r.health)],
    )
    shares = sorted(
        selectors.balance(link.organization_id, B, day)
        for link in event.links.filter(role="successor")
    )
    assert shares == [50, 50]


def test_transfer_between_units_is_two_entries_with_one_decision(funded):
    r = funded
    entries = quota_transfer(
        acting_user=None,
        source=r.hospital.pk,
        target=r.cdc.pk,
        kind=B,
        amount=15,
        effective_date=dt.date(2024, 5, 1),
        decision=DOC,
    )
    assert [e.amount for e in entries] == [-15, 15]
    assert selectors.balance(r.cdc.pk, B, dt.date(2024, 5, 1)) == 115


def test_headcounts_refuse_negative_or_fractional_numbers(funded):
    r = funded
    with pytest.raises(Refused) as info:
        headcount_record(
            acting_user=None, organization=r.cdc.pk, kind=B, as_of=dt.date(2024, 12, 31), count=-1
        )
    assert info.value.problems[0].path == "count"
    with pytest.raises(Refused):
        headcount_record(
            acting_user=None, organization=r.cdc.pk, kind=B, as_of=dt.date(2024, 12, 31), count=2.5
        )
    headcount_record(
        acting_user=None, organization=r.cdc.pk, kind=B, as_of=dt.date(2024, 12, 31), count=96
    )
    row = {
        x.organization_id: x for x in selectors.quota_table(r.health.pk, B, dt.date(2024, 12, 31))
    }[r.cdc.pk]
    assert (row.assigned, row.present, row.unused) == (100, 96, 4)


def test_moving_a_unit_up_to_the_province_leaves_the_province_total_alone(funded):
    r = funded
    day = dt.date(2024, 9, 1)
    record(EventKind.TRANSFER, day, preds=[r.school_hxh], changes={"managing_body": r.province.pk})
    assert selectors.balance(r.district.pk, B, day) == 70
    assert selectors.balance(r.province.pk, B, day) == 1000
    assert selectors.balance(r.school_hxh.pk, B, day) == 20


def test_a_bodys_present_counts_its_subtree_and_who_pays_decides_the_quota(funded):
    """What Sở Nội vụ sees on the province's quota page: a department's "present" is its whole
    subtree's (its quota is their pool), and a unit's viên chức count against the budget-paid or the
    revenue-paid quota by who pays them (rules.quota.salary_source: groups 1–2 revenue, 4 budget,
    3 cannot be told → the unit's reported headcount)."""
    from tinhgon.workforce.tests.conftest import hire

    r = funded
    day = dt.date(2025, 6, 1)
    for unit, group in ((r.hospital, 2), (r.cdc, 4), (r.district_health, 3)):
        record(EventKind.CHANGE_AUTONOMY_GROUP, dt.date(2025, 1, 1), preds=[unit],
               changes={"autonomy_group": group})  # fmt: skip
    # A department of the hospital: its people are paid by the hospital.
    ward = record(EventKind.ESTABLISH, dt.date(2025, 2, 1), succs=[
        new_unit("Khoa Nội", r.hospital, kind=Kind.INTERNAL_DIVISION, sector=Sector.HEALTH)
    ]).links.get(role="successor").organization  # fmt: skip
    for unit, n in ((r.hospital, 2), (ward, 1), (r.cdc, 2), (r.district_health, 1)):
        for i in range(n):
            hire(unit, f"Viên chức {i + 1} {unit.pk}", hired_on=dt.date(2025, 3, 1))
    hire(r.health, "Công chức Sở Y tế", employment_kind="cong_chuc")

    def health_row():  # type: ignore[no-untyped-def]
        rows = selectors.quota_table(r.province.pk, B, day)
        return next(x for x in rows if x.organization_id == r.health.pk)

    # The group-3 centre has people but no reported figure: counted as missing, not guessed.
    row = health_row()
    assert (row.assigned, row.present, row.missing) == (600, 2, 1)
    headcount_record(
        acting_user=None, organization=r.district_health.pk, kind=B, as_of=dt.date(2024, 12, 31),
        count=85,
    )  # fmt: skip
    row = health_row()
    assert (row.present, row.unused, row.missing) == (87, 513, 0)
    # The group-2 hospital's viên chức (two, and one in its ward) are revenue-paid: none against its
    # budget quota …
    inside = {x.organization_id: x for x in selectors.quota_table(r.health.pk, B, day)}
    assert (inside[r.hospital.pk].present, inside[r.hospital.pk].unused) == (0, 400)
    # … they count against its revenue-paid quota, the ward's one with them.
    revenue = selectors.quota_table(r.health.pk, QuotaKind.PUBLIC_EMPLOYEE_REVENUE, day)
    assert {x.organization_id: x.present for x in revenue if x.present is not None} == {
        r.hospital.pk: 3, r.cdc.pk: 0
    }  # fmt: skip
    # The department's own công chức count against the civil-servant quota.
    civil = selectors.present([r.health.pk], QuotaKind.CIVIL_SERVANT, day)
    assert civil == {r.health.pk: 1}


def test_entries_batched_over_a_merge_and_a_later_absorption_equal_event_by_event(funded):
    """A project applies its events inside reorg_entries_batched(): the quota entries are written
    together, and first when an event reads a balance they change (the merged school absorbed a
    month later moves the merged quota). Same entries, balances and audit rows as one by one."""
    from django.db import transaction

    from tinhgon.core import audit
    from tinhgon.staffing.services import reorg_entries_batched

    r = funded
    day, second = dt.date(2024, 8, 1), dt.date(2024, 9, 1)

    def events() -> None:
        merged = record(
            EventKind.MERGE,
            day,
            preds=[r.school_pdp, r.school_gifted],
            succs=[new_unit("Trường THPT Phan Đình Phùng - Chuyên", r.education)],
        )
        successor = merged.links.get(role="successor").organization
        record(EventKind.ABSORB, second, preds=[successor], succs=[r.school_hxh])

    def ledger() -> tuple[list[tuple[object, ...]], int, int]:
        entries = sorted(
            (str(e.organization), e.kind, e.entry_type, e.amount, e.effective_date)
            for e in QuotaEntry.objects.filter(event__isnull=False).select_related("organization")
        )
        audited = AuditEntry.objects.filter(action="event_quota").count()
        return entries, audited, selectors.balance(r.school_hxh.pk, B, second)

    class Undo(Exception):
        """Rolls the events back once their result is read."""

    with pytest.raises(Undo), transaction.atomic():
        events()
        one_by_one = ledger()
        raise Undo
    with transaction.atomic(), audit.deferred(), reorg_entries_batched():
        events()
    assert ledger() == one_by_one
    assert one_by_one[2] == 20 + 220


def test_quota_moved_into_a_unit_earlier_the_same_day_follows_it_when_it_merges(funded):
    """A school absorbs another, then merges with a third, both on the same day (two events of one
    decision): the merged school receives the three quotas. Its last day's balance alone would
    leave the absorbed school's quota on a school that no longer exists. The same in one batch
    (a project's events, balances read once)."""
    from django.db import transaction

    from tinhgon.core import audit
    from tinhgon.staffing.services import reorg_entries_batched

    r = funded
    day = dt.date(2024, 8, 1)
    last = day - dt.timedelta(days=1)
    schools = [r.school_pdp, r.school_hxh, r.school_gifted]
    held = sum(selectors.balance(s.pk, B, last) for s in schools)
    province = selectors.balance(r.province.pk, B, day)

    def events() -> int:
        record(EventKind.ABSORB, day, preds=[r.school_pdp], succs=[r.school_hxh])
        merged = record(
            EventKind.MERGE,
            day,
            preds=[r.school_hxh, r.school_gifted],
            succs=[new_unit("Trường THPT Hoàng Xuân Hãn - Chuyên", r.education)],
        )
        return merged.links.get(role="successor").organization_id

    def outcome(merged: int) -> tuple[int, int, int]:
        return (
            selectors.balance(merged, B, day),
            sum(selectors.balance(s.pk, B, day) for s in schools),
            selectors.balance(r.province.pk, B, day),
        )

    class Undo(Exception):
        """Rolls the events back once their result is read."""

    with pytest.raises(Undo), transaction.atomic():
        one_by_one = outcome(events())
        raise Undo
    assert one_by_one == (held, 0, province)
    assert held == 120 + 20 + 100
    with (
        transaction.atomic(),
        audit.deferred(),
        reorg_entries_batched([s.pk for s in schools], day),
    ):
        merged = events()
    assert outcome(merged) == one_by_one
