"""The quota demo for Hà Tĩnh, consistent with the demo registry (deterministic).

It replays the registry's history year by year: on 1 January each year the People's Committee assigns
every unit its quota (the yearly chain: proposal, appraisal, the People's Council's resolution, the
assignment), computed from last year's balance with a yearly cut; between assignments every
reorganization event moves quotas through the staffing step (``on_reorg_event``), exactly as the one door
does for a live event. Bodies (departments, districts, communes, the province) hold the pool of their
units. Cuts are tuned so that the demo shows targets both achieved and missed.

That history is approved fact and is written directly. On top of it, :meth:`QuotaDemo.queue` leaves
what officers propose today in the approval flow (``submission_services``): transfers between
sibling units of one department proposed by the demo's user — one approved by Sở Nội vụ (recorded as
the system, so the maker never approves), three waiting, one returned with its reason — and the
latest headcounts of one department reported as a submission (approved, so the figures are those of
the history) with a newer report waiting.
"""

from __future__ import annotations

import datetime as dt
import zlib
from collections import defaultdict
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from tinhgon.accounts.choices import Role
from tinhgon.organizations.choices import PUBLIC_SERVICE_UNIT_KINDS, Category, Kind
from tinhgon.organizations.models import LegalDocument, Organization, OrganizationState, ReorgEvent
from tinhgon.organizations.services import DecisionInput, document_resolve
from tinhgon.staffing import selectors
from tinhgon.staffing import submission_services as submissions
from tinhgon.staffing.choices import ChainStep, EntryType, QuotaKind, SubmissionSource
from tinhgon.staffing.models import QuotaEntry
from tinhgon.staffing.services import (
    EntryInput,
    HeadcountInput,
    headcount_record,
    on_reorg_event,
    quota_chain_record,
    quota_entries_record,
)

FIRST_YEAR, LAST_YEAR = 2015, 2026
PROVINCE = "UBND tỉnh Hà Tĩnh"
COUNCIL = "HĐND tỉnh Hà Tĩnh"
MINISTRY = "Bộ Nội vụ"
# Yearly cut of the budget-paid quota (a demo assumption, not a rule): slower before 2021, faster after.
CUT = {
    year: Decimal("0.007") if year <= 2021 else Decimal("0.028")
    for year in range(FIRST_YEAR + 1, LAST_YEAR + 1)
}
CUT[LAST_YEAR] = Decimal("0.010")

_SIZE = {  # (low, high) budget-paid people of a unit when the record starts
    Category.PRESCHOOL: (14, 30),
    Category.PRIMARY: (18, 36),
    Category.LOWER_SECONDARY: (20, 40),
    Category.MULTI_LEVEL_SCHOOL: (30, 55),
    Category.UPPER_SECONDARY: (55, 95),
    Category.CONTINUING_EDUCATION: (12, 30),
    Category.COLLEGE: (80, 160),
    Category.DISTRICT_HEALTH: (60, 140),
    Category.GENERAL_HOSPITAL: (150, 320),
    Category.SPECIALIST_HOSPITAL: (60, 140),
    Category.CDC: (70, 110),
}
_CS_SIZE = {
    Kind.DEPARTMENT: (25, 70),
    Kind.DISTRICT_COMMITTEE: (55, 85),
    Kind.COMMUNE_COMMITTEE: (18, 26),
}


def _pick(org_id: int, low: int, high: int, salt: str = "") -> int:
    return low + zlib.crc32(f"{org_id}{salt}".encode()) % (high - low + 1)


