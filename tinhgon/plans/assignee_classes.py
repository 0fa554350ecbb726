"""The dated table of assignee classes (data with its legal basis), used by the data migration
and re-created on demand by :func:`ensure` (a database flushed by tests or a restore keeps working).

"UBND các huyện, thành phố, thị xã" (UBND cấp huyện) means the district committees until
30/06/2025 and, from 01/07/2025 when the district level was abolished, every UBND xã/phường
(DOMAIN.md §1.2 late-2026 note, §9.2).
"""

import datetime as dt
from typing import Any

THREE_LEVELS = (
    "Luật Tổ chức chính quyền địa phương 2015 (chính quyền địa phương ở tỉnh, huyện, xã), "
    "áp dụng đến hết ngày 30/06/2025."
)
TWO_LEVELS = (
    "Luật Tổ chức chính quyền địa phương số 72/2025/QH15: chính quyền địa phương hai cấp từ "
    "01/07/2025, không còn cấp huyện; nhiệm vụ giao UBND cấp huyện do UBND cấp xã (xã, phường) "
    "thực hiện. Hà Tĩnh: Nghị quyết 1665/NQ-UBTVQH15 (69 đơn vị hành chính cấp xã)."
)
DEPARTMENTS = (
    "Nghị định 24/2014/NĐ-CP, Nghị định 45/2025/NĐ-CP: các cơ quan chuyên môn thuộc UBND cấp tỉnh."
)
COMMUNES = "Luật Tổ chức chính quyền địa phương; Nghị định 33/2023/NĐ-CP, Nghị định 150/2025/NĐ-CP."
END_3 = dt.date(2025, 6, 30)
START_2 = dt.date(2025, 7, 1)
EPOCH = dt.date(2000, 1, 1)

CLASSES: list[tuple[str, str, list[str], list[tuple[dt.date, dt.date | None, list[str], str]]]] = [
    (
        "so_ban_nganh",
        "Các sở, ban, ngành",
        ["cac so, ban, nganh", "cac so ban nganh", "giam doc cac so", "cac ban, nganh"],
        [(EPOCH, None, ["department", "other_admin"], DEPARTMENTS)],
    ),
    (
        "ubnd_cap_huyen",
        "UBND các huyện, thành phố, thị xã",
        [
            "ubnd cac huyen",
            "uy ban nhan dan cac huyen",
            "ubnd cap huyen",
            "uy ban nhan dan cap huyen",
            "chinh quyen cap huyen",
        ],
        [
            (EPOCH, END_3, ["district_committee"], THREE_LEVELS),
            (START_2, None, ["commune_committee"], TWO_LEVELS),
        ],
    ),
    (
        "ubnd_cap_xa",
        "UBND các xã, phường",
        ["ubnd cac xa", "uy ban nhan dan cac xa", "ubnd cap xa", "uy ban nhan dan cap xa"],
        [(EPOCH, None, ["commune_committee"], COMMUNES)],
    ),
    (
        "co_quan_don_vi_dia_phuong",
        "Các cơ quan, đơn vị, địa phương",
        ["cac co quan, don vi, dia phuong", "cac co quan, don vi va dia phuong"],
        [
            (EPOCH, END_3, ["department", "other_admin", "district_committee"], THREE_LEVELS),
            (START_2, None, ["department", "other_admin", "commune_committee"], TWO_LEVELS),
        ],
    ),
]


def load(AssigneeClass: Any, Rule: Any) -> None:
    for code, name, phrases, rules in CLASSES:
        cls, _ = AssigneeClass.objects.update_or_create(
            code=code, defaults={"name": name, "phrases": phrases}
        )
        for valid_from, valid_to, kinds, basis in rules:
            Rule.objects.update_or_create(
                assignee_class=cls,
                valid_from=valid_from,
                defaults={"valid_to": valid_to, "kinds": kinds, "legal_basis": basis},
            )


def ensure() -> None:
    """Create the table when it is missing."""
    from tinhgon.plans.models import AssigneeClass, AssigneeClassRule

    if not AssigneeClass.objects.exists():
        load(AssigneeClass, AssigneeClassRule)
