"""Kinds that read the workforce: deputies over the cap in ``dvsncl_annual``, and
``headcount_stats`` choosing ND 106's annexes or ND 232's dossier by the snapshot date."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tinhgon.conftest import decision
from tinhgon.reports import selectors
from tinhgon.reports.generate import check_request
from tinhgon.workforce import services
from tinhgon.workforce.tests.conftest import staff  # noqa: F401 (fixture)

TODAY = dt.date(2026, 11, 26)


def _build(kind: str, period: str, scope: Any = None) -> Any:
    req = check_request(kind, period, "docx", TODAY)
    return selectors.build(req.kind, req.period, scope, today=TODAY)


def test_dvsncl_lists_deputies_over_the_cap(staff: Any, registry: Any) -> None:  # noqa: F811
    doc = _build("dvsncl_annual", "2025")
    section = next(s for s in doc.sections if s.heading == "Đơn vị có số cấp phó vượt quy định")
    assert section.tables == [] and section.paragraphs[0].startswith("Có 0 đơn vị")
    for i in range(3):
        services.appointment_record(
            acting_user=None,
            person=staff.people[i],
            organization=registry.school_pdp.pk,
            role="deputy",
            title="Phó Hiệu trưởng",
            decision=decision(dt.date(2024, 3, 1)),
            valid_from=dt.date(2024, 3, 15),
        )
    doc = _build("dvsncl_annual", "2025")
    section = next(s for s in doc.sections if s.heading == "Đơn vị có số cấp phó vượt quy định")
    assert section.tables[0].rows == [["Trường THPT Phan Đình Phùng", 3, 2, 1, "—"]]


def test_headcount_stats_picks_the_decree_by_date(staff: Any, registry: Any) -> None:  # noqa: F811
    before = _build("headcount_stats", "2025")
    after = _build("headcount_stats", "2026-12-31")
    assert before.sections[0].tables[0].title.startswith("Phụ lục III.")
    assert "Nghị định 106/2020/NĐ-CP" in before.sections[0].paragraphs[0]
    assert "đề án vị trí việc làm" in before.sections[0].paragraphs[0]
    assert "quyết định phê duyệt vị trí việc làm" in after.sections[0].paragraphs[0]
    assert after.sections[1].heading == "Cơ cấu viên chức theo bậc nghề nghiệp"
    assert "Nghị định 232/2026/NĐ-CP" in after.sections[0].paragraphs[0]
    assert after.sections[1].tables[0].headers[0] == "Bậc nghề nghiệp"
    assert before.sections[1].tables[0].headers[0] == "Mã hạng"
    # Everyone present is counted once in each table.
    people = len(staff.people)
    for doc in (before, after):
        assert sum(r[-1] for r in doc.sections[0].tables[0].rows) == people
        assert sum(r[-1] for r in doc.sections[1].tables[0].rows) == people
