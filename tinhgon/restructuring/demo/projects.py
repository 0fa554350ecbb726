"""The demo's restructuring projects: the four projects named in Plan 56 item II.3.2 and the
01/07/2025 hand-over of the district units.

Three of the four and the hand-over were carried out by events the demo already records year by
year (``demo/hatinh.py``): they are kept as applied projects LINKED to those events and their
decisions (``project_record_applied``), so nothing is recorded twice and the demo's counts stay
exactly as they are. The fourth — special schools for disabled learners — waits for the Prime
Minister's master plan: it is a draft with its proposed events and its impact computed live.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model

from tinhgon.accounts.choices import Role
from tinhgon.organizations.choices import EventKind, LinkRole
from tinhgon.organizations.models import OrganizationState, ReorgEvent
from tinhgon.organizations.services import DecisionInput
from tinhgon.plans.models import Product, Task
from tinhgon.restructuring.choices import ProjectKind
from tinhgon.restructuring.project_services import (
    ProjectInput,
    project_record_applied,
    project_save,
)


def _content(events: list[ReorgEvent]) -> list[dict[str, Any]]:
    """Proposed events read back from recorded ones (successors as they started)."""
    out: list[dict[str, Any]] = []
    for ev in events:
        links = list(ev.links.order_by("id"))
        preds = [link.organization_id for link in links if link.role == LinkRole.PREDECESSOR]
        succs = [link.organization_id for link in links if link.role == LinkRole.SUCCESSOR]
        row: dict[str, Any] = {"kind": ev.kind, "predecessors": preds, "note": ev.note}
        changes = {
            k: v for k, v in ev.changes.items() if k in ("name", "managing_body", "autonomy_group")
        }
        if ev.kind == EventKind.ABSORB:
            row["receiver"] = succs[0]
        elif ev.kind in (EventKind.MERGE, EventKind.SPLIT, EventKind.SEPARATE):
            states = {
                s.organization_id: s
                for s in OrganizationState.objects.filter(
                    organization_id__in=succs, valid_from=ev.effective_date
                )
            }
            row["new_units"] = [
                {
                    "key": f"{ev.pk}.{i + 1}",
                    "name": states[sid].name,
                    "kind": states[sid].kind,
                    "sector": states[sid].sector,
                    "category": states[sid].category,
                    "managing_body": states[sid].managing_body_id,
                    "autonomy_group": states[sid].autonomy_group,
                }
                for i, sid in enumerate(succs)
            ]
        row["changes"] = changes
        out.append(row)
    return out


def _decision(ev: ReorgEvent) -> DecisionInput:
    doc = ev.decision
    return DecisionInput(doc.number, doc.date, doc.issuer, doc.signer, doc.title)


def _product(n: int) -> Product | None:
    task = Task.objects.filter(ref="II.3.2", plan__number__startswith="56/").first()
    if task is None:
        return None
    return task.products.filter(position=n).first()


def _owner(name: str, day: dt.date) -> int:
    return OrganizationState.objects.as_of(day).get(name=name).organization_id


def _applied(
    user: Any,
    name: str,
    kind: str,
    owner: str,
    events: list[ReorgEvent],
    product: Product | None,
    basis: str,
) -> None:
    day = events[0].effective_date
    project_record_applied(
        acting_user=user,
        data=ProjectInput(
            name=name,
            owner=_owner(owner, day - dt.timedelta(days=1)),
            effective_date=day,
            kind=kind,
            legal_basis=basis,
            plan_task=product.task_id if product else None,
            plan_product=product.pk if product else None,
            events=_content(events),
        ),
        decision=_decision(events[0]),
        events=events,
        appraised_on=events[0].decision.date - dt.timedelta(days=7),
    )


def load(user: Any, log: Callable[[str], None] | None = None) -> int:
    say = log or (lambda _m: None)
    basis = "Kế hoạch 56/KH-UBND tỉnh Hà Tĩnh, mục II.3; Nghị định 120/2020/NĐ-CP."
    # 1. Preschools and general schools to 2030: the THPT absorptions of 01/03/2026.
    thpt = list(
        ReorgEvent.objects.filter(
            kind=EventKind.ABSORB,
            effective_date=dt.date(2026, 3, 1),
            decision__title="Về việc sáp nhập một số trường THPT",
        ).order_by("id")
    )
    # 2. Relic management boards: the merger into one provincial board of 15/10/2025.
    relic = list(
        ReorgEvent.objects.filter(
            kind=EventKind.MERGE,
            effective_date=dt.date(2025, 10, 15),
            links__role=LinkRole.SUCCESSOR,
            links__organization__states__name="Ban Quản lý các di tích tỉnh Hà Tĩnh",
        ).distinct()
    )
    # 3. Vocational education network: the regional GDNN-GDTX centres of 15/10/2025.
    vocational = list(
        ReorgEvent.objects.filter(
            kind=EventKind.MERGE,
            effective_date=dt.date(2025, 10, 15),
            links__role=LinkRole.SUCCESSOR,
            links__organization__states__name__startswith=(
                "Trung tâm Giáo dục nghề nghiệp - Giáo dục thường xuyên khu vực"
            ),
        )
        .distinct()
        .order_by("id")
    )
    # 5. The hand-over of the district units on 01/07/2025 (one decision of UBND tỉnh).
    handover = list(
        ReorgEvent.objects.filter(
            effective_date=dt.date(2025, 7, 1),
            decision__title="Về việc tiếp nhận, sắp xếp các đơn vị sự nghiệp cấp huyện",
        )
        .exclude(changes__has_key="carried_by_event")
        .order_by("id")
    )
    n = 0
    for name, kind, owner, events, product in (
        (
            "Đề án sắp xếp hệ thống cơ sở giáo dục mầm non, giáo dục phổ thông tỉnh Hà Tĩnh "
            "đến năm 2030 và những năm tiếp theo",
            ProjectKind.EDUCATION_NETWORK,
            "Sở Giáo dục và Đào tạo",
            thpt,
            _product(1),
        ),
        (
            "Đề án sắp xếp, kiện toàn, đổi mới mô hình tổ chức các Ban quản lý di tích, các điểm "
            "du lịch trên địa bàn tỉnh",
            ProjectKind.HERITAGE,
            "Sở Văn hóa, Thể thao và Du lịch",
            relic,
            _product(2),
        ),
        (
            "Đề án sắp xếp mạng lưới cơ sở giáo dục nghề nghiệp trên địa bàn tỉnh Hà Tĩnh giai "
            "đoạn 2023 - 2030, tầm nhìn đến năm 2045",
            ProjectKind.VOCATIONAL,
            "Sở Giáo dục và Đào tạo",
            vocational,
            _product(3),
        ),
        (
            "Phương án tiếp nhận, sắp xếp các đơn vị sự nghiệp công lập cấp huyện từ ngày "
            "01/07/2025",
            ProjectKind.TRANSFER,
            "UBND tỉnh Hà Tĩnh",
            handover,
            None,
        ),
    ):
        if events:
            _applied(user, name, kind, owner, events, product, basis)
            n += 1
    # 4. Special schools for disabled learners: waits for the Prime Minister's master plan.
    centre = (
        OrganizationState.objects.filter(
            name="Trung tâm Hỗ trợ phát triển giáo dục hòa nhập tỉnh", valid_to__isnull=True
        )
        .select_related("organization")
        .first()
    )
    product = _product(4)
    if centre is not None:
        owner_id = _owner("Sở Giáo dục và Đào tạo", dt.date(2026, 11, 1))
        # Drafted by the department's officer (a demo account), the demo's user otherwise.
        officer = (
            get_user_model()
            .objects.filter(role=Role.OFFICER, organization_id=owner_id)
            .order_by("pk")
            .first()
        )
        project_save(
            acting_user=officer or user,
            data=ProjectInput(
                name="Đề án hệ thống cơ sở giáo dục chuyên biệt đối với người khuyết tật và hệ "
                "thống trung tâm phát triển giáo dục hòa nhập thời kỳ 2021-2030, tầm nhìn đến năm "
                "2050",
                owner=owner_id,
                effective_date=dt.date(2027, 7, 1),
                kind=ProjectKind.SPECIAL_EDUCATION,
                legal_basis=basis + " Chờ Quy hoạch của Thủ tướng Chính phủ.",
                plan_task=product.task_id if product else None,
                plan_product=product.pk if product else None,
                events=[
                    {
                        "kind": EventKind.RENAME,
                        "predecessors": [centre.organization_id],
                        "changes": {
                            "name": "Trung tâm Hỗ trợ phát triển giáo dục hòa nhập và giáo dục "
                            "chuyên biệt tỉnh Hà Tĩnh"
                        },
                    }
                ],
            ),
        )
        n += 1
    say(
        f"Đề án sắp xếp: {n} đề án (4 đã thực hiện, liên kết với các sự kiện đã ghi; 1 chờ điều kiện)."
    )
    return n
