"""The data objects of the remaining kinds: headcount plan and statistics (ND 106 annexes until
30/06/2026, the ND 232 dossier from 01/07/2026), streamlining results, autonomy, the registry and
the task list. Each reads through the lower apps' selectors and returns the sections of a
:class:`~tinhgon.reports.document.ReportDocument`.

Where the Ministry's form is not in the public sources, the tables are laid out from DOMAIN.md
(§5.1 for ND 106 art 10 and arts 13–15, §5.4 for ND 232, §11b for TT 56/2022) and
``docs/reports.md`` says so.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from typing import Any

from tinhgon.organizations.choices import AutonomyGroup, Level, Sector
from tinhgon.organizations.models import Organization, OrganizationState
from tinhgon.reports.document import Section, Table
from tinhgon.reports.kinds import Period
from tinhgon.rules.quota import ND232_EFFECTIVE as ND232_FROM  # DOMAIN.md §5.4


def _scope(scope: Organization | None, day: dt.date) -> set[int] | None:
    from tinhgon.reports.selectors import scope_ids

    return scope_ids(scope, day)


def _agencies(scope: Organization | None, day: dt.date) -> list[tuple[int, str]]:
    """The bodies a table is broken down by: the agencies under the province, or the scope."""
    from tinhgon.reports.collection import participants

    if scope is not None:
        state = scope.state_on(day)
        return [(scope.pk, state.name if state else str(scope))]
    names = dict(
        OrganizationState.objects.as_of(day)
        .filter(organization__in=participants(day))
        .values_list("organization_id", "name")
    )
    return sorted(names.items(), key=lambda kv: kv[1])


def _label(choices: Any, value: Any) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value or "—")


# --- headcount_plan (ND 106 art 10; before 01/05) -------------------------------------------


def headcount_plan(period: Period, scope: Organization | None, today: dt.date) -> list[Section]:
    from tinhgon.rules.quota import kind_label
    from tinhgon.staffing import selectors as staffing
    from tinhgon.staffing.choices import QuotaKind
    from tinhgon.staffing.models import QuotaChainStep

    day = min(period.end, today)
    agencies = _agencies(scope, day)
    ids = [a for a, _ in agencies]
    kinds = list(QuotaKind)
    balances = {k: staffing.balances(ids, k.value, day) for k in kinds}
    rows: list[list[str | int]] = [
        [name, *[int(balances[k].get(pk, 0)) for k in kinds]] for pk, name in agencies
    ]
    table = Table(
        f"Biểu IA. Biên chế được giao năm {day.year} theo cơ quan, đơn vị",
        ["Cơ quan, đơn vị", *[kind_label(k.value, day) for k in kinds]],
        rows,
    )
    proposal = (
        QuotaChainStep.objects.filter(year=day.year + 1, step="proposal").order_by("date").first()
    )
    next_rows: list[list[str | int]] = []
    if proposal is not None:
        for k in kinds:
            if k.value in proposal.totals:
                next_rows.append([kind_label(k.value, day), int(proposal.totals[k.value])])
    sections = [
        Section(
            "Tình hình quản lý, sử dụng biên chế năm " + str(day.year),
            paragraphs=[
                f"Số biên chế được giao tính đến ngày {day:%d/%m/%Y} theo sổ biên chế của "
                f"TinhGon, chia theo cơ quan, đơn vị và loại biên chế (Điều 10 Nghị định "
                f"106/2020/NĐ-CP)."
            ],
            tables=[table],
        ),
        Section(
            f"Kế hoạch biên chế năm {day.year + 1}",
            paragraphs=[
                f"Đề xuất tổng biên chế năm {day.year + 1} theo bước “đề xuất” của quy trình giao "
                f"biên chế ({proposal.document if proposal else ''})."
                if next_rows
                else f"Chưa có đề xuất biên chế năm {day.year + 1} trong quy trình giao biên chế."
            ],
            tables=[
                Table(
                    f"Biểu IB. Đề xuất biên chế năm {day.year + 1}",
                    ["Loại biên chế", "Số đề xuất"],
                    next_rows,
                )
            ]
            if next_rows
            else [],
        ),
    ]
    return sections


# --- headcount_stats (ND 106 annexes III, IV until 30/06/2026; ND 232 dossier from 01/07/2026)


def headcount_stats(period: Period, scope: Organization | None, today: dt.date) -> list[Section]:
    from tinhgon.positions.selectors import decisions_on
    from tinhgon.workforce.selectors import structure

    day = min(period.end, today)
    ids = _scope(scope, day)
    nd232 = day >= ND232_FROM
    units = OrganizationState.objects.as_of(day).public_service_units()
    if ids is not None:
        units = units.filter(organization_id__in=ids)
    unit_ids = list(units.values_list("organization_id", flat=True))
    decisions = decisions_on(unit_ids, day)
    approved = sum(d.total_headcount for d in decisions.values())
    by_kind = structure(unit_ids, day, "employment_kind")
    by_level = structure(unit_ids, day, "level" if nd232 else "rank")
    basis = (
        "Nghị định 232/2026/NĐ-CP (hồ sơ vị trí việc làm và cơ cấu viên chức theo bậc nghề nghiệp)"
        if nd232
        else "Nghị định 106/2020/NĐ-CP (Phụ lục III, IV)"
    )
    word = "Quyết định phê duyệt vị trí việc làm" if nd232 else "Đề án vị trí việc làm"
    return [
        Section(
            "Vị trí việc làm",
            paragraphs=[
                f"Theo {basis}, tính đến hết ngày {day:%d/%m/%Y}: {len(decisions)}/{len(unit_ids)} "
                f"đơn vị sự nghiệp công lập có {word.lower()} còn hiệu lực, với tổng số {approved} "
                f"người làm việc theo vị trí được phê duyệt."
            ],
            tables=[
                Table(
                    ("Biểu 1. " if nd232 else "Phụ lục III. ")
                    + "Số người làm việc theo loại (người có mặt)",
                    ["Loại", "Số người"],
                    [[label, n] for label, n in by_kind],
                )
            ],
        ),
        Section(
            "Cơ cấu viên chức theo bậc nghề nghiệp"
            if nd232
            else "Cơ cấu viên chức theo chức danh nghề nghiệp",
            tables=[
                Table(
                    (
                        "Biểu 2. Viên chức theo bậc nghề nghiệp"
                        if nd232
                        else "Phụ lục IV. Viên chức theo hạng chức danh nghề nghiệp"
                    ),
                    ["Bậc nghề nghiệp" if nd232 else "Mã hạng", "Số người"],
                    [[label, n] for label, n in by_level],
                )
            ],
        ),
    ]


# --- streamlining_list (ND 29/154, ND 178/67, ND 170) ---------------------------------------


def streamlining_list(period: Period, scope: Organization | None, today: dt.date) -> list[Section]:
    from django.db.models import Q

    from tinhgon.streamlining.selectors import yearly_report

    day = min(period.end, today)
    ids = _scope(scope, day)
    q = None if ids is None else (Q(organization_id__in=ids) | Q(period__agency_id__in=ids))
    rep = yearly_report(period.year, q)
    rows: list[list[str | int]] = [
        [
            line.category_label,
            line.policy_label,
            line.decree,
            line.people,
            line.state_budget_vnd,
            line.unit_revenue_vnd,
            line.total_vnd,
        ]
        for line in rep.lines
    ]
    return [
        Section(
            "Kết quả tinh giản biên chế và nghỉ việc",
            paragraphs=[
                f"Năm {period.year} có {rep.people} người thuộc diện tinh giản biên chế, nghỉ việc "
                f"do sắp xếp tổ chức bộ máy hoặc thôi việc theo nguyện vọng đã được quyết định; "
                f"đã chi trả {rep.paid_vnd:,} đồng.".replace(",", ".")
            ],
            tables=[
                Table(
                    "Bảng 1. Số người và kinh phí theo diện, chính sách (đồng)",
                    [
                        "Diện",
                        "Chính sách",
                        "Căn cứ",
                        "Số người",
                        "Ngân sách nhà nước",
                        "Nguồn thu của đơn vị",
                        "Tổng kinh phí",
                    ],
                    rows,
                )
            ],
        )
    ]


# --- autonomy_annual (ND 60/2021, TT 56/2022/TT-BTC) ------------------------------------------


def autonomy_annual(period: Period, scope: Organization | None, today: dt.date) -> list[Section]:
    from tinhgon.autonomy.selectors import annual_report

    day = min(period.end, today)
    rep = annual_report(period.year, scope=_scope(scope, day))
    return [
        Section(
            "Kết quả phân loại mức độ tự chủ tài chính",
            paragraphs=[
                f"Năm {period.year} có {rep.total_units} đơn vị có số liệu tự chủ tài chính đã được "
                f"phê duyệt; kinh phí ngân sách nhà nước hỗ trợ chi thường xuyên "
                f"{rep.budget_support_vnd:,} đồng (năm trước {rep.budget_support_previous_vnd:,} "
                f"đồng).".replace(",", ".")
            ],
            tables=[
                Table(
                    "Bảng 1. Tổng hợp theo nhóm tự chủ (đồng)",
                    ["Nhóm", "Số đơn vị", "Thu sự nghiệp", "Chi thường xuyên", "NSNN hỗ trợ"],
                    [
                        [
                            g.group_name,
                            g.units,
                            g.revenue_vnd,
                            g.recurrent_expenditure_vnd,
                            g.budget_support_vnd,
                        ]
                        for g in rep.groups
                    ],
                ),
                Table(
                    "Bảng 2. Chi tiết theo đơn vị (đồng)",
                    [
                        "Đơn vị",
                        "Cơ quan quản lý trực tiếp",
                        "Nhóm",
                        "Tỷ lệ tự bảo đảm (%)",
                        "Thu sự nghiệp",
                        "Chi thường xuyên",
                        "NSNN hỗ trợ",
                    ],
                    [
                        [
                            r.name,
                            r.managing_body,
                            f"Nhóm {r.group}",
                            f"{r.ratio_percent:.2f}".replace(".", ","),
                            r.revenue_vnd,
                            r.recurrent_expenditure_vnd,
                            r.budget_support_vnd,
                        ]
                        for r in rep.rows
                    ],
                ),
            ],
        )
    ]


# --- registry_list -------------------------------------------------------------------------


def registry_list(period: Period, scope: Organization | None, today: dt.date) -> list[Section]:
    day = min(period.end, today)
    ids = _scope(scope, day)
    qs = OrganizationState.objects.as_of(day).public_service_units().select_related("organization")
    if ids is not None:
        qs = qs.filter(organization_id__in=ids)
    states = list(qs.order_by("name_folded", "organization_id"))
    bodies = dict(
        OrganizationState.objects.as_of(day)
        .filter(organization_id__in={s.managing_body_id for s in states if s.managing_body_id})
        .values_list("organization_id", "name")
    )
    by_body: dict[str, Counter[str]] = defaultdict(Counter)
    rows: list[list[str | int]] = []
    for s in states:
        body = bodies.get(s.managing_body_id, "—") if s.managing_body_id else "—"
        by_body[body]["n"] += 1
        rows.append(
            [
                s.name,
                s.organization.code or "—",
                body,
                _label(Sector, s.sector),
                _label(Level, s.level),
                _label(AutonomyGroup, s.autonomy_group) if s.autonomy_group else "Chưa phân loại",
            ]
        )
    return [
        Section(
            "Danh sách đơn vị sự nghiệp công lập",
            paragraphs=[
                f"Tính đến hết ngày {day:%d/%m/%Y} có {len(rows)} đơn vị sự nghiệp công lập theo "
                f"sổ đăng ký tổ chức."
            ],
            tables=[
                Table(
                    "Bảng 1. Số đơn vị theo cơ quan quản lý trực tiếp",
                    ["Cơ quan quản lý trực tiếp", "Số đơn vị"],
                    [[b, c["n"]] for b, c in sorted(by_body.items())],
                ),
                Table(
                    "Bảng 2. Danh sách đơn vị",
                    [
                        "Tên đơn vị",
                        "Mã định danh",
                        "Cơ quan quản lý trực tiếp",
                        "Lĩnh vực",
                        "Cấp",
                        "Nhóm tự chủ",
                    ],
                    rows,
                    totals=False,
                ),
            ],
        )
    ]


# --- task_list -----------------------------------------------------------------------------


def task_list(
    period: Period, scope: Organization | None, today: dt.date, plan_id: int | None = None
) -> list[Section]:
    from tinhgon.plans.choices import Bucket
    from tinhgon.plans.models import Task
    from tinhgon.plans.selectors import assignments_in_force, classify, names_on, scoped
    from tinhgon.reports.selectors import _pick_plan

    plan = _pick_plan(plan_id)
    day = min(period.end, today)
    ids = _scope(scope, day)
    rows = classify(scoped(assignments_in_force(day).filter(task__plan=plan), ids), day)
    tasks = {t.pk: t for t in Task.objects.filter(pk__in={r.task_id for r in rows})}
    names = names_on({r.organization_id for r in rows}, day)
    rows.sort(key=lambda r: (tasks[r.task_id].position, r.role, names.get(r.organization_id, "")))
    listing: list[list[str | int]] = [
        [
            f"{r.ref} {tasks[r.task_id].text}"[:300],
            names.get(r.organization_id, "—"),
            "Chủ trì" if r.role == "lead" else "Phối hợp",
            f"{r.due:%d/%m/%Y}" if r.due else "—",
            r.bucket_label,
        ]
        for r in rows
    ]
    counts = Counter(r.bucket for r in rows)
    return [
        Section(
            "Danh mục nhiệm vụ",
            paragraphs=[
                f"Thực hiện {plan.doc_kind} số {plan.number or '…'}: {len(rows)} lượt nhiệm vụ giao "
                f"cho các cơ quan, đơn vị, tình hình tính đến hết ngày {day:%d/%m/%Y}."
            ],
            tables=[
                Table(
                    "Bảng 1. Số lượt nhiệm vụ theo tình hình thực hiện",
                    ["Tình hình thực hiện", "Số lượt"],
                    [[str(b.label), counts[b.value]] for b in Bucket],
                ),
                Table(
                    "Bảng 2. Danh mục nhiệm vụ",
                    ["Nhiệm vụ", "Cơ quan, đơn vị", "Vai trò", "Thời hạn", "Tình hình thực hiện"],
                    listing,
                    totals=False,
                ),
            ],
        )
    ]
