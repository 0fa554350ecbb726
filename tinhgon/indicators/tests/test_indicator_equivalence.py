"""Every indicator of ``indicator_payload`` equals an independent computation from the raw rows.

A small generated registry (the Hà Tĩnh fixture plus seeded units) gets a ledger 2015–2025 —
allocations on 1 January, adjustments, transfers, entries on the same day as an allocation before and
after it — and events through the one door (merge, absorb, split, separate, transfer, change of
autonomy group, dissolve), whose staffing step moves the quotas. The expected values are computed in
plain Python over every ``OrganizationState`` and ``QuotaEntry`` row, for the whole database, the
province and one department, at three dates. These tests pin the results that the optimized selectors
(SQL aggregates, subqueries) must keep.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest

from tinhgon.conftest import decision, new_unit, record
from tinhgon.indicators.choices import STATUS_LABELS, Measure
from tinhgon.indicators.models import Target
from tinhgon.indicators.selectors import indicator_payload
from tinhgon.organizations.choices import PUBLIC_SERVICE_UNIT_KINDS, EventKind, Kind, Sector
from tinhgon.organizations.models import Organization, OrganizationState
from tinhgon.organizations.selectors import subtree_ids
from tinhgon.organizations.services import NewUnit, organization_register_existing
from tinhgon.rules import target_status
from tinhgon.staffing import selectors as ledger
from tinhgon.staffing.choices import EntryType, QuotaKind
from tinhgon.staffing.models import QuotaEntry
from tinhgon.staffing.services import EntryInput, quota_entries_record, quota_transfer

BUDGET = QuotaKind.PUBLIC_EMPLOYEE_BUDGET
REVENUE = QuotaKind.PUBLIC_EMPLOYEE_REVENUE
DATES = (dt.date(2018, 6, 30), dt.date(2021, 12, 31), dt.date(2025, 11, 15))
POOL = 1_000  # per organization of a body's subtree: its pool exceeds what its children hold


# ---------------------------------------------------------------------------------- the data


def _existing(name: str, kind: str, sector: str, parent: Organization, group: int | None) -> Any:
    return organization_register_existing(
        acting_user=None,
        unit=NewUnit(
            name=name, kind=kind, sector=sector, managing_body=parent.pk, autonomy_group=group
        ),
        valid_from=dt.date(2010, 1, 1),
        reason="Nhập sổ ban đầu",
    )


def _alive(day: dt.date) -> list[OrganizationState]:
    return list(OrganizationState.objects.as_of(day))


def _allocate(year: int, rng: random.Random, extra: list[EntryInput]) -> None:
    """Allocations of 1 January for every organization alive then (bodies get a pool)."""
    day = dt.date(year, 1, 1)
    doc = decision(day)
    rows: list[EntryInput] = list(extra)
    for state in _alive(day):
        psu = state.kind in PUBLIC_SERVICE_UNIT_KINDS
        pool = POOL * len(subtree_ids([state.organization_id], day))
        rows.append(
            EntryInput(
                state.organization_id,
                BUDGET,
                year,
                EntryType.ALLOCATION,
                rng.randint(5, 60) if psu else pool,
                day,
                doc,
            )
        )
        if not psu or rng.random() < 0.5:
            rows.append(
                EntryInput(
                    state.organization_id,
                    REVENUE,
                    year,
                    EntryType.ALLOCATION,
                    rng.randint(0, 20) if psu else pool,
                    day,
                    doc,
                )
            )
    quota_entries_record(acting_user=None, rows=rows)


def _moves(year: int, rng: random.Random) -> None:
    """Adjustments and transfers between units during the year."""
    for _ in range(4):
        day = dt.date(year, rng.randint(2, 11), rng.randint(1, 28))
        units = [s.organization_id for s in _alive(day) if s.kind in PUBLIC_SERVICE_UNIT_KINDS]
        org = rng.choice(units)
        held = ledger.balance(org, BUDGET, day)
        amount = rng.choice([-1, -2, 1, 2, 3]) if held >= 3 else rng.randint(1, 3)
        quota_entries_record(
            acting_user=None,
            rows=[EntryInput(org, BUDGET, year, EntryType.ADJUSTMENT, amount, day, decision(day))],
        )
        source, target = rng.sample(units, 2)
        held = ledger.balance(source, BUDGET, day)
        if held > 0:
            quota_transfer(
                acting_user=None,
                source=source,
                target=target,
                kind=BUDGET,
                amount=rng.randint(1, held),
                effective_date=day,
                decision=decision(day),
            )


@pytest.fixture
def world(registry: Any) -> dict[str, Any]:
    rng = random.Random(19)
    culture = organization_register_existing(
        acting_user=None,
        unit=NewUnit(
            name="Sở Văn hóa, Thể thao và Du lịch",
            kind=Kind.DEPARTMENT,
            sector=Sector.CULTURE_SPORT_TOURISM,
            managing_body=registry.province.pk,
        ),
        valid_from=dt.date(2010, 1, 1),
    )
    extra = []
    for i in range(6):
        extra.append(
            _existing(
                f"Trung tâm Văn hóa số {i}",
                Kind.CENTER,
                Sector.CULTURE_SPORT_TOURISM,
                culture,
                rng.choice((1, 2, 3, 4, None)),
            )
        )
    for i in range(5):
        extra.append(
            _existing(
                f"Trường Tiểu học số {i}",
                Kind.SCHOOL,
                Sector.EDUCATION,
                registry.education,
                rng.choice((1, 2, 3, 4)),
            )
        )
    extra.append(
        _existing("Trạm Khuyến nông", Kind.INSTITUTE, Sector.AGRICULTURE_ENVIRONMENT, culture, 2)
    )
    events: dict[int, list[Any]] = {
        2016: [
            lambda: record(
                EventKind.MERGE,
                dt.date(2016, 3, 1),
                preds=[registry.school_pdp, registry.school_gifted],
                succs=[new_unit("Trường THPT Hà Tĩnh", registry.education, autonomy_group=2)],
            )
        ],
        2017: [lambda: record(EventKind.DISSOLVE, dt.date(2017, 5, 1), preds=[registry.cdc])],
        2018: [
            lambda: record(
                EventKind.ABSORB,
                dt.date(2018, 6, 1),
                preds=[registry.primary2],
                succs=[registry.primary],
            )
        ],
        2019: [
            lambda: record(
                EventKind.TRANSFER,
                dt.date(2019, 9, 1),
                preds=[registry.school_hxh],
                changes={"managing_body": registry.commune.pk},
            ),
            lambda: record(
                EventKind.TRANSFER,
                dt.date(2019, 10, 1),
                preds=[extra[7]],
                changes={"managing_body": culture.pk},
            ),
        ],
        2020: [
            lambda: record(
                EventKind.CHANGE_AUTONOMY_GROUP,
                dt.date(2020, 2, 1),
                preds=[registry.hospital],
                changes={"autonomy_group": 2},
            )
        ],
        2021: [
            lambda: record(
                EventKind.SEPARATE,
                dt.date(2021, 5, 5),
                preds=[registry.hospital],
                succs=[
                    new_unit(
                        "Bệnh viện Phục hồi chức năng",
                        registry.health,
                        kind=Kind.HOSPITAL,
                        sector=Sector.HEALTH,
                        autonomy_group=3,
                    )
                ],
            ),
            lambda: record(
                EventKind.MERGE,
                dt.date(2021, 12, 31),
                preds=[extra[0], extra[1]],
                succs=[
                    new_unit(
                        "Trung tâm Văn hóa hợp nhất",
                        culture,
                        kind=Kind.CENTER,
                        sector=Sector.CULTURE_SPORT_TOURISM,
                        autonomy_group=1,
                    )
                ],
            ),
        ],
        2022: [
            lambda: record(
                EventKind.SPLIT,
                dt.date(2022, 4, 1),
                preds=[registry.gdtx],
                succs=[
                    new_unit("Trung tâm GDTX 1", registry.education, kind=Kind.CENTER),
                    new_unit("Trung tâm GDTX 2", registry.education, kind=Kind.CENTER),
                ],
            )
        ],
        2023: [
            lambda: record(
                EventKind.ABSORB,
                dt.date(2023, 7, 1),
                preds=[extra[2]],
                succs=[extra[8]],  # a culture centre absorbed by a school: another body
            )
        ],
        2024: [
            lambda: record(EventKind.DISSOLVE, dt.date(2024, 3, 1), preds=[extra[3]]),
            lambda: record(EventKind.CONVERT_JSC, dt.date(2024, 8, 1), preds=[extra[4]]),
        ],
        2025: [
            lambda: record(
                EventKind.MERGE,
                dt.date(2025, 7, 1),
                preds=[extra[9], extra[10]],
                succs=[new_unit("Trường Tiểu học liên xã", registry.education, autonomy_group=4)],
            )
        ],
    }
    for year in range(2015, 2026):
        same_day: list[EntryInput] = []
        if year == 2019:  # an adjustment entered before the allocation of the same day is replaced
            day = dt.date(2019, 1, 1)
            same_day.append(
                EntryInput(
                    registry.hospital.pk, BUDGET, 2019, EntryType.ADJUSTMENT, 7, day, decision(day)
                )
            )
        _allocate(year, rng, same_day)
        if year == 2020:  # … and one entered after it counts
            day = dt.date(2020, 1, 1)
            quota_entries_record(
                acting_user=None,
                rows=[
                    EntryInput(
                        registry.hospital.pk,
                        BUDGET,
                        2020,
                        EntryType.ADJUSTMENT,
                        -3,
                        day,
                        decision(day),
                    )
                ],
            )
        _moves(year, rng)
        for event in events.get(year, []):
            event()
    return {"registry": registry, "culture": culture}


# ---------------------------------------------------------------------- the independent side


class Raw:
    """The indicators in plain Python over every state and ledger row."""

    def __init__(self) -> None:
        self.states = list(OrganizationState.objects.all())
        self.entries: dict[tuple[int, str], list[QuotaEntry]] = defaultdict(list)
        for e in sorted(QuotaEntry.objects.all(), key=lambda e: (e.effective_date, e.id)):
            self.entries[(e.organization_id, e.kind)].append(e)
        self.orgs = {o.pk: o for o in Organization.objects.all()}

    @staticmethod
    def _alive(s: Any, day: dt.date) -> bool:
        return s.valid_from <= day and (s.valid_to is None or s.valid_to >= day)

    def alive(self, day: dt.date) -> list[OrganizationState]:
        return [s for s in self.states if self._alive(s, day)]

    def subtree(self, root: Organization | None, day: dt.date) -> set[int] | None:
        if root is None:
            return None
        assert self._alive(self.orgs[root.pk], day), "the tested scopes live on every date"
        children: dict[int, list[int]] = defaultdict(list)
        for s in self.alive(day):
            if s.managing_body_id:
                children[s.managing_body_id].append(s.organization_id)
        found, todo = {root.pk}, [root.pk]
        while todo:
            for child in children[todo.pop()]:
                if child not in found:
                    found.add(child)
                    todo.append(child)
        return found

    def units(self, day: dt.date, scope: Organization | None, excluded: tuple[str, ...] = ()):  # type: ignore[no-untyped-def]
        ids = self.subtree(scope, day)
        return [
            s
            for s in self.alive(day)
            if s.kind in PUBLIC_SERVICE_UNIT_KINDS
            and (ids is None or s.organization_id in ids)
            and s.sector not in excluded
        ]

    def balance(self, org_id: int, kind: str, day: dt.date) -> int:
        value = 0
        for e in self.entries[(org_id, kind)]:
            if e.effective_date > day:
                break
            value = e.amount if e.entry_type == EntryType.ALLOCATION else value + e.amount
        return value

    def measure(
        self, code: str, day: dt.date, scope: Organization | None, excluded: tuple[str, ...] = ()
    ) -> Decimal:
        units = self.units(day, scope, excluded)
        if code == Measure.UNITS_TOTAL:
            return Decimal(len(units))
        if code == Measure.BUDGET_STAFF_QUOTA:
            return Decimal(sum(self.balance(s.organization_id, BUDGET, day) for s in units))
        if code == Measure.AUTONOMOUS_SHARE:
            if not units:
                return Decimal(0)
            share = Decimal(sum(1 for s in units if s.autonomy_group in (1, 2))) * 100
            return (share / len(units)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        assert code == Measure.UNITS_PER_DEPARTMENT_MAX
        ids = self.subtree(scope, day)
        depts = [
            s
            for s in self.alive(day)
            if s.kind == Kind.DEPARTMENT
            and (ids is None or s.organization_id in ids)
            and s.sector not in excluded
        ]
        best = 0
        for dept in depts:
            under = [
                s
                for s in self.alive(day)
                if s.kind in PUBLIC_SERVICE_UNIT_KINDS
                and s.managing_body_id == dept.organization_id
            ]
            if under and excluded and {s.sector for s in under} <= set(excluded):
                continue
            best = max(best, len(under))
        return Decimal(best)


def _num(v: Decimal | None) -> int | float | None:
    if v is None:
        return None
    return int(v) if v == v.to_integral_value() else float(v)


def _nearest(targets: list[Target], day: dt.date) -> Target | None:
    upcoming = sorted((t for t in targets if t.deadline >= day), key=lambda t: t.deadline)
    if upcoming:
        return upcoming[0]
    return max(targets, key=lambda t: t.deadline) if targets else None


def _judged(raw: Raw, t: Target, day: dt.date, scope: Organization | None) -> dict[str, Any]:
    excluded = tuple(t.excluded_sectors or ())
    baseline = None
    if t.baseline_date:
        baseline = (
            Decimal(t.baseline_value)
            if t.baseline_value is not None
            else raw.measure(t.measure, t.baseline_date, scope, excluded)
        )
    now = raw.measure(t.measure, day, scope, excluded)
    at_deadline = raw.measure(t.measure, t.deadline, scope, excluded) if day >= t.deadline else None
    j = target_status.judge(
        comparison=t.comparison,
        target_value=t.target_value,
        baseline=baseline,
        start=t.baseline_date,
        deadline=t.deadline,
        as_of=day,
        value_now=now,
        value_at_deadline=at_deadline,
    )
    q2, q1 = Decimal("0.01"), Decimal("0.1")
    return {
        "code": t.code,
        "value": _num(t.target_value),
        "deadline": t.deadline.isoformat(),
        "status": j.status,
        "status_label": str(STATUS_LABELS[j.status]),
        "target_level": float(j.target_level.quantize(q2)),
        "expected_now": None if j.expected_now is None else float(j.expected_now.quantize(q2)),
        "pace_per_year": None if j.pace_per_year is None else float(j.pace_per_year.quantize(q1)),
        "measured": float(now),
        "baseline_value": None if baseline is None else float(baseline),
        "excluded_sectors": list(excluded),
    }


def expected_payload(raw: Raw, day: dt.date, scope: Organization | None) -> dict[str, Any]:
    targets = [
        t for t in Target.objects.all() if t.scope_id is None or (scope and t.scope_id == scope.pk)
    ]
    rows: list[dict[str, Any]] = []
    for code, label, base_code in (
        (Measure.UNITS_TOTAL, "units", "units_total"),
        (Measure.BUDGET_STAFF_QUOTA, "budget_staff", "budget_staff_quota"),
    ):
        value = raw.measure(code, day, scope)
        rows.append({"code": base_code, "value": _num(value), "baseline": None, "target": None})
        for year in (2015, 2021):
            bdate = dt.date(year, 12, 31)
            bval = raw.measure(code, bdate, scope)
            change = None
            if bval:
                change = ((value / bval - 1) * 100).quantize(Decimal("0.1"), ROUND_HALF_UP)
            chosen = _nearest(
                [
                    t
                    for t in targets
                    if t.measure == code and t.baseline_date == bdate and not t.excluded_sectors
                ],
                day,
            )
            rows.append(
                {
                    "code": f"{label}_change_vs_{year}",
                    "value": _num(value),
                    "baseline": {"date": bdate.isoformat(), "value": int(bval)},
                    "change_percent": _num(change),
                    "target": _judged(raw, chosen, day, scope) if chosen else None,
                }
            )
    share_target = _nearest([t for t in targets if t.measure == Measure.AUTONOMOUS_SHARE], day)
    rows.append(
        {
            "code": "autonomous_share",
            "value": _num(raw.measure(Measure.AUTONOMOUS_SHARE, day, scope)),
            "target": _judged(raw, share_target, day, scope) if share_target else None,
        }
    )
    dept_target = _nearest(
        [t for t in targets if t.measure == Measure.UNITS_PER_DEPARTMENT_MAX], day
    )
    excluded = tuple(dept_target.excluded_sectors) if dept_target else ()
    rows.append(
        {
            "code": "units_per_department_max",
            "value": _num(raw.measure(Measure.UNITS_PER_DEPARTMENT_MAX, day, scope, excluded)),
            "target": _judged(raw, dept_target, day, scope) if dept_target else None,
        }
    )
    return {"as_of": day.isoformat(), "scope": scope.pk if scope else None, "indicators": rows}


# ---------------------------------------------------------------------------------- the tests


def _scopes(world: dict[str, Any]) -> dict[str, Organization | None]:
    return {
        "database": None,
        "province": world["registry"].province,
        "department": world["registry"].education,
    }


def test_indicator_payload_equals_the_raw_computation(world):
    """For the whole database, the province and one department, at three dates (one world, built
    once: it takes seconds)."""
    raw = Raw()
    for scope, day in itertools.product(_scopes(world).values(), DATES):
        got = indicator_payload(day, scope)
        expected = expected_payload(raw, day, scope)
        assert (got["as_of"], got["scope"]) == (expected["as_of"], expected["scope"])
        assert [r["code"] for r in got["indicators"]] == [r["code"] for r in expected["indicators"]]
        for ours, theirs in zip(got["indicators"], expected["indicators"], strict=True):
            for key, value in theirs.items():
                assert ours[key] == value, (scope, day, ours["code"], key)


def test_the_ledger_exercises_every_case(world):
    """The data are not trivial: every entry type, events moving quotas, non-zero values."""
    types = set(QuotaEntry.objects.values_list("entry_type", flat=True))
    assert types == set(EntryType.values)
    assert QuotaEntry.objects.filter(event__isnull=False).count() > 10
    raw = Raw()
    for day in DATES:
        assert raw.measure(Measure.BUDGET_STAFF_QUOTA, day, world["registry"].education) > 0
        assert 0 < raw.measure(Measure.AUTONOMOUS_SHARE, day, None) < 100
        assert raw.measure(Measure.UNITS_PER_DEPARTMENT_MAX, day, None, ("education",)) > 1


def test_balances_equal_the_raw_fold(world):
    raw = Raw()
    ids = [o.pk for o in Organization.objects.all()]
    days = [*DATES, dt.date(2014, 12, 31), dt.date(2019, 1, 1), dt.date(2020, 1, 1)]
    for day in days:
        for kind in (BUDGET, REVENUE, QuotaKind.CIVIL_SERVANT):
            got = ledger.balances(ids + ids[:3], kind, day)
            assert got == {i: raw.balance(i, kind, day) for i in ids}, (day, kind)
        assert ledger.balances([], BUDGET, day) == {}
    hospital = world["registry"].hospital.pk
    # 2019: the adjustment entered before the allocation of the same day is replaced by it;
    # 2020: the one entered after it counts.
    alloc_2019, alloc_2020 = (
        QuotaEntry.objects.get(
            organization_id=hospital, kind=BUDGET, entry_type=EntryType.ALLOCATION, year=y
        ).amount
        for y in (2019, 2020)
    )
    assert ledger.balance(hospital, BUDGET, dt.date(2019, 1, 1)) == alloc_2019
    assert ledger.balance(hospital, BUDGET, dt.date(2020, 1, 1)) == alloc_2020 - 3
