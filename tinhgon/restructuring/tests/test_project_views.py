"""Pages of restructuring projects: the guided editor, the comparison, the workflow, the annex."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from typing import Any

from openpyxl import load_workbook

from tinhgon.conftest import People, Registry
from tinhgon.organizations.choices import EventKind, Kind, Sector
from tinhgon.restructuring.models import Project


def test_draft_a_merger_in_the_editor_see_its_impact_and_take_it_through_the_workflow(
    registry: Registry, people: People, web: Callable[[str | None], Any]
) -> None:
    officer = web("officer_b")
    page = officer.post(
        "/sap-xep/de-an/moi/",
        {
            "name": "Hợp nhất hai trường THPT",
            "kind": "education_network",
            "owner": registry.education.pk,
            "effective_date": "2027-01-01",
        },
    )
    assert page.status_code == 302
    page = officer.post(
        "/sap-xep/de-an/moi/su-kien/",
        {
            "kind": EventKind.MERGE,
            "effective_date": "2027-01-01",
            "predecessors": f"{registry.school_pdp.pk},{registry.school_gifted.pk}",
            "unit_name": "Trường THPT Hợp nhất",
            "unit_kind": Kind.SCHOOL,
            "unit_sector": Sector.EDUCATION,
            "unit_category": "",
            "unit_group": "2",
            "unit_parent": registry.education.pk,
        },
        follow=True,
    )
    project = Project.objects.get()
    html = page.content.decode()
    assert "Trường THPT Hợp nhất" in html and "Tác động (so sánh trước / sau)" in html
    assert f"{project.impact['units']['before']} → {project.impact['units']['after']}" in html
    officer.post(f"/sap-xep/de-an/{project.pk}/", {"action": "submit"})
    web("supervisor").post(
        f"/sap-xep/de-an/{project.pk}/", {"action": "appraise", "comment": "Đồng ý"}
    )
    web("admin").post(
        f"/sap-xep/de-an/{project.pk}/",
        {
            "action": "approve",
            "number": "15/QĐ-UBND",
            "date": "2026-12-15",
            "issuer": "UBND tỉnh Hà Tĩnh",
            "signer": "Võ Trọng Hải",
        },
    )
    project.refresh_from_db()
    assert project.status == "approved" and project.decision.number == "15/QĐ-UBND"
    queue = web("supervisor").get("/sap-xep/de-an/?hang-doi=tham-dinh").content.decode()
    assert "Chưa có đề án nào." in queue
    annex = officer.get(f"/sap-xep/de-an/{project.pk}/phu-luc.xlsx")
    book = load_workbook(io.BytesIO(annex.content))
    assert book.sheetnames[:2] == ["Đơn vị", "Cơ quan quản lý"]
    # Another agency's officer does not see it.
    assert web("officer_a").get(f"/sap-xep/de-an/{project.pk}/").status_code == 404
    assert dt.date(2027, 1, 1) == project.effective_date