def _round(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


class QuotaDemo:
    def __init__(self, user: Any, log: Callable[[str], None]) -> None:
        self.user = user
        self.log = log
        self.province = Organization.objects.get(states__name=PROVINCE)
        # Sở Nội vụ's officer approves the agencies' proposals (the demo acts for them otherwise).
        self.supervisor = (
            get_user_model().objects.filter(role=Role.SUPERVISOR).order_by("pk").first()
        )

    def officer_of(self, org_id: int) -> Any:
        """The demo account working in ``org_id`` (who makes its proposals), else the demo's."""
        officer = (
            get_user_model()
            .objects.filter(role=Role.OFFICER, organization_id=org_id)
            .order_by("pk")
            .first()
        )
        return officer or self.user

    def doc(
        self, number: str, date: dt.date, issuer: str, title: str, signer: str = "Võ Trọng Hải"
    ) -> LegalDocument:
        return document_resolve(
            acting_user=self.user, decision=DecisionInput(number, date, issuer, signer, title)
        )

    # -- one year --------------------------------------------------------------------------

    def unit_quota(
        self, state: OrganizationState, year: int, budget: int, revenue: int
    ) -> tuple[int, int]:
        """(budget-paid, revenue-paid) quota of a unit for ``year`` from last year's balances."""
        if year == FIRST_YEAR or budget + revenue == 0:
            low, high = _SIZE.get(
                Category(state.category) if state.category else Category.OTHER, (10, 28)
            )
            total = _pick(state.organization_id, low, high)
        else:
            total = _round(Decimal(budget) * (1 - CUT[year])) + revenue
        if state.autonomy_group in (1, 2):
            return 0, total  # self-financing units pay their people from their own revenue
        if state.autonomy_group == 3:
            share = Decimal(_pick(state.organization_id, 10, 35, "rev")) / 100
            rev = _round(Decimal(total) * share)
            return total - rev, rev
        return total, 0

    def allocate(self, year: int, doc: LegalDocument) -> dict[str, int]:
        day = dt.date(year, 1, 1)
        states = list(OrganizationState.objects.as_of(day))
        by_id = {s.organization_id: s for s in states}
        children: dict[int, list[int]] = defaultdict(list)
        for s in states:
            if s.managing_body_id:
                children[s.managing_body_id].append(s.organization_id)
        amounts: dict[str, dict[int, int]] = {k: {} for k in QuotaKind.values}
        prev = day - dt.timedelta(days=1)
        unit_ids = [s.organization_id for s in states if s.kind in PUBLIC_SERVICE_UNIT_KINDS]
        last_budget = selectors.balances(unit_ids, QuotaKind.PUBLIC_EMPLOYEE_BUDGET, prev)
        last_revenue = selectors.balances(unit_ids, QuotaKind.PUBLIC_EMPLOYEE_REVENUE, prev)
        for s in states:
            if s.kind in PUBLIC_SERVICE_UNIT_KINDS:
                b, r = self.unit_quota(
                    s, year, last_budget[s.organization_id], last_revenue[s.organization_id]
                )
                amounts[QuotaKind.PUBLIC_EMPLOYEE_BUDGET][s.organization_id] = b
                amounts[QuotaKind.PUBLIC_EMPLOYEE_REVENUE][s.organization_id] = r
            elif s.kind in _CS_SIZE:
                low, high = _CS_SIZE[Kind(s.kind)]
                cs = _pick(s.organization_id, low, high, "cs")
                amounts[QuotaKind.CIVIL_SERVANT][s.organization_id] = _round(
                    Decimal(cs) * (1 - Decimal("0.01") * (year - FIRST_YEAR))
                )

        def pool(org_id: int, kind: str) -> int:
            own = (
                amounts[kind].get(org_id, 0)
                if by_id[org_id].kind in PUBLIC_SERVICE_UNIT_KINDS
                else 0
            )
            below = sum(pool(c, kind) for c in children.get(org_id, []))
            if (
                by_id[org_id].kind not in PUBLIC_SERVICE_UNIT_KINDS
                and kind != QuotaKind.CIVIL_SERVANT
            ):
                amounts[kind][org_id] = below
                return below
            if (
                kind == QuotaKind.CIVIL_SERVANT
                and by_id[org_id].kind not in PUBLIC_SERVICE_UNIT_KINDS
            ):
                mine = amounts[kind].get(org_id, 0)
                total = mine + below
                amounts[kind][org_id] = total
                return total
            return own + below

        totals: dict[str, int] = {}
        for kind in (
            QuotaKind.CIVIL_SERVANT,
            QuotaKind.PUBLIC_EMPLOYEE_BUDGET,
            QuotaKind.PUBLIC_EMPLOYEE_REVENUE,
        ):
            total = pool(self.province.pk, kind)
            amounts[kind][self.province.pk] = total + _round(
                Decimal(total) * Decimal("0.005")
            )  # provincial reserve
            totals[kind] = amounts[kind][self.province.pk]
        rows = []
        for kind_code, per in amounts.items():
            # Every organization holding a balance today (transfers of today's events included) is
            # restated, so nothing from before escapes this year's assignment.
            held = selectors.balances(list(by_id), kind_code, day)
            for org_id in sorted(set(per) | {o for o, v in held.items() if v}):
                rows.append(
                    EntryInput(
                        org_id,
                        kind_code,
                        year,
                        EntryType.ALLOCATION,
                        per.get(org_id, 0),
                        day,
                        doc,
                        "Giao biên chế năm",
                    )
                )
        quota_entries_record(acting_user=self.user, rows=rows)
        return totals

    def chain(self, year: int) -> tuple[LegalDocument, LegalDocument, LegalDocument, LegalDocument]:
        prev = year - 1
        proposal = self.doc(
            f"{110 + year % 100}/TTr-UBND",
            dt.date(prev, 4, 22),
            PROVINCE,
            f"Đề nghị thẩm định số lượng người làm việc năm {year}",
        )
        appraisal = self.doc(
            f"{2100 + year % 100}/BNV-TCBC",
            dt.date(prev, 6, 26),
            MINISTRY,
            f"Thẩm định số lượng người làm việc năm {year} của tỉnh Hà Tĩnh",
            "Thứ trưởng Bộ Nội vụ",
        )
        resolution = self.doc(
            f"{60 + year % 100}/NQ-HĐND",
            dt.date(prev, 12, 9),
            COUNCIL,
            f"Về biên chế công chức, số lượng người làm việc năm {year}",
            "Chủ tịch HĐND tỉnh",
        )
        assignment = self.doc(
            f"{3300 + year % 100}/QĐ-UBND",
            dt.date(prev, 12, 26),
            PROVINCE,
            f"Về việc giao biên chế năm {year}",
        )
        return proposal, appraisal, resolution, assignment

    def run(self) -> None:
        # Live staffing steps ran with empty balances while the registry was built: replay them now
        # in date order (skipping the transfers that merges carry, which live events never pass on).
        events = [
            e
            for e in ReorgEvent.objects.order_by("effective_date", "id").prefetch_related("links")
            if "carried_by_event" not in e.changes
        ]
        by_year: dict[int, list[ReorgEvent]] = defaultdict(list)
        for e in events:
            by_year[e.effective_date.year].append(e)
        today = timezone.localdate()
        for year in range(FIRST_YEAR, LAST_YEAR + 1):
            jan1 = dt.date(year, 1, 1)
            for e in (e for e in by_year[year] if e.effective_date == jan1):
                on_reorg_event(acting_user=self.user, event=e)
            proposal, appraisal, resolution, assignment = self.chain(year)
            totals = self.allocate(year, assignment)
            for step, doc in (
                (ChainStep.PROPOSAL, proposal),
                (ChainStep.APPRAISAL, appraisal),
                (ChainStep.COUNCIL_RESOLUTION, resolution),
                (ChainStep.ASSIGNMENT, assignment),
            ):
                quota_chain_record(
                    acting_user=self.user,
                    province=self.province,
                    year=year,
                    step=step,
                    decision=doc,
                    totals=totals,
                )
            for e in (e for e in by_year[year] if e.effective_date != jan1):
                on_reorg_event(acting_user=self.user, event=e)
            if year in (2024, 2025):
                self.headcounts(dt.date(year, 12, 31))
        self.headcounts(min(dt.date(LAST_YEAR, 12, 31), today), reported=True)
        self.queue(today)
        self.log(f"Sổ biên chế: {QuotaEntry.objects.count()} bút toán.")

    def headcounts(self, day: dt.date, reported: bool = False) -> None:
        """Headcounts of every unit on ``day``; with ``reported``, those of the first department
        with units come as its report, approved by Sở Nội vụ (same figures)."""
        units = OrganizationState.objects.as_of(day).public_service_units()
        ids = list(units.values_list("organization_id", flat=True))
        assigned = selectors.balances(ids, QuotaKind.PUBLIC_EMPLOYEE_BUDGET, day)
        body = self.reporting_body(day) if reported else None
        rows: list[HeadcountInput] = []
        for state in units.order_by("organization_id"):
            org_id = state.organization_id
            if assigned[org_id]:
                gap = _pick(org_id, 0, 8, str(day.year))
                count = max(0, assigned[org_id] - gap)
                if body is not None and state.managing_body_id == body.organization_id:
                    rows.append(
                        HeadcountInput(org_id, QuotaKind.PUBLIC_EMPLOYEE_BUDGET, day, count)
                    )
                    continue
                headcount_record(
                    acting_user=self.user,
                    organization=org_id,
                    kind=QuotaKind.PUBLIC_EMPLOYEE_BUDGET,
                    as_of=day,
                    count=count,
                )
        if body is not None and rows:
            officer = self.officer_of(body.organization_id)
            sub = submissions.headcount_submission_create(
                acting_user=officer,
                rows=rows,
                title=f"Số người có mặt ngày {day:%d/%m/%Y} – {body.name}",
                source=SubmissionSource.IMPORT,
            )
            submissions.submission_approve(
                acting_user=self.supervisor,
                obj=sub,
                expected_version=sub.version,
                reason="Khớp hồ sơ",
            )
            newer = [
                HeadcountInput(r.organization, r.kind, day, max(0, int(r.count) - 1))
                for r in rows[:3]
            ]
            submissions.headcount_submission_create(
                acting_user=officer,
                rows=newer,
                title=f"Số người có mặt ngày {day:%d/%m/%Y} (điều chỉnh) – {body.name}",
            )

    def reporting_body(self, day: dt.date) -> OrganizationState | None:
        """The department (Sở) with the most public service units on ``day``."""
        units = OrganizationState.objects.as_of(day).public_service_units()
        counts: dict[int, int] = defaultdict(int)
        for body_id in units.values_list("managing_body_id", flat=True):
            if body_id:
                counts[body_id] += 1
        bodies = OrganizationState.objects.as_of(day).filter(
            organization_id__in=list(counts), kind=Kind.DEPARTMENT
        )
        return max(
            bodies, key=lambda s: (counts[s.organization_id], -s.organization_id), default=None
        )

    def queue(self, today: dt.date) -> None:
        """Transfers between sibling units proposed today: one approved, three waiting, one returned."""
        body = self.reporting_body(today)
        if body is None:
            return
        kind = QuotaKind.PUBLIC_EMPLOYEE_BUDGET
        units = list(
            OrganizationState.objects.as_of(today)
            .public_service_units()
            .filter(managing_body_id=body.organization_id)
            .order_by("organization_id")
        )
        held = selectors.balances([u.organization_id for u in units], kind, today)
        rich = [u for u in units if held[u.organization_id] >= 10]
        if len(rich) < 2:
            return
        decided = today - dt.timedelta(days=6)
        plans = [
            ("approved", 2, ""),
            ("submitted", 1, ""),
            ("submitted", 3, ""),
            ("submitted", 2, ""),
            ("returned", 4, "Thiếu quyết định của UBND tỉnh kèm theo; đề nghị bổ sung."),
        ]
        for n, (final, amount, reason) in enumerate(plans):
            source, target = rich[n % len(rich)], rich[(n + 1) % len(rich)]
            decision = DecisionInput(
                f"{2480 + n}/QĐ-UBND", decided, PROVINCE, "Võ Trọng Hải", "Điều chuyển biên chế"
            )
            rows = [
                EntryInput(
                    source.organization_id,
                    kind,
                    today.year,
                    EntryType.TRANSFER_OUT,
                    -amount,
                    today,
                    decision,
                    "Điều chuyển biên chế",
                    target.organization_id,
                ),
                EntryInput(
                    target.organization_id,
                    kind,
                    today.year,
                    EntryType.TRANSFER_IN,
                    amount,
                    today,
                    decision,
                    "Điều chuyển biên chế",
                    source.organization_id,
                ),
            ]
            sub = submissions.quota_submission_create(
                acting_user=self.officer_of(body.organization_id),
                rows=rows,
                title=f"Điều chuyển {amount} biên chế: {source.name} → {target.name}",
            )
            if final == "approved":
                submissions.submission_approve(
                    acting_user=self.supervisor,
                    obj=sub,
                    expected_version=sub.version,
                    reason="Đúng quyết định",
                )
            elif final == "returned":
                submissions.submission_return(
                    acting_user=self.supervisor,
                    submission=sub,
                    expected_version=sub.version,
                    reason=reason,
                )


def demo_loaded() -> bool:
    return QuotaEntry.objects.exists()


def load(user: Any, log: Callable[[str], None] | None = None) -> None:
    QuotaDemo(user, log or (lambda _m: None)).run()
