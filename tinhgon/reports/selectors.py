"""The data object of each report kind, read from the registry, plans and indicators.

``build(kind, period, scope, …)`` returns a :class:`ReportDocument`; the renderers lay it out.
The counts come from the same selectors the pages use (``organizations.selectors``,
``plans.selectors.plan_dashboard``, ``indicators.selectors``), so a report and a dashboard on the
same day and scope show the same numbers.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Q

from tinhgon.core.db_router import replica_reads
from tinhgon.core.errors import Refused
from tinhgon.organizations import selectors as org_selectors
from tinhgon.organizations.choices import AutonomyGroup, EventKind, Kind, Level, Sector
from tinhgon.organizations.models import Organization, OrganizationState, ReorgEvent
from tinhgon.reports import builders
from tinhgon.reports.document import Image, ReportDocument, Section, Signer, Table
from tinhgon.reports.kinds import Period, ReportKind

PLACE = "Hà Tĩnh"
ARCHIVE_CODE = "NC2"  # Hà Tĩnh's Sở Nội vụ desk code on the provincial committee's documents
_COMMITTEE_KINDS = {Kind.PROVINCIAL_COMMITTEE, Kind.DISTRICT_COMMITTEE, Kind.COMMUNE_COMMITTEE}


@dataclass(frozen=True)
class Issuer:
    organization: Organization | None
    name: str  # full name: "Ủy ban nhân dân tỉnh Hà Tĩnh"
    superior: str
    code: str  # "UBND", "SNV"
    is_committee: bool


def _full_name(name: str) -> str:
    return "Ủy ban nhân dân " + name[5:] if name.startswith("UBND ") else name


def _initials(name: str) -> str:
    """ "Sở Nội vụ" → SNV, "Sở Y tế" → SYT, "Sở Giáo dục và Đào tạo" → SGDĐT."""
    words = [w for w in name.split() if w[:1].isalpha() and w.lower() != "và"]
    return "".join(w[0].upper() for w in words) or "CQ"


def issuer_for(scope: Organization | None, day: dt.date) -> Issuer:
    """The body that issues a report for ``scope``: the scope itself, or the province's People's
    Committee (the root) for a province-wide report."""
    state: OrganizationState | None
    if scope is None:
        state = (
            OrganizationState.objects.as_of(day)
            .filter(kind=Kind.PROVINCIAL_COMMITTEE, managing_body__isnull=True)
            .select_related("organization")
            .order_by("organization_id")
            .first()
        )
    else:
        state = scope.state_on(day) or scope.states.order_by("-valid_from").first()
    if state is None:
        return Issuer(None, f"Ủy ban nhân dân tỉnh {PLACE}", "", "UBND", True)
    committee = state.kind in _COMMITTEE_KINDS
    superior = ""
    if state.managing_body_id:
        parent = (
            OrganizationState.objects.as_of(day)
            .filter(organization_id=state.managing_body_id)
            .first()
        )
        superior = _full_name(parent.name) if parent else ""
    code = "UBND" if committee else _initials(state.name)
    return Issuer(state.organization, _full_name(state.name), superior, code, committee)


def signer_for(issuer: Issuer, name: str) -> Signer:
    if issuer.is_committee:
        return Signer("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", name)
    return Signer("", "GIÁM ĐỐC" if issuer.name.startswith("Sở") else "THỦ TRƯỞNG", name)


def scope_ids(scope: Organization | None, day: dt.date) -> set[int] | None:
    if scope is None:
        return None
    return org_selectors.subtree_ids(org_selectors.representatives_on(scope, day), day)


# --- dvsncl_annual -------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitRow:
    organization_id: int
    name: str
    sector: str
    level: str
    autonomy_group: int | None
    has_management_board: bool


def units_as_of(day: dt.date, scope: set[int] | None) -> list[UnitRow]:
    qs = OrganizationState.objects.as_of(day).public_service_units()
    if scope is not None:
        qs = qs.filter(organization_id__in=scope)
    return [
        UnitRow(*r)
        for r in qs.order_by("name_folded").values_list(
            "organization_id", "name", "sector", "level", "autonomy_group", "has_management_board"
        )
    ]


def _events_in(start: dt.date, end: dt.date, scope_roots: set[int] | None) -> list[ReorgEvent]:
    qs = ReorgEvent.objects.filter(effective_date__gte=start, effective_date__lte=end)
    if scope_roots is not None:
        ever = org_selectors.ever_subtree_ids(scope_roots)
        qs = qs.filter(links__organization_id__in=ever)
    return list(
        qs.distinct()
        .select_related("decision")
        .prefetch_related("links")
        .order_by("effective_date", "pk")
    )


def _name_on(org_id: int, day: dt.date) -> str:
    state = (
        OrganizationState.objects.filter(organization_id=org_id)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day), valid_from__lte=day)
        .first()
        or OrganizationState.objects.filter(organization_id=org_id).order_by("-valid_from").first()
    )
    return state.name if state else "—"


class _Namer:
    """Names of many organizations on many days from one query (no query per event link)."""

    def __init__(self, org_ids: set[int]) -> None:
        self.states: dict[int, list[tuple[dt.date, dt.date | None, str]]] = defaultdict(list)
        for org_id, start, end, name in (
            OrganizationState.objects.filter(organization_id__in=org_ids)
            .order_by("organization_id", "valid_from")
            .values_list("organization_id", "valid_from", "valid_to", "name")
        ):
            self.states[org_id].append((start, end, name))

    def on(self, org_id: int, day: dt.date) -> str:
        """As ``_name_on``: the state alive on ``day``, else the latest one."""
        states = self.states.get(org_id, [])
        for start, end, name in states:
            if start <= day and (end is None or end >= day):
                return name
        return states[-1][2] if states else "—"


def dvsncl_annual(period: Period, scope: Organization | None, today: dt.date) -> list[Section]:
    day = min(period.end, today)
    ids = scope_ids(scope, day)
    units = units_as_of(day, ids)
    sectors = [s for s in Sector if any(u.sector == s.value for u in units)]
    total = len(units)
    by_level: dict[str, Counter[str]] = defaultdict(Counter)
    by_group: dict[str, Counter[str]] = defaultdict(Counter)
    for u in units:
        by_level[u.sector][u.level] += 1
        by_group[u.sector][str(u.autonomy_group or "")] += 1
    level_table = Table(
        "Bảng 1. Số đơn vị sự nghiệp công lập theo lĩnh vực và cấp quản lý",
        ["Lĩnh vực", *[str(lv.label) for lv in Level], "Tổng số"],
        [
            [
                str(s.label),
                *[by_level[s.value][lv.value] for lv in Level],
                sum(by_level[s.value].values()),
            ]
            for s in sectors
        ],
    )
    groups = [str(g.value) for g in AutonomyGroup] + [""]
    group_table = Table(
        "Bảng 2. Số đơn vị sự nghiệp công lập theo lĩnh vực và mức độ tự chủ tài chính",
        [
            "Lĩnh vực",
            *[f"Nhóm {g.value}" for g in AutonomyGroup],
            "Chưa phân loại",
            "Tổng số",
        ],
        [
            [str(s.label), *[by_group[s.value][g] for g in groups], sum(by_group[s.value].values())]
            for s in sectors
        ],
    )
    where = (
        f"trên địa bàn tỉnh {PLACE}"
        if scope is None
        else f"thuộc phạm vi {_name_on(scope.pk, day)}"
    )
    sections = [
        Section(
            "Số lượng đơn vị sự nghiệp công lập",
            paragraphs=[
                f"Tính đến hết ngày {day:%d/%m/%Y}, {where} có {total} đơn vị sự nghiệp công lập "
                f"(số liệu theo sổ đăng ký tổ chức của TinhGon), chia theo lĩnh vực, cấp quản lý "
                f"và mức độ tự chủ tài chính (Nghị định 60/2021/NĐ-CP) như các bảng dưới đây."
            ],
            tables=[level_table, group_table],
        )
    ]
    # Changes in the year.
    roots = org_selectors.representatives_on(scope, day) if scope is not None else None
    events = _events_in(period.start, day, roots)
    kinds = Counter(e.kind for e in events)
    bullets = []
    namer = _Namer({link.organization_id for e in events for link in e.links.all()})
    for e in events:
        names = "; ".join(
            sorted({namer.on(link.organization_id, e.effective_date) for link in e.links.all()})
        )
        bullets.append(
            f"Ngày {e.effective_date:%d/%m/%Y}: {EventKind(e.kind).label} – {names} "
            f"(Quyết định số {e.decision.number})."
        )
    sections.append(
        Section(
            "Biến động trong năm",
            paragraphs=[
                f"Từ ngày {period.start:%d/%m/%Y} đến hết ngày {day:%d/%m/%Y} có {len(events)} "
                f"sự kiện sắp xếp, tổ chức lại liên quan đến các đơn vị."
                if events
                else f"Từ ngày {period.start:%d/%m/%Y} đến hết ngày {day:%d/%m/%Y} không có "
                f"sự kiện sắp xếp, tổ chức lại nào."
            ],
            bullets=bullets,
            tables=[
                Table(
                    "Bảng 3. Số sự kiện sắp xếp, tổ chức lại theo loại",
                    ["Loại sự kiện", "Số sự kiện"],
                    [[str(k.label), kinds[k.value]] for k in EventKind if kinds[k.value]],
                )
            ]
            if events
            else [],
        )
    )
    # Units under the minimum number of people, where workforce data exist.
    from tinhgon.workforce import selectors as workforce
    from tinhgon.workforce.models import Assignment

    minimum = int(getattr(settings, "TINHGON_MIN_UNIT_PEOPLE", 15))
    unit_ids = [u.organization_id for u in units]
    with_data = set(
        Assignment.objects.filter(organization_id__in=unit_ids)
        .values_list("organization_id", flat=True)
        .distinct()
    )
    present = workforce.present_counts(with_data, day) if with_data else {}
    small: list[list[str | int]] = [
        [u.name, sum(present.get(u.organization_id, Counter()).values())]
        for u in units
        if u.organization_id in with_data
        and sum(present.get(u.organization_id, Counter()).values()) < minimum
    ]
    sections.append(
        Section(
            f"Đơn vị có dưới {minimum} người làm việc",
            paragraphs=[
                f"Có dữ liệu nhân sự của {len(with_data)}/{total} đơn vị; trong đó {len(small)} "
                f"đơn vị có dưới {minimum} người làm việc."
                if with_data
                else "Chưa có dữ liệu nhân sự của đơn vị nào; chưa thống kê được mục này."
            ],
            tables=[
                Table(
                    "Bảng 4. Đơn vị có dưới " + str(minimum) + " người",
                    ["Đơn vị", "Số người"],
                    small,
                    totals=False,
                )
            ]
            if small
            else [],
        )
    )
    # Deputies over the cap (ND 120 art 6), from the workforce compliance checks.
    over = [
        (row, v)
        for row in workforce.compliance(unit_ids, day)
        for v in row.violations
        if v.check == workforce.Check.DEPUTIES
    ]
    sections.append(
        Section(
            "Đơn vị có số cấp phó vượt quy định",
            paragraphs=[
                f"Có {len(over)} đơn vị có số cấp phó vượt số lượng tối đa theo Điều 6 Nghị định "
                f"120/2020/NĐ-CP (đã sửa đổi)"
                + (", cần sắp xếp trong thời hạn ghi tại bảng." if over else ".")
            ],
            tables=[
                Table(
                    "Bảng 5. Đơn vị có số cấp phó vượt quy định",
                    ["Đơn vị", "Số cấp phó", "Tối đa", "Số vượt", "Thời hạn sắp xếp"],
                    [
                        [
                            row.name,
                            row.deputies,
                            int(row.max_deputies or 0),
                            v.amount,
                            f"{v.deadline:%d/%m/%Y}" if v.deadline else "—",
                        ]
                        for row, v in over
                    ],
                )
            ]
            if over
            else [],
        )
    )
    boards = [u for u in units if u.has_management_board]
    sections.append(
        Section(
            "Hội đồng quản lý",
            paragraphs=[
                f"Có {len(boards)}/{total} đơn vị sự nghiệp công lập đã thành lập Hội đồng quản lý."
            ],
            bullets=[u.name for u in boards],
        )
    )
    return sections


# --- plan_periodic -------------------------------------------------------------------------


def _pick_plan(plan_id: int | None) -> Any:
    from tinhgon.plans.models import Plan

    qs = Plan.objects.all()
    plan = qs.filter(pk=plan_id).first() if plan_id else qs.order_by("-date", "-pk").first()
    if plan is None:
        raise Refused.one("plan", "Không tìm thấy kế hoạch để lập báo cáo.")
    return plan


def plan_periodic(
    period: Period, scope: Organization | None, today: dt.date, plan_id: int | None = None
) -> list[Section]:
    from tinhgon.indicators.charts import render_png
    from tinhgon.indicators.choices import Measure
    from tinhgon.indicators.selectors import chart_data, indicator_set
    from tinhgon.plans.choices import Bucket
    from tinhgon.plans.selectors import plan_dashboard

    plan = _pick_plan(plan_id)
    day = min(period.end, today)
    dash = plan_dashboard(plan, day, scope_ids(scope, day), scorecards=None)
    buckets = list(Bucket)
    headers = [*[str(b.label) for b in buckets], "Tổng số"]
    item_rows: list[list[str | int]] = [
        [f"{n.task.ref} {n.task.text}"[:200], *[n.counts[b.value] for b in buckets], n.total]
        for n in dash.tree
        if n.task.parent_id is None
    ]
    agency_rows: list[list[str | int]] = [
        [c.name, *[c.counts[b.value] for b in buckets], c.total] for c in dash.scorecards
    ]
    c = dash.counts
    sections = [
        Section(
            "Kết quả thực hiện nhiệm vụ",
            paragraphs=[
                f"Thực hiện {plan.doc_kind} số {plan.number or '…'} ngày {plan.date:%d/%m/%Y} "
                f"về {plan.title}, tính đến hết ngày {day:%d/%m/%Y}: tổng số {dash.total} lượt "
                f"nhiệm vụ giao cho các cơ quan, đơn vị; "
                + "; ".join(f"{str(b.label).lower()} {c[b.value]}" for b in buckets)
                + "."
            ],
            tables=[
                Table(
                    "Bảng 1. Kết quả theo nội dung của kế hoạch", ["Nội dung", *headers], item_rows
                ),
                Table(
                    "Bảng 2. Kết quả theo cơ quan, đơn vị",
                    ["Cơ quan, đơn vị", *headers],
                    agency_rows,
                ),
            ],
        )
    ]
    org = scope
    rows: list[list[str | int]] = []
    for ind in indicator_set(day, org):
        t = ind.target or {}
        rows.append(
            [
                ind.label,
                _num(ind.value) + (f" {ind.unit}" if ind.unit else ""),
                _num(t["value"]) if "value" in t else "—",
                f"{t['deadline'][8:10]}/{t['deadline'][5:7]}/{t['deadline'][:4]}"
                if t.get("deadline")
                else "—",
                str(t.get("status_label", "—")),
            ]
        )
    images = [
        Image(cd.title, render_png(cd))
        for cd in (
            chart_data(Measure.UNITS_TOTAL, org, day),
            chart_data(Measure.BUDGET_STAFF_QUOTA, org, day),
        )
    ]
    sections.append(
        Section(
            "Các chỉ tiêu so với mục tiêu",
            paragraphs=[f"Các chỉ tiêu tính đến hết ngày {day:%d/%m/%Y} so với mục tiêu đề ra."],
            tables=[
                Table(
                    "Bảng 3. Chỉ tiêu và mục tiêu",
                    ["Chỉ tiêu", "Giá trị", "Mục tiêu", "Thời hạn", "Đánh giá"],
                    rows,
                    totals=False,
                )
            ],
            images=images,
        )
    )
    return sections


def _num(v: Any) -> str:
    d = Decimal(str(v))
    if d == d.to_integral_value():
        return f"{int(d):,}".replace(",", ".")
    return f"{d:.1f}".replace(".", ",")


BUILDERS: dict[str, Callable[..., list[Section]]] = {
    "dvsncl_annual": dvsncl_annual,
    "plan_periodic": plan_periodic,
    "headcount_plan": builders.headcount_plan,
    "headcount_stats": builders.headcount_stats,
    "streamlining_list": builders.streamlining_list,
    "autonomy_annual": builders.autonomy_annual,
    "registry_list": builders.registry_list,
    "task_list": builders.task_list,
}
PLAN_KINDS = {"plan_periodic", "task_list"}  # kinds that read one plan (``plan_id``)
_MINISTRY = ["Bộ Nội vụ", "Chủ tịch, các Phó Chủ tịch UBND tỉnh", "Sở Nội vụ"]

RECIPIENTS: dict[str, list[str]] = {
    "dvsncl_annual": [
        "Bộ Nội vụ",
        "Các bộ quản lý ngành, lĩnh vực",
        "Chủ tịch, các Phó Chủ tịch UBND tỉnh",
        "Sở Nội vụ",
    ],
    "plan_periodic": [
        "Thường trực Tỉnh ủy",
        "Thường trực HĐND tỉnh",
        "Chủ tịch, các Phó Chủ tịch UBND tỉnh",
        "Các sở, ban, ngành; UBND các xã, phường",
    ],
    "headcount_plan": _MINISTRY,
    "headcount_stats": _MINISTRY,
    "streamlining_list": ["Bộ Nội vụ", "Bộ Tài chính", *_MINISTRY[1:]],
    "autonomy_annual": ["Bộ Tài chính", "Bộ Nội vụ", *_MINISTRY[1:], "Sở Tài chính"],
    "registry_list": _MINISTRY,
    "task_list": [
        "Chủ tịch, các Phó Chủ tịch UBND tỉnh",
        "Các sở, ban, ngành; UBND các xã, phường",
    ],
}


@replica_reads
def build(
    kind: ReportKind,
    period: Period,
    scope: Organization | None,
    *,
    today: dt.date,
    number: int | None = None,
    signer_name: str = "",
    plan_id: int | None = None,
    issue_date: dt.date | None = None,
) -> ReportDocument:
    """The data object of ``kind`` for ``period`` and ``scope`` (None: the whole province)."""
    builder = BUILDERS.get(kind.code)
    if builder is None:
        raise Refused.one("kind", f"Loại báo cáo “{kind.code}” chưa có mẫu.")
    kwargs: dict[str, Any] = {"plan_id": plan_id} if kind.code in PLAN_KINDS else {}
    sections = builder(period, scope, today, **kwargs)
    issued = issue_date or today
    issuer = issuer_for(scope, issued)
    return ReportDocument(
        kind=kind.code,
        superior_body=issuer.superior,
        issuing_body=issuer.name,
        issuer_code=issuer.code,
        type_code=kind.type_code,
        type_name=kind.type_name,
        number=number,
        place=PLACE,
        date=issued,
        summary=kind.summary(period),
        sections=sections,
        signer=signer_for(issuer, signer_name),
        recipients=RECIPIENTS.get(kind.code, []),
        archive_code=ARCHIVE_CODE if issuer.is_committee else "",
        period_label=period.label,
    )
