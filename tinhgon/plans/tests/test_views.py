"""Pages of the plans app: what each persona sees; an outsider gets 404; forms call the services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tinhgon.conftest import Registry
from tinhgon.plans.models import ProgressReport, Task
from tinhgon.plans.tests.conftest import TEXT, SmallPlan, at
from tinhgon.plans.tests.files import PDF

Web = Callable[[str | None], Client]


def test_pages_render_for_the_supervisor(small_plan: SmallPlan, web: Web) -> None:
    c = web("supervisor")
    with at(dt.date(2025, 4, 1)):
        for url in (
            "/ke-hoach/",
            f"/ke-hoach/{small_plan.plan.pk}/",
            "/ke-hoach/viec-cua-toi/",
            "/ke-hoach/qua-han/",
            f"/ke-hoach/nhiem-vu/{small_plan.dated.pk}/",
            "/ke-hoach/cho-duyet/",
            "/ke-hoach/giao-lai/",
            "/ke-hoach/nhap-van-ban/",
        ):
            resp = c.get(url)
            assert resp.status_code == 200, url
        page = c.get(f"/ke-hoach/{small_plan.plan.pk}/").content.decode()
        for label in (
            "Đã hoàn thành đúng hạn",
            "Đã hoàn thành quá hạn",
            "Đang thực hiện trong hạn",
            "Quá hạn chưa hoàn thành",
        ):
            assert label in page
        assert 'data-bucket="overdue">2<' in page


def test_outsider_gets_404(small_plan: SmallPlan, web: Web) -> None:
    c = web("commune_officer")
    for url in (f"/ke-hoach/{small_plan.plan.pk}/", f"/ke-hoach/nhiem-vu/{small_plan.dated.pk}/"):
        assert c.get(url).status_code == 404, url
    assert "Sở Y tế" not in c.get("/ke-hoach/viec-cua-toi/").content.decode()
    assert web(None).get("/ke-hoach/").status_code == 302


def test_officer_reports_with_a_file_from_the_task_page(
    small_plan: SmallPlan, registry: Registry, web: Web
) -> None:
    a = small_plan.assignment(small_plan.dated, registry.health)
    with at(dt.date(2025, 3, 10)):
        resp = web("officer_a").post(
            f"/ke-hoach/nhiem-vu/{small_plan.dated.pk}/",
            {
                "assignment": a.pk,
                "period": "2025-1",
                "progress": "in_progress",
                "percent": 40,
                "narrative": "Đã rà soát 12 đơn vị.\r\n\r\nCòn 2 đơn vị chưa xong.",
                "files": SimpleUploadedFile("bc.pdf", PDF),
            },
        )
        assert resp.status_code == 302
        report = ProgressReport.objects.get()
        assert report.files.count() == 1
        # The paragraphs typed in the report stay paragraphs on its page.
        page = web("officer_a").get(f"/ke-hoach/bao-cao/{report.pk}/").content.decode()
        assert "Đã rà soát 12 đơn vị.<br><br>Còn 2 đơn vị chưa xong." in page
        # A forbidden file is refused with a Vietnamese message and nothing saved.
        resp = web("officer_a").post(
            f"/ke-hoach/nhiem-vu/{small_plan.dated.pk}/",
            {
                "assignment": a.pk,
                "period": "2025-1",
                "progress": "in_progress",
                "percent": 40,
                "files": SimpleUploadedFile("x.exe", b"MZ"),
            },
        )
        assert "loại tệp không được phép" in resp.content.decode()
        assert ProgressReport.objects.count() == 1
        assert web("commune_officer").get(f"/ke-hoach/bao-cao/{report.pk}/").status_code == 404
        ev = report.files.get()
        assert web("commune_officer").get(f"/ke-hoach/tep/{ev.pk}/").status_code == 404
        assert web("officer_a").get(f"/ke-hoach/tep/{ev.pk}/").status_code == 200


def test_import_from_text_with_review(registry: Registry, web: Web) -> None:
    c = web("supervisor")
    resp = c.post("/ke-hoach/nhap-van-ban/", {"step": "parse", "text": TEXT})
    assert resp.status_code == 302
    review = c.get("/ke-hoach/nhap-van-ban/xem-lai/").content.decode()
    assert "12/KH-UBND" in review and "I.3" in review
    # The reviewer corrects the title and a deadline; a deadline before the plan's date is refused.
    bad = c.post(
        "/ke-hoach/nhap-van-ban/xem-lai/",
        {
            "title": "Kế hoạch thử",
            "date": "2025-01-15",
            "kind:I.1": "date",
            "due:I.1": "2024-12-31",
        },
    )
    assert "trước ngày ban hành kế hoạch" in bad.content.decode()
    ok = c.post(
        "/ke-hoach/nhap-van-ban/xem-lai/",
        {
            "title": "Kế hoạch thử",
            "date": "2025-01-15",
            "kind:I.1": "date",
            "due:I.1": "2025-04-30",
        },
    )
    assert ok.status_code == 302
    assert Task.objects.get(ref="I.1").due == dt.date(2025, 4, 30)
    assert web("leader").get("/ke-hoach/nhap-van-ban/").status_code == 403
