"""Maximum number of deputy heads (cấp phó) of a public service unit or of a phòng inside it.

Decree 120/2020/NĐ-CP (07/10/2020, in force 08/11/2020) art 6 — internal organisation and deputy
caps — as amended by Decree 83/2024/NĐ-CP art 3 (in force 01/09/2024) and re-amended (art 6.2.c) by
Decree 283/2025/NĐ-CP (in force 01/11/2025). Unit types follow art 2 (DOMAIN.md §3.1): ``prov_direct``
(4a, directly under UBND tỉnh), ``dept`` (4b, under a sở), ``subdept`` (4c, under a chi cục),
``other_admin`` (4d, under another administrative organisation of UBND tỉnh), ``district`` (5, under
UBND huyện — the district level ended on 30/06/2025) and ``commune`` (5 after ND 283/2025, under
UBND xã — units exist from 01/07/2025). Autonomy groups are those of Decree 60/2021/NĐ-CP art 9.

Numbers used (DOMAIN.md §3.4, [CONFIRMED] for the ND 83/2024 text, 01/09/2024–31/10/2025):

* unit, group 1: as its establishment or autonomy scheme says (no number);
* unit, group 2: ≤ 3;
* unit, group 3/4, ``prov_direct``: ≤ 2 with ≤ 20 viên chức, ≤ 3 with more than 20;
* unit, group 3/4, other types: ≤ 2, but ≤ 3 for a hospital of hạng I or above, a provincial
  disease-control centre (CDC) of hạng I or above, a multi-level general school with ≥ 40 classes;
* phòng (internal division): needs ≥ 2 work streams and ≥ 7 viên chức in groups 2–4; group 2 ≤ 2
  deputies; group 3/4: 7–9 viên chức → 1, ≥ 10 → ≤ 2; group 1 decides through its scheme.

Only viên chức are counted ("người làm việc là viên chức"); contract staff are not.

The 2020 text of art 6 (until 31/08/2024) and the ND 283/2025 text (from 01/11/2025) could not be
read in the crawl of the legal code used by this project (the stored copy of
``van-ban/can-bo-cong-chuc-vien-chuc/vien-chuc.md`` in ``diepxuan/diepxuan.github.io`` carries
article headings without their text). Their numbers are therefore SETTINGS: the tables
``VERSIONS`` below default to the ND 83/2024 numbers, are marked unverified, and every result
computed with them says so in its explanation. A caller may replace any number of any version
through the optional ``settings`` input, e.g. ``{"settings": {"nd283_2025": {"g34_lower": 2}}}``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

from tinhgon.rules.base import Citation, RuleInputError, parse_date
from tinhgon.rules.versions import (
    Version,
    in_force,
    read_bool,
    read_choice,
    read_int,
    read_mapping,
    refuse_unknown_keys,
)

NAME = "deputy_cap"
SUMMARY = (
    "Số lượng cấp phó tối đa của đơn vị sự nghiệp công lập và của phòng thuộc đơn vị "
    "(Nghị định 120/2020/NĐ-CP Điều 6, sửa đổi 2024 và 2025)."
)

UNIT_TYPES: dict[str, str] = {
    "prov_direct": "đơn vị sự nghiệp công lập thuộc UBND cấp tỉnh",
    "dept": "đơn vị sự nghiệp công lập thuộc sở",
    "subdept": "đơn vị sự nghiệp công lập thuộc chi cục thuộc sở",
    "other_admin": "đơn vị sự nghiệp công lập thuộc tổ chức hành chính khác thuộc UBND cấp tỉnh",
    "district": "đơn vị sự nghiệp công lập thuộc UBND cấp huyện",
    "commune": "đơn vị sự nghiệp công lập thuộc UBND cấp xã",
}
SPECIALS: dict[str, str] = {
    "hospital_rank_1": "bệnh viện hạng I trở lên",
    "cdc_rank_1": "Trung tâm Kiểm soát bệnh tật cấp tỉnh hạng I trở lên",
    "multi_level_school": "trường phổ thông có nhiều cấp học",
}
GROUP_NAMES: dict[int, str] = {
    1: "Nhóm 1 – tự bảo đảm chi thường xuyên và chi đầu tư",
    2: "Nhóm 2 – tự bảo đảm chi thường xuyên",
    3: "Nhóm 3 – tự bảo đảm một phần chi thường xuyên",
    4: "Nhóm 4 – do ngân sách nhà nước bảo đảm chi thường xuyên",
}

# The district level ended on 30/06/2025; units under UBND xã exist from 01/07/2025.
DISTRICT_LAST_DAY = dt.date(2025, 6, 30)
COMMUNE_FIRST_DAY = dt.date(2025, 7, 1)

INPUT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["unit_type", "autonomy_group", "vien_chuc_count"],
    "properties": {
        "unit_type": {"type": "string", "enum": list(UNIT_TYPES), "title": "Loại đơn vị"},
        "autonomy_group": {"type": "integer", "minimum": 1, "maximum": 4, "title": "Nhóm tự chủ"},
        "vien_chuc_count": {
            "type": "integer",
            "minimum": 0,
            "title": "Số người làm việc là viên chức (không tính hợp đồng lao động)",
        },
        "is_internal_division": {
            "type": "boolean",
            "default": False,
            "title": "Là phòng (tổ chức cấu thành) thuộc đơn vị",
        },
        "special": {
            "type": ["string", "null"],
            "enum": [*SPECIALS, None],
            "title": "Trường hợp đặc biệt",
        },
        "classes": {
            "type": "integer",
            "minimum": 0,
            "title": "Số lớp (chỉ với trường nhiều cấp học)",
        },
        "as_of": {"type": "string", "format": "date", "title": "Ngày áp dụng"},
        "settings": {
            "type": "object",
            "title": "Thay số liệu của một phiên bản (nd120_2020, nd83_2024, nd283_2025)",
        },
    },
}


@dataclass(frozen=True)
class Caps:
    """The numbers of one text of art 6 (field names are the keys accepted in ``settings``)."""

    g2_unit: int = 3
    g34_prov_direct_threshold: int = 20
    g34_prov_direct_small: int = 2
    g34_prov_direct_large: int = 3
    g34_lower: int = 2
    g34_lower_special: int = 3
    school_min_classes: int = 40
    division_min_vien_chuc: int = 7
    g2_division: int = 2
    g34_division_large_from: int = 10
    g34_division_small: int = 1
    g34_division_large: int = 2


ND120 = "Nghị định 120/2020/NĐ-CP"
ND83 = "Nghị định 83/2024/NĐ-CP"
ND283 = "Nghị định 283/2025/NĐ-CP"

VERSIONS: tuple[Version[Caps], ...] = (
    Version("nd120_2020", ND120, dt.date(2020, 11, 8), dt.date(2024, 8, 31), Caps(), False),
    Version(
        "nd83_2024",
        f"{ND120}, sửa đổi bởi {ND83}",
        dt.date(2024, 9, 1),
        dt.date(2025, 10, 31),
        Caps(),
    ),
    Version(
        "nd283_2025", f"{ND120}, sửa đổi bởi {ND283}", dt.date(2025, 11, 1), None, Caps(), False
    ),
)


@dataclass(frozen=True)
class Input:
    unit_type: str
    autonomy_group: int
    vien_chuc_count: int
    is_internal_division: bool
    special: str | None
    classes: int | None
    as_of: dt.date
    settings: dict[str, dict[str, int]] = dataclasses.field(default_factory=dict)


@dataclass(frozen=True)
class Result:
    allowed: bool
    max_deputies: int | None
    version: str
    version_verified: bool
    explanation: list[Citation]


def _read_settings(value: Any) -> dict[str, dict[str, int]]:
    settings = read_mapping(value, "settings")
    keys = [v.key for v in VERSIONS]
    refuse_unknown_keys(settings, keys, "settings.")
    fields = [f.name for f in dataclasses.fields(Caps)]
    out: dict[str, dict[str, int]] = {}
    for key, overrides in settings.items():
        table = read_mapping(overrides, f"settings.{key}")
        refuse_unknown_keys(table, fields, f"settings.{key}.")
        out[key] = {
            name: read_int(number, f"settings.{key}.{name}", minimum=0)
            for name, number in table.items()
        }
    return out


def parse(payload: dict[str, Any]) -> Input:
    if not isinstance(payload, dict):
        raise RuleInputError.one("", "Dữ liệu vào phải là một đối tượng JSON.")
    unit_type = read_choice(payload.get("unit_type"), "unit_type", list(UNIT_TYPES))
    group = read_int(payload.get("autonomy_group"), "autonomy_group", minimum=1, maximum=4)
    count = read_int(payload.get("vien_chuc_count"), "vien_chuc_count", minimum=0)
    division = read_bool(payload.get("is_internal_division"), "is_internal_division", default=False)
    special_raw = payload.get("special")
    special = None if special_raw is None else read_choice(special_raw, "special", list(SPECIALS))
    classes: int | None = None
    if payload.get("classes") is not None:
        if special != "multi_level_school":
            raise RuleInputError.one(
                "classes", "Chỉ nhập số lớp khi đơn vị là trường phổ thông có nhiều cấp học."
            )
        classes = read_int(payload.get("classes"), "classes", minimum=0)
    elif special == "multi_level_school":
        raise RuleInputError.one("classes", "Trường phổ thông nhiều cấp học phải có số lớp.")
    as_of = parse_date(payload.get("as_of"), "as_of")
    if as_of < VERSIONS[0].start:
        raise RuleInputError.one(
            "as_of",
            "Nghị định 120/2020/NĐ-CP có hiệu lực từ 08/11/2020; "
            "không có quy định về số lượng cấp phó để áp dụng cho ngày trước đó.",
        )
    if unit_type == "district" and as_of > DISTRICT_LAST_DAY:
        raise RuleInputError.one(
            "unit_type",
            "Từ 01/7/2025 không còn cấp huyện: đơn vị thuộc UBND cấp huyện chỉ áp dụng "
            "đến hết ngày 30/6/2025. Hãy chọn loại đơn vị hiện tại (thuộc UBND cấp xã hoặc thuộc sở).",
        )
    if unit_type == "commune" and as_of < COMMUNE_FIRST_DAY:
        raise RuleInputError.one(
            "unit_type",
            "Đơn vị sự nghiệp công lập thuộc UBND cấp xã chỉ có từ ngày 01/7/2025 "
            "(chính quyền địa phương hai cấp); trước đó hãy chọn đơn vị thuộc UBND cấp huyện.",
        )
    return Input(
        unit_type=unit_type,
        autonomy_group=group,
        vien_chuc_count=count,
        is_internal_division=division,
        special=special,
        classes=classes,
        as_of=as_of,
        settings=_read_settings(payload.get("settings")),
    )


def _version(inp: Input) -> tuple[Version[Caps], list[Citation]]:
    version = in_force(VERSIONS, inp.as_of)
    if version is None:  # pragma: no cover - parse refuses dates before the first version
        raise RuleInputError.one("as_of", "Không có phiên bản quy định áp dụng cho ngày này.")
    lines = [
        Citation(
            f"Áp dụng {version.decree} (phiên bản “{version.key}”, hiệu lực {version.period}) "
            f"cho ngày {inp.as_of.strftime('%d/%m/%Y')}.",
            version.decree,
            "Điều 6",
        )
    ]
    if not version.verified:
        lines.append(
            Citation(
                "CHƯA KIỂM CHỨNG: chưa đối chiếu được văn bản của phiên bản này; số liệu đang dùng "
                "là số liệu của Nghị định 83/2024/NĐ-CP (có thể thay trong phần “settings”).",
                version.decree,
                "Điều 6",
            )
        )
    overrides = inp.settings.get(version.key)
    if overrides:
        version = dataclasses.replace(version, data=dataclasses.replace(version.data, **overrides))
        changed = ", ".join(f"{k} = {v}" for k, v in sorted(overrides.items()))
        lines.append(Citation(f"Số liệu thay theo cấu hình (settings): {changed}.", version.decree))
    return version, lines


def evaluate(inp: Input) -> Result:
    version, lines = _version(inp)
    caps = version.data
    decree = version.decree
    group = inp.autonomy_group
    lines.append(
        Citation(
            f"{GROUP_NAMES[group]}; {UNIT_TYPES[inp.unit_type]}; "
            f"{inp.vien_chuc_count} người làm việc là viên chức (không tính hợp đồng lao động).",
            "Nghị định 60/2021/NĐ-CP",
            "Điều 9",
        )
    )
    if inp.is_internal_division:
        allowed, max_deputies = _division(inp, caps, decree, lines)
    else:
        allowed, max_deputies = True, _unit(inp, caps, decree, lines)
    return Result(
        allowed=allowed,
        max_deputies=max_deputies,
        version=version.key,
        version_verified=version.verified,
        explanation=lines,
    )


def _division(
    inp: Input, caps: Caps, decree: str, lines: list[Citation]
) -> tuple[bool, int | None]:
    count = inp.vien_chuc_count
    if inp.special is not None:
        lines.append(
            Citation(
                "Trường hợp đặc biệt (bệnh viện, CDC, trường nhiều cấp học) chỉ áp dụng cho cấp phó "
                "của người đứng đầu đơn vị, không áp dụng cho phòng.",
                decree,
                "Điều 6",
                "khoản 2",
            )
        )
    if inp.autonomy_group == 1:
        lines.append(
            Citation(
                "Đơn vị nhóm 1 tự quyết định tổ chức bên trong và số lượng cấp phó của phòng "
                "theo đề án tự chủ được phê duyệt.",
                decree,
                "Điều 6",
                "khoản 1, khoản 3",
            )
        )
        return True, None
    if count < caps.division_min_vien_chuc:
        lines.append(
            Citation(
                f"Phòng thuộc đơn vị nhóm 2, 3, 4 phải có ít nhất {caps.division_min_vien_chuc} "
                f"viên chức (và ít nhất 02 lĩnh vực công tác có quy trình quản lý riêng); "
                f"{count} viên chức: không được thành lập phòng.",
                decree,
                "Điều 6",
                "khoản 1",
            )
        )
        return False, None
    lines.append(
        Citation(
            f"{count} viên chức ≥ {caps.division_min_vien_chuc}: đủ điều kiện về số người để thành "
            "lập phòng (điều kiện có ít nhất 02 lĩnh vực công tác không được kiểm tra ở đây).",
            decree,
            "Điều 6",
            "khoản 1",
        )
    )
    if inp.autonomy_group == 2:
        lines.append(
            Citation(
                f"Phòng thuộc đơn vị nhóm 2: không quá {caps.g2_division} Phó Trưởng phòng.",
                decree,
                "Điều 6",
                "khoản 3",
            )
        )
        return True, caps.g2_division
    if count >= caps.g34_division_large_from:
        number = caps.g34_division_large
        text = (
            f"Phòng thuộc đơn vị nhóm 3, 4 có từ {caps.g34_division_large_from} viên chức trở lên: "
            f"không quá {number} Phó Trưởng phòng."
        )
    else:
        number = caps.g34_division_small
        text = (
            f"Phòng thuộc đơn vị nhóm 3, 4 có từ {caps.division_min_vien_chuc} đến "
            f"{caps.g34_division_large_from - 1} viên chức: {number} Phó Trưởng phòng."
        )
    lines.append(Citation(text, decree, "Điều 6", "khoản 3"))
    return True, number


def _unit(inp: Input, caps: Caps, decree: str, lines: list[Citation]) -> int | None:
    group, count = inp.autonomy_group, inp.vien_chuc_count
    if group == 1:
        lines.append(
            Citation(
                "Đơn vị nhóm 1: số lượng cấp phó theo đề án thành lập hoặc đề án tự chủ được "
                "cấp có thẩm quyền phê duyệt.",
                decree,
                "Điều 6",
                "khoản 2",
            )
        )
        return None
    if group == 2:
        lines.append(
            Citation(
                f"Đơn vị nhóm 2: không quá {caps.g2_unit} cấp phó.", decree, "Điều 6", "khoản 2"
            )
        )
        return caps.g2_unit
    if inp.unit_type == "prov_direct":
        if inp.special is not None:
            lines.append(
                Citation(
                    "Đơn vị thuộc UBND cấp tỉnh: số cấp phó tính theo số viên chức; trường hợp đặc "
                    "biệt chỉ áp dụng cho đơn vị thuộc sở, chi cục, tổ chức khác, cấp huyện, cấp xã.",
                    decree,
                    "Điều 6",
                    "khoản 2",
                )
            )
        limit = caps.g34_prov_direct_threshold
        if count > limit:
            number = caps.g34_prov_direct_large
            text = f"trên {limit} viên chức: không quá {number} cấp phó"
        else:
            number = caps.g34_prov_direct_small
            text = f"từ {limit} viên chức trở xuống: không quá {number} cấp phó"
        lines.append(
            Citation(f"Đơn vị nhóm 3, 4 thuộc UBND cấp tỉnh, {text}.", decree, "Điều 6", "khoản 2")
        )
        return number
    special = _special_applies(inp, caps)
    if special:
        lines.append(
            Citation(
                f"Đơn vị nhóm 3, 4 là {special}: không quá {caps.g34_lower_special} cấp phó.",
                decree,
                "Điều 6",
                "khoản 2",
            )
        )
        return caps.g34_lower_special
    if inp.special == "multi_level_school":
        lines.append(
            Citation(
                f"Trường nhiều cấp học có {inp.classes} lớp (< {caps.school_min_classes}): không "
                "thuộc trường hợp được 03 cấp phó.",
                decree,
                "Điều 6",
                "khoản 2",
            )
        )
    lines.append(
        Citation(
            f"Đơn vị nhóm 3, 4 ({UNIT_TYPES[inp.unit_type]}): không quá {caps.g34_lower} cấp phó.",
            decree,
            "Điều 6",
            "khoản 2",
        )
    )
    return caps.g34_lower


def _special_applies(inp: Input, caps: Caps) -> str:
    if inp.special in ("hospital_rank_1", "cdc_rank_1"):
        return SPECIALS[inp.special]
    if inp.special == "multi_level_school" and (inp.classes or 0) >= caps.school_min_classes:
        return f"trường phổ thông nhiều cấp học có {inp.classes} lớp (≥ {caps.school_min_classes})"
    return ""
