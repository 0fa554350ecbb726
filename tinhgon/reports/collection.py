"""Reads of a collection round: who takes part, each agency's draft from its own data, who has not
submitted, and the consolidated data object built from what was approved.

An agency's draft is the kind's data object for the agency's own subtree (the same selector as the
province's report), followed by its narrative parts (results, problems, proposals). The consolidated
report is the kind's data object for the whole province, read from the registry on the day (so its
numbers are the dashboard's), followed by the approved agencies' narratives and the state of
collection. Nothing here writes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from tinhgon.core.approval import ApprovalStatus
from tinhgon.organizations.choices import Kind
from tinhgon.organizations.models import Organization, OrganizationState
from tinhgon.reports import kinds, selectors
from tinhgon.reports.document import ReportDocument, Section, Table
from tinhgon.reports.models import ReportRound, Submission

# Who submits: the bodies directly under the provincial People's Committee (departments and
# equivalents, district- and commune-level committees). Their own units report through them.
AGENCY_KINDS = (
    Kind.DEPARTMENT,
    Kind.OTHER_ADMIN,
    Kind.DISTRICT_COMMITTEE,
    Kind.COMMUNE_COMMITTEE,
)


def round_period(rnd: ReportRound, today: dt.date) -> kinds.Period:
    return kinds.parse_period(rnd.period, kinds.get_kind(rnd.kind), today)


def data_day(period: kinds.Period, today: dt.date) -> dt.date:
    return min(period.end, today)


def province_root(day: dt.date) -> Organization | None:
    state = (
        OrganizationState.objects.as_of(day)
        .filter(kind=Kind.PROVINCIAL_COMMITTEE, managing_body__isnull=True)
        .select_related("organization")
        .order_by("organization_id")
        .first()
    )
    return state.organization if state else None


def participants(day: dt.date, root: Organization | None = None) -> list[Organization]:
    """The agencies directly under ``root`` (default: the province) that submit, by name."""
    root = root or province_root(day)
    if root is None:
        return []
    states = (
        OrganizationState.objects.as_of(day)
        .filter(managing_body=root, kind__in=AGENCY_KINDS)
        .select_related("organization")
        .order_by("name_folded", "organization_id")
    )
    return [s.organization for s in states]


def _text_section(heading: str, text: str) -> Section:
    paragraphs = [p.strip() for p in (text or "").splitlines() if p.strip()]
    return Section(heading, paragraphs=paragraphs or ["Không có."])


def agency_document(sub: Submission, today: dt.date) -> ReportDocument:
    """The agency's draft: its own data for the round's kind and period, then its narrative."""
    rnd = sub.round
    kind = kinds.get_kind(rnd.kind)
    period = round_period(rnd, today)
    doc = selectors.build(kind, period, sub.organization, today=today, plan_id=rnd.plan_id)
    sections = [
        *doc.sections,
        _text_section("Kết quả nổi bật", sub.results),
        _text_section("Khó khăn, vướng mắc", sub.problems),
        _text_section("Đề xuất, kiến nghị", sub.proposals),
    ]
    return replace(doc, sections=sections, recipients=["Sở Nội vụ"])


@dataclass(frozen=True)
class CollectionState:
    submissions: list[Submission]
    approved: list[Submission]
    waiting: list[Submission]  # submitted, not yet decided
    missing: list[Submission]  # draft or returned: not (re)submitted

    @property
    def total(self) -> int:
        return len(self.submissions)


def collection_state(rnd: ReportRound) -> CollectionState:
    subs = list(
        rnd.submissions.select_related("organization", "submitted_by").order_by("organization__pk")
    )
    names = _names(subs)
    subs.sort(key=lambda s: names.get(s.organization_id, ""))
    for s in subs:
        s.agency_name = names.get(s.organization_id, "—")  # type: ignore[attr-defined]
    return CollectionState(
        subs,
        [s for s in subs if s.status == ApprovalStatus.APPROVED],
        [s for s in subs if s.status == ApprovalStatus.SUBMITTED],
        [s for s in subs if s.status in (ApprovalStatus.DRAFT, ApprovalStatus.RETURNED)],
    )


def _names(subs: list[Submission]) -> dict[int, str]:
    ids = [s.organization_id for s in subs]
    out: dict[int, str] = {}
    for org_id, name in (
        OrganizationState.objects.filter(organization_id__in=ids)
        .order_by("organization_id", "valid_from")
        .values_list("organization_id", "name")
    ):
        out[org_id] = name  # the latest state's name wins
    return out


def consolidated_document(rnd: ReportRound, today: dt.date) -> ReportDocument:
    kind = kinds.get_kind(rnd.kind)
    period = round_period(rnd, today)
    doc = selectors.build(kind, period, rnd.scope, today=today, plan_id=rnd.plan_id)
    state = collection_state(rnd)
    approved = state.approved
    status_rows: list[list[str | int]] = [
        [
            s.agency_name,  # type: ignore[attr-defined]
            str(s.status_label),
            f"{s.submitted_at:%d/%m/%Y}" if s.submitted_at else "—",
        ]
        for s in state.submissions
    ]
    missing = [s.agency_name for s in state.missing + state.waiting]  # type: ignore[attr-defined]
    summary = (
        f"Có {len(approved)}/{state.total} cơ quan, đơn vị đã gửi báo cáo và được Sở Nội vụ "
        f"phê duyệt; số liệu tổng hợp trên đây lấy từ cơ sở dữ liệu TinhGon tính đến hết ngày "
        f"{data_day(period, today):%d/%m/%Y}."
    )
    sections = [
        *doc.sections,
        Section(
            "Tình hình báo cáo của các cơ quan, đơn vị",
            paragraphs=[summary]
            + ([f"Chưa gửi hoặc chưa được phê duyệt: {', '.join(missing)}."] if missing else []),
            tables=[
                Table(
                    "Bảng. Tình hình gửi báo cáo",
                    ["Cơ quan, đơn vị", "Trạng thái", "Ngày gửi"],
                    status_rows,
                    totals=False,
                )
            ],
        ),
    ]
    for heading, field in (
        ("Kết quả nổi bật của các cơ quan, đơn vị", "results"),
        ("Khó khăn, vướng mắc", "problems"),
        ("Đề xuất, kiến nghị", "proposals"),
    ):
        bullets = [
            f"{s.agency_name}: {' '.join(getattr(s, field).split())}"  # type: ignore[attr-defined]
            for s in approved
            if getattr(s, field).strip()
        ]
        sections.append(
            Section(heading, bullets=bullets, paragraphs=[] if bullets else ["Không có."])
        )
    return replace(doc, sections=sections)
