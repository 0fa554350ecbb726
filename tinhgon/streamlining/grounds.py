"""The legal grounds (căn cứ, đối tượng) of each decree's list of eligible groups, as data.

Each ground names its decree(s), its article and clause, and what the source status is (DOMAIN.md
§6.1–6.3b). A case's ground must belong to the decree the rule chose for it; for ND 178/2024 the
ground also gives the ``article_2_group`` (1–4) the rule needs.

Sources: ND 178/2024 art 2 as amended by ND 67/2025 [CONFIRMED, DOMAIN.md §6.3]; ND 29/2023 art 2
[the two criteria confirmed by the 2025 BNV draft report, the rest UNCONFIRMED, DOMAIN.md §6.1];
ND 154/2025 [SECONDARY, DOMAIN.md §6.2]; ND 170/2025 art 58 [SECONDARY, DOMAIN.md §6.3b].
"""

from __future__ import annotations

from dataclasses import dataclass

ND29 = "29/2023"
ND154 = "154/2025"
ND178 = "178/2024"
ND170 = "170/2025"


@dataclass(frozen=True)
class Ground:
    code: str
    category: str
    decrees: tuple[str, ...]
    label: str
    citation: str
    article_2_group: int = 1

    @property
    def text(self) -> str:
        return f"{self.label} ({self.citation})"


_ND178 = "Nghị định 178/2024/NĐ-CP, sửa đổi bởi Nghị định 67/2025/NĐ-CP"
GROUNDS: tuple[Ground, ...] = (
    # Tinh giản biên chế: ND 29/2023 art 2 khoản 1, then ND 154/2025.
    Ground(
        "tg_surplus_reorg",
        "tinh_gian",
        (ND29, ND154),
        "Dôi dư do rà soát, sắp xếp lại tổ chức bộ máy, nhân sự hoặc cơ cấu lại theo vị trí việc "
        "làm, không bố trí được việc làm khác",
        "Nghị định 29/2023/NĐ-CP, Điều 2 khoản 1 điểm a; Nghị định 154/2025/NĐ-CP, Điều 2",
    ),
    Ground(
        "tg_standards",
        "tinh_gian",
        (ND29, ND154),
        "Chưa đạt trình độ đào tạo theo tiêu chuẩn của vị trí việc làm, không có vị trí khác phù "
        "hợp và không thể bố trí đào tạo lại",
        "Nghị định 29/2023/NĐ-CP, Điều 2 khoản 1 điểm c (chưa xác nhận); Nghị định 154/2025/NĐ-CP, "
        "Điều 2",
    ),
    Ground(
        "tg_low_rating",
        "tinh_gian",
        (ND29,),
        "Có 01 năm xếp loại hoàn thành nhiệm vụ và 01 năm không hoàn thành nhiệm vụ trong 02 năm "
        "liên tiếp, không bố trí được việc làm khác",
        "Nghị định 29/2023/NĐ-CP, Điều 2 khoản 1 (tiêu chí được Bộ Nội vụ xác nhận năm 2025)",
    ),
    Ground(
        "tg_not_done",
        "tinh_gian",
        (ND154,),
        "Xếp loại không hoàn thành nhiệm vụ trong năm trước liền kề hoặc năm xét tinh giản",
        "Nghị định 154/2025/NĐ-CP, Điều 2 (nguồn thứ cấp)",
    ),
    Ground(
        "tg_sick_leave",
        "tinh_gian",
        (ND29, ND154),
        "Trong năm trước liền kề có tổng số ngày nghỉ ốm bằng hoặc cao hơn số ngày tối đa hưởng "
        "chế độ ốm đau theo Luật Bảo hiểm xã hội",
        "Nghị định 29/2023/NĐ-CP, Điều 2 khoản 1 (tiêu chí được Bộ Nội vụ xác nhận năm 2025); "
        "Nghị định 154/2025/NĐ-CP, Điều 2",
    ),
    # Nghỉ việc do sắp xếp tổ chức bộ máy: ND 178/2024 art 2 as amended by ND 67/2025.
    Ground(
        "sx_1a",
        "sap_xep",
        (ND178,),
        "Công chức, viên chức không giữ chức vụ lãnh đạo, quản lý chịu tác động trực tiếp của việc "
        "sắp xếp tổ chức bộ máy, đơn vị hành chính",
        f"{_ND178}, Điều 2 khoản 1 điểm a",
        1,
    ),
    Ground(
        "sx_1b",
        "sap_xep",
        (ND178,),
        "Cán bộ, công chức cấp xã chịu tác động trực tiếp của việc sắp xếp đơn vị hành chính",
        f"{_ND178}, Điều 2 khoản 1 điểm b",
        1,
    ),
    Ground(
        "sx_1c",
        "sap_xep",
        (ND178,),
        "Người làm việc theo hợp đồng lao động trong cơ quan hành chính, đơn vị sự nghiệp công lập "
        "(ký trước ngày 15/01/2019) chịu tác động trực tiếp của việc sắp xếp",
        f"{_ND178}, Điều 2 khoản 1 điểm c",
        1,
    ),
    Ground(
        "sx_1g",
        "sap_xep",
        (ND178,),
        "Người giữ chức vụ lãnh đạo, quản lý tự nguyện nghỉ việc để tạo thuận lợi cho việc sắp xếp "
        "số lượng lãnh đạo",
        f"{_ND178}, Điều 2 khoản 1 điểm g",
        1,
    ),
    Ground(
        "sx_2",
        "sap_xep",
        (ND178,),
        "Cán bộ, công chức, viên chức còn từ đủ 05 năm trở xuống đến tuổi nghỉ hưu ở cơ quan không "
        "trực tiếp sắp xếp nhưng phải tinh giản, cơ cấu lại đội ngũ",
        f"{_ND178}, Điều 2 khoản 2",
        2,
    ),
    Ground(
        "sx_3",
        "sap_xep",
        (ND178,),
        "Người làm việc trong chỉ tiêu biên chế tại hội được Đảng, Nhà nước giao nhiệm vụ chịu tác "
        "động của việc sắp xếp hội",
        f"{_ND178}, Điều 2 khoản 3",
        3,
    ),
    Ground(
        "sx_4",
        "sap_xep",
        (ND178,),
        "Cán bộ không đủ tuổi tái cử, tái bổ nhiệm hoặc còn từ 30 đến 60 tháng đến tuổi nghỉ hưu "
        "tính từ thời điểm tổ chức đại hội, tự nguyện nghỉ và được đồng ý",
        f"{_ND178}, Điều 2 khoản 4",
        4,
    ),
    # Công chức tự nguyện xin thôi việc: ND 170/2025 art 58.
    Ground(
        "tv_58",
        "thoi_viec_nguyen_vong",
        (ND170,),
        "Công chức tự nguyện xin thôi việc và được cấp có thẩm quyền đồng ý",
        "Nghị định 170/2025/NĐ-CP, Điều 58",
    ),
)
BY_CODE: dict[str, Ground] = {g.code: g for g in GROUNDS}


def for_category(category: str) -> list[Ground]:
    return [g for g in GROUNDS if g.category == category]


def choices() -> list[tuple[str, str]]:
    return [(g.code, g.label) for g in GROUNDS]
