"""Report kinds as data, and the reporting period of a request ("2025", "2025-Q1", "2025-12-31").

A kind has either a Decree 09/2019 data window (rule ``report_window``) or a snapshot date ("số
liệu tính đến hết ngày 31/12"), and a submission deadline (DOMAIN.md §8.2, ND 120 art 26).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from tinhgon.core.errors import Refused
from tinhgon.rules import report_window


@dataclass(frozen=True)
class Period:
    code: str  # as asked: "2025", "2025-H1", "2025-Q1", "2025-M03", "2025-9M", "2025-12-31"
    label: str  # "năm 2025", "quý I năm 2025"
    start: dt.date  # first day of the data (window start, or 01/01 for a snapshot)
    end: dt.date  # last day of the data (window end, or the snapshot date)
    window_kind: str  # report_window kind, or "snapshot"

    @property
    def year(self) -> int:
        return self.end.year


@dataclass(frozen=True)
class ReportKind:
    code: str
    name: str  # Vietnamese name of the kind
    type_code: str  # Decree 30 Annex III abbreviation of the document type
    type_name: str
    basis: str  # the legal source of the report
    snapshot: bool  # True: data "đến hết ngày 31/12" (as of the period's end); else a D09 window
    deadline: Callable[[Period], dt.date]
    summary: Callable[[Period], str]
    # The calendar: the periods of a year this kind is due for ("year", "H1", "Q1", "9M", …),
    # who submits and who consolidates.
    cadence: tuple[str, ...] = ("year",)
    submitters: str = "Các sở, ban, ngành; UBND cấp xã"
    consolidator: str = "Sở Nội vụ tổng hợp, UBND tỉnh ban hành"


def _dvsncl_deadline(p: Period) -> dt.date:
    return dt.date(p.year, 12, 20)  # ND 120 art 26: before 20/12 each year


def _d09_deadline(p: Period) -> dt.date:
    # DOMAIN.md §8.2: Decree 09's default believed "by the 20th of the last month of the period".
    return dt.date(p.end.year, p.end.month, 20)


KINDS: dict[str, ReportKind] = {
    k.code: k
    for k in (
        ReportKind(
            code="dvsncl_annual",
            name="Báo cáo số liệu đơn vị sự nghiệp công lập hằng năm",
            type_code="BC",
            type_name="BÁO CÁO",
            basis="Điều 26 Nghị định 120/2020/NĐ-CP",
            snapshot=True,
            deadline=_dvsncl_deadline,
            summary=lambda p: (
                f"Số lượng, tình hình tổ chức và hoạt động của các đơn vị sự nghiệp công lập "
                f"(số liệu tính đến hết ngày {p.end:%d/%m/%Y})"
            ),
        ),
        ReportKind(
            code="plan_periodic",
            name="Báo cáo kết quả thực hiện kế hoạch",
            type_code="BC",
            type_name="BÁO CÁO",
            basis="Nghị định 09/2019/NĐ-CP (chế độ báo cáo định kỳ)",
            snapshot=False,
            deadline=_d09_deadline,
            summary=lambda p: f"Kết quả thực hiện kế hoạch {p.label}",
            cadence=("Q1", "H1", "Q3", "9M", "year"),
        ),
    )
}


def _fixed(month: int, day: int, next_year: bool = False) -> Callable[[Period], dt.date]:
    """A deadline on a fixed day; "trước ngày 01/5" is due on 30/4 (DESIGN.md, deadlines)."""

    def deadline(p: Period) -> dt.date:
        return dt.date(p.year + (1 if next_year else 0), month, day)

    return deadline


KINDS.update(
    {
        k.code: k
        for k in (
            ReportKind(
                code="headcount_plan",
                name="Kế hoạch biên chế năm sau",
                type_code="KH",
                type_name="KẾ HOẠCH",
                basis="Điều 10 Nghị định 106/2020/NĐ-CP (gửi Bộ Nội vụ trước ngày 01/5)",
                snapshot=True,
                deadline=_fixed(4, 30),
                # Sent before 01/05: the figures are those on the day it is made (in its body).
                summary=lambda p: f"Biên chế công chức, số lượng người làm việc năm {p.year + 1}",
                submitters="Các sở, ban, ngành; UBND cấp xã; đơn vị sự nghiệp nhóm 3, 4",
            ),
            ReportKind(
                code="headcount_stats",
                name="Báo cáo thống kê vị trí việc làm, cơ cấu viên chức",
                type_code="BC",
                type_name="BÁO CÁO",
                basis="Nghị định 106/2020/NĐ-CP (Phụ lục III, IV) đến 30/6/2026; "
                "Nghị định 232/2026/NĐ-CP từ 01/7/2026 (gửi trước ngày 31/01 năm sau)",
                snapshot=True,
                deadline=_fixed(1, 30, next_year=True),
                summary=lambda p: (
                    f"Thống kê vị trí việc làm, cơ cấu viên chức và số người làm việc "
                    f"(số liệu tính đến hết ngày {p.end:%d/%m/%Y})"
                ),
            ),
            ReportKind(
                code="streamlining_list",
                name="Báo cáo kết quả tinh giản biên chế, nghỉ việc",
                type_code="BC",
                type_name="BÁO CÁO",
                basis="Nghị định 29/2023, 154/2025, 178/2024 (sửa đổi bởi 67/2025), 170/2025/NĐ-CP",
                snapshot=True,
                deadline=_fixed(12, 20),
                summary=lambda p: (
                    f"Kết quả thực hiện tinh giản biên chế và chính sách nghỉ việc năm {p.year}"
                ),
            ),
            ReportKind(
                code="autonomy_annual",
                name="Báo cáo tình hình thực hiện tự chủ tài chính",
                type_code="BC",
                type_name="BÁO CÁO",
                basis="Nghị định 60/2021/NĐ-CP; Thông tư 56/2022/TT-BTC",
                snapshot=True,
                deadline=_fixed(12, 20),
                summary=lambda p: (
                    f"Tình hình thực hiện cơ chế tự chủ tài chính của đơn vị sự nghiệp công lập "
                    f"năm {p.year}"
                ),
                submitters="Các sở, ban, ngành; UBND cấp xã (đơn vị sự nghiệp trực thuộc)",
            ),
            ReportKind(
                code="registry_list",
                name="Danh sách đơn vị sự nghiệp công lập",
                type_code="BC",
                type_name="BÁO CÁO",
                basis="Sổ đăng ký tổ chức; Điều 26 Nghị định 120/2020/NĐ-CP",
                snapshot=True,
                deadline=_fixed(12, 20),
                summary=lambda p: (
                    f"Danh sách đơn vị sự nghiệp công lập (tính đến hết ngày {p.end:%d/%m/%Y})"
                ),
            ),
            ReportKind(
                code="task_list",
                name="Danh mục nhiệm vụ và tình hình thực hiện",
                type_code="BC",
                type_name="BÁO CÁO",
                basis="Nghị định 09/2019/NĐ-CP (chế độ báo cáo định kỳ)",
                snapshot=False,
                deadline=_d09_deadline,
                summary=lambda p: f"Danh mục nhiệm vụ và tình hình thực hiện {p.label}",
                cadence=("H1", "year"),
            ),
        )
    }
)


def get_kind(code: str) -> ReportKind:
    kind = KINDS.get(code)
    if kind is None:
        raise Refused.one(
            "kind",
            f"Loại báo cáo “{code}” chưa có mẫu; các loại hiện có: {', '.join(KINDS)}.",
        )
    return kind


_PATTERNS = [
    (re.compile(r"^(\d{4})$"), "year"),
    (re.compile(r"^(\d{4})-H([12])$"), "half"),
    (re.compile(r"^(\d{4})-Q([1-4])$"), "quarter"),
    (re.compile(r"^(\d{4})-M(0[1-9]|1[0-2])$"), "month"),
    (re.compile(r"^(\d{4})-9M$"), "nine_months"),
]


def parse_period(code: str, kind: ReportKind, today: dt.date) -> Period:
    """The period of ``code`` for ``kind``; refused when unreadable or not yet begun."""
    code = (code or "").strip().upper()
    period: Period | None = None
    snap = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", code)
    if snap:
        try:
            day = dt.date(int(snap[1]), int(snap[2]), int(snap[3]))
        except ValueError:
            raise Refused.one("period", f"Ngày “{code}” không có thật.") from None
        period = Period(
            code, f"đến hết ngày {day:%d/%m/%Y}", dt.date(day.year, 1, 1), day, "snapshot"
        )
    for pattern, wkind in _PATTERNS:
        m = pattern.fullmatch(code)
        if m is None:
            continue
        year = int(m[1])
        number = int(m[2]) if m.lastindex and m.lastindex >= 2 else None
        result = report_window.evaluate(
            report_window.Input(kind=wkind, year=year, number=number, as_of=today)
        )
        label = {
            "year": f"năm {year}",
            "half": f"6 tháng {'đầu' if number == 1 else 'cuối'} năm {year}",
            "quarter": f"quý {['I', 'II', 'III', 'IV'][(number or 1) - 1]} năm {year}",
            "month": f"tháng {number} năm {year}",
            "nine_months": f"9 tháng năm {year}",
        }[wkind]
        if kind.snapshot:
            # A snapshot report counts as of the end of the period: 31/12 for a year.
            end_month = {"year": 12, "nine_months": 9}.get(wkind) or {
                "half": 6 * (number or 1),
                "quarter": 3 * (number or 1),
                "month": number or 1,
            }[wkind]
            first = dt.date(year, end_month, 1)
            end = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(1)
            months = {"year": 12, "nine_months": 9, "half": 6, "quarter": 3, "month": 1}[wkind]
            start = dt.date(year, end_month - months + 1, 1)
            period = Period(code, label, start, end, wkind)
        else:
            period = Period(code, label, result.start, result.end, wkind)
        break
    if period is None:
        raise Refused.one(
            "period",
            f"Kỳ báo cáo “{code}” không hợp lệ; viết 2025, 2025-H1, 2025-Q1, 2025-M03, "
            f"2025-9M hoặc một ngày 2025-12-31.",
        )
    if period.start > today:
        raise Refused.one(
            "period",
            f"Kỳ báo cáo {period.label} chưa bắt đầu (từ ngày {period.start:%d/%m/%Y}); "
            f"chưa thể lập báo cáo.",
        )
    return period
