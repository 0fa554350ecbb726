"""The competent level that approves a case, under the province's decentralisation of cadre
management (DOMAIN.md §11b: "Streamlining approvals follow the decentralisation of cadre
management (not always the provincial chairman)").

As data: cán bộ and people holding a leadership post of a unit are managed by the province, so the
provincial chairman decides (Sở Nội vụ prepares and records it); công chức, viên chức and workers
without a leadership post are decided by the head of the agency the period belongs to (giám đốc
sở, chủ tịch UBND cấp xã), to whom the province has decentralised their management. The number of
Hà Tĩnh's decentralisation regulation was not in the project's sources — to be confirmed with Sở
Nội vụ; the table below is the one place to change when it is.
"""

from __future__ import annotations

from tinhgon.streamlining.choices import ApprovingLevel

PROVINCE_BODY = "UBND tỉnh Hà Tĩnh"
BASIS = (
    "Quy định phân cấp quản lý tổ chức bộ máy, biên chế, cán bộ, công chức, viên chức của UBND "
    "tỉnh Hà Tĩnh (số hiệu cần xác nhận với Sở Nội vụ)"
)
# employment kind → level for a person without a leadership post
BY_EMPLOYMENT: dict[str, str] = {
    "can_bo": ApprovingLevel.PROVINCE,
    "cong_chuc": ApprovingLevel.AGENCY,
    "vien_chuc": ApprovingLevel.AGENCY,
    "hop_dong": ApprovingLevel.AGENCY,
}


def level_for(employment: str, is_leader: bool) -> str:
    if is_leader:
        return ApprovingLevel.PROVINCE
    return BY_EMPLOYMENT.get(employment, ApprovingLevel.PROVINCE)


def body_for(level: str, agency_name: str) -> str:
    return PROVINCE_BODY if level == ApprovingLevel.PROVINCE else agency_name
