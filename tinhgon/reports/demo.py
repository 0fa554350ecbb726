"""The reports demo: the 2026 round of the yearly public-service-unit report (``dvsncl_annual``,
due 20/12) as Sở Nội vụ sees it three weeks before its deadline.

Opened by Sở Nội vụ (``snv``) for every agency under the province; the three agencies that have a
demo account took part, each in a different state: Sở Y tế's contribution is approved, Sở Giáo dục
và Đào tạo's waits for approval, UBND xã Thạch Hà's was returned with a reason; the others are
drafts (they are reminded by the daily digest). The narratives state what the demo's registry
holds for 2025–2026 (the decisions quoted are the demo's own). Everything goes through the services.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.contrib.auth import get_user_model

from tinhgon.core.errors import Refused
from tinhgon.reports import kinds, services
from tinhgon.reports.models import ReportRound, Submission

KIND, PERIOD = "dvsncl_annual", "2026"

CONTRIBUTIONS = {
    "soyte": (
        "Từ ngày 01/7/2025, tiếp nhận nguyên trạng các Trung tâm Y tế cấp huyện từ UBND cấp huyện "
        "theo Quyết định số 176/QĐ-UBND; tổ chức, nhân sự ổn định, không gián đoạn khám bệnh, chữa "
        "bệnh.\n"
        "Từ ngày 01/01/2026, theo Quyết định số 199/QĐ-UBND: Bệnh viện Đa khoa tỉnh và Bệnh viện Tâm "
        "thần tỉnh tự bảo đảm chi thường xuyên và chi đầu tư (nhóm 1), Bệnh viện Phổi tỉnh tự bảo đảm "
        "chi thường xuyên (nhóm 2).",
        "Một số trung tâm y tế còn thiếu bác sĩ; số cấp phó sau khi tiếp nhận vượt số lượng quy "
        "định, đang giải quyết theo lộ trình.",
        "Đề nghị Sở Nội vụ hướng dẫn việc xác định số lượng người làm việc hưởng lương từ nguồn thu sự "
        "nghiệp của các bệnh viện tự chủ nhóm 1, 2.",
    ),
    "sogddt": (
        "Từ ngày 01/3/2026, theo Quyết định số 259/QĐ-UBND: sáp nhập Trường THPT Dân lập Hà Tĩnh "
        "vào Trường THPT Thành Sen, Trường THPT Bán công Hà Tĩnh vào Trường THPT Lý Tự Trọng, "
        "Trường THPT Đức Lạng vào Trường THPT Đức Thọ.\n"
        "Ba Trung tâm Giáo dục nghề nghiệp - Giáo dục thường xuyên khu vực (Bắc, Tây, Nam Hà Tĩnh) "
        "được tổ chức lại từ ngày 15/10/2025 (Quyết định số 182/QĐ-UBND) hoạt động ổn định.",
        "Sau sáp nhập, việc bố trí giáo viên giữa các điểm trường còn khó khăn.",
        "",
    ),
    "xathachha": (
        "Tiếp nhận các trường mầm non, tiểu học, trung học cơ sở trên địa bàn từ ngày 01/7/2025.",
        "",
        "",
    ),
}
RETURN_REASON = (
    "Đề nghị bổ sung số trường sau khi sáp nhập Trường Mầm non Thạch Tân (Quyết định số "
    "311/QĐ-UBND) và số cán bộ quản lý dôi dư, lộ trình giải quyết."
)


def demo_loaded() -> bool:
    return ReportRound.objects.filter(kind=KIND, period=PERIOD).exists()


def load(today: dt.date, log: Callable[[str], None] | None = None) -> ReportRound:
    log = log or (lambda _m: None)
    User = get_user_model()
    users = {u.username: u for u in User.objects.filter(username__in=["snv", *CONTRIBUTIONS])}
    if set(users) != {"snv", *CONTRIBUTIONS}:
        raise Refused.one("user", "Chưa có tài khoản mẫu: chạy “tinhgon demo_accounts” trước.")
    snv = users["snv"]
    rnd = services.round_open(acting_user=snv, kind=KIND, period=PERIOD, plan_id=None, today=today)
    for username, (results, problems, proposals) in CONTRIBUTIONS.items():
        officer = users[username]
        sub = Submission.objects.get(round=rnd, organization=officer.organization)
        sub = services.submission_update(
            acting_user=officer, submission=sub, expected_version=sub.version,
            results=results, problems=problems, proposals=proposals,
        )  # fmt: skip
        sub = services.submission_submit(
            acting_user=officer, submission=sub, expected_version=sub.version, today=today
        )
        if username == "soyte":
            services.submission_decide(
                acting_user=snv, submission=sub, expected_version=sub.version, approve=True,
                reason="Đủ nội dung, số liệu khớp với sổ đăng ký.",
            )  # fmt: skip
        elif username == "xathachha":
            services.submission_decide(
                acting_user=snv, submission=sub, expected_version=sub.version, approve=False,
                reason=RETURN_REASON,
            )  # fmt: skip
    total = rnd.submissions.count()
    name = kinds.get_kind(KIND).name.lower()
    log(f"Báo cáo: đợt {name} {PERIOD}, {total} cơ quan (1 đã duyệt, 1 chờ duyệt, 1 trả lại).")
    return rnd
