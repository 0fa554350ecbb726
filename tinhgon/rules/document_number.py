"""Number and symbol of a Vietnamese administrative or Party document.

Sources: Decree 30/2020/NĐ-CP art 15 and Annex III (DOMAIN.md §7.4): ``Số: <n>/<TYPE>-<ISSUER>``
(e.g. ``56/KH-UBND``), legal normative documents carry the year (``80/2025/QĐ-UBND``), an official
letter (công văn) has no type code (``63/SNV-XDCQ&TCBC``). Party documents put the type after a hyphen
(``62-KL/TW``, ``222-KH/TU``; HD 36-HD/VPTW). The type abbreviations of Annex III are marked
[UNCONFIRMED but standard] in DOMAIN.md §7.4; they are a table here, not logic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from tinhgon.rules.base import Citation, RuleInputError, clean_text

NAME = "document_number"
SUMMARY = "Tách số, ký hiệu, loại văn bản và cơ quan ban hành từ “Số: 56/KH-UBND”."

INPUT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["text"],
    "properties": {
        "text": {"type": "string", "title": "Số, ký hiệu văn bản", "examples": ["Số: 56/KH-UBND"]},
        "as_of": {"type": "string", "format": "date", "title": "Ngày áp dụng"},
    },
}

# Decree 30/2020 Annex III (administrative) and the Party's own types (HD 36-HD/VPTW).
TYPE_NAMES: dict[str, str] = {
    "NQ": "Nghị quyết",
    "QĐ": "Quyết định",
    "CT": "Chỉ thị",
    "QC": "Quy chế",
    "QYĐ": "Quy định",
    "TC": "Thông cáo",
    "TB": "Thông báo",
    "HD": "Hướng dẫn",
    "CTR": "Chương trình",
    "KH": "Kế hoạch",
    "PA": "Phương án",
    "ĐA": "Đề án",
    "DA": "Dự án",
    "BC": "Báo cáo",
    "BB": "Biên bản",
    "TTR": "Tờ trình",
    "HĐ": "Hợp đồng",
    "CĐ": "Công điện",
    "GN": "Bản ghi nhớ",
    "TTH": "Bản thỏa thuận",
    "GUQ": "Giấy ủy quyền",
    "UQ": "Giấy ủy quyền",
    "GM": "Giấy mời",
    "GT": "Giấy giới thiệu",
    "NP": "Giấy nghỉ phép",
    "PG": "Phiếu gửi",
    "PC": "Phiếu chuyển",
    "PB": "Phiếu báo",
    "SY": "Bản sao y",
    "TS": "Bản trích sao",
    "SL": "Bản sao lục",
    "KL": "Kết luận",
    "NĐ": "Nghị định",
    "TT": "Thông tư",
    "TTLT": "Thông tư liên tịch",
    "L": "Luật",
    "QH": "Luật",
    "CV": "Công văn",
}
# Type codes written without their hyphen in damaged text ("61/2018/NĐCP").
_GLUED = re.compile(r"^(NĐ|QĐ|NQ|TT|CT|KH|HD|BC)(CP|TTG|UBND|HĐND|BNV|BTC|TW|TU|UBTVQH\d*)$")

_PREFIX = re.compile(r"^\s*(?:số|so)\s*[:.]?\s*", re.IGNORECASE)
_ADMIN = re.compile(
    r"^(?P<seq>\d{1,6})\s*/\s*(?:(?P<year>(?:19|20)\d{2})\s*/\s*)?(?P<symbol>[^\s/]+(?:\s*-\s*[^\s/]+)*)$"
)
_PARTY = re.compile(r"^(?P<seq>\d{1,6})\s*-\s*(?P<type>[A-ZĐa-zđ]{1,6})\s*/\s*(?P<issuer>[^\s/]+)$")


@dataclass(frozen=True)
class Input:
    text: str


@dataclass(frozen=True)
class Result:
    number: str
    seq: int
    symbol: str
    type: str | None
    type_name: str
    issuer_code: str
    year: int | None
    explanation: list[Citation]


def parse(payload: dict[str, Any]) -> Input:
    if not isinstance(payload, dict):
        raise RuleInputError.one("", "Dữ liệu vào phải là một đối tượng JSON.")
    return Input(text=clean_text(payload.get("text"), "text"))


def _upper(code: str) -> str:
    return code.upper().replace("Đ".lower(), "Đ")


def evaluate(inp: Input) -> Result:
    text = _PREFIX.sub("", inp.text).strip().rstrip(".,;")
    party = _PARTY.match(text)
    if party:
        party_type = _upper(party["type"])
        issuer = _upper(party["issuer"])
        seq = int(party["seq"])
        return Result(
            number=f"{seq}-{party_type}/{issuer}",
            seq=seq,
            symbol=f"{party_type}/{issuer}",
            type=party_type,
            type_name=TYPE_NAMES.get(party_type, "Văn bản"),
            issuer_code=issuer,
            year=None,
            explanation=[
                Citation(
                    f"Văn bản của Đảng: số {seq}, loại {party_type}, cơ quan ban hành {issuer}.",
                    "HD 36-HD/VPTW",
                )
            ],
        )
    m = _ADMIN.match(text)
    if not m:
        raise RuleInputError.one(
            "text",
            f"“{inp.text}” không phải số, ký hiệu văn bản hợp lệ "
            "(dạng “56/KH-UBND”, “80/2025/QĐ-UBND” hoặc “62-KL/TW”).",
        )
    seq = int(m["seq"])
    year = int(m["year"]) if m["year"] else None
    parts = [_upper(p.strip()) for p in m["symbol"].split("-") if p.strip()]
    glued = _GLUED.match(parts[0]) if len(parts) == 1 else None
    if glued:
        parts = [glued[1], glued[2]]
    explanation = [
        Citation(
            "Số, ký hiệu văn bản gồm số thứ tự và ký hiệu (viết tắt tên loại và cơ quan ban hành).",
            "Nghị định 30/2020/NĐ-CP",
            "Điều 15",
        )
    ]
    type_code: str | None
    if parts[0] in TYPE_NAMES and len(parts) >= 2:
        type_code = parts[0]
        issuer = "-".join(parts[1:2])
        type_name = TYPE_NAMES[parts[0]]
        explanation.append(
            Citation(
                f"“{type_code}” là chữ viết tắt của {type_name.lower()}.",
                "Nghị định 30/2020/NĐ-CP",
                "Phụ lục III",
            )
        )
    else:
        type_code = None
        issuer = parts[0]
        type_name = "Công văn"
        explanation.append(
            Citation(
                "Không có chữ viết tắt tên loại: đây là công văn (cơ quan ban hành - đơn vị soạn thảo).",
                "Nghị định 30/2020/NĐ-CP",
                "Phụ lục III",
            )
        )
    if year is not None:
        explanation.append(
            Citation(
                f"Có năm ban hành {year} trong số, ký hiệu: văn bản quy phạm pháp luật.",
                "Nghị định 30/2020/NĐ-CP",
                "Điều 15",
            )
        )
    symbol = "-".join(parts)
    number = f"{seq}/{year}/{symbol}" if year else f"{seq}/{symbol}"
    return Result(
        number=number,
        seq=seq,
        symbol=symbol,
        type=type_code,
        type_name=type_name,
        issuer_code=issuer,
        year=year,
        explanation=explanation,
    )
