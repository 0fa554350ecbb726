"""Share of professional positions in a public service unit's headcount (the ND 106 "65% rule").

Decree 106/2020/NĐ-CP (10/09/2020, in force 15/11/2020) art 3 (principles): the positions tied to
specialised professional titles (chức danh nghề nghiệp chuyên ngành) and to shared professional titles
(chức danh nghề nghiệp chuyên môn dùng chung) must make up at least 65% of the unit's headcount
(số lượng người làm việc). Art 5 sorts positions by nature into leadership/management, specialised
professional, shared professional and support/service — only the two professional kinds count
(DOMAIN.md §5.1, [CONFIRMED]).

Decree 232/2026/NĐ-CP (in force 01/07/2026) art 16.2 ends the job-position provisions of ND 106; it
has no 65% rule (its art 10 sets career-level ratios instead, see ``level_ratio_check``). Decisions
taken under ND 106 stay valid until replaced (ND 232 art 18.1.a, by 01/07/2027), but this rule only
evaluates dates on which ND 106 itself was in force: 15/11/2020 – 30/06/2026.

Exactness: the minimum is ⌈65 × total / 100⌉ in integers and compliance is 100 × professional ≥
65 × total, so 64.9% is never rounded up to 65%. ``share_percent`` is shown to two decimals.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from tinhgon.rules.base import Citation, RuleInputError, parse_date
from tinhgon.rules.versions import Version, in_force, read_int

NAME = "professional_share"
SUMMARY = (
    "Tỷ lệ vị trí việc làm chức danh nghề nghiệp chuyên ngành và chuyên môn dùng chung "
    "(tối thiểu 65% theo Nghị định 106/2020/NĐ-CP, áp dụng đến 30/6/2026)."
)

ND106 = "Nghị định 106/2020/NĐ-CP"
ND232 = "Nghị định 232/2026/NĐ-CP"

# Minimum share in percent (ND 106 art 3): one version, in force until ND 232 took over.
VERSIONS: tuple[Version[int], ...] = (
    Version("nd106_2020", ND106, dt.date(2020, 11, 15), dt.date(2026, 6, 30), 65),
)
ND232_FIRST_DAY = dt.date(2026, 7, 1)

INPUT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["total", "specialised", "shared"],
    "properties": {
        "total": {"type": "integer", "minimum": 1, "title": "Tổng số lượng người làm việc"},
        "specialised": {
            "type": "integer",
            "minimum": 0,
            "title": "Số vị trí chức danh nghề nghiệp chuyên ngành",
        },
        "shared": {
            "type": "integer",
            "minimum": 0,
            "title": "Số vị trí chức danh nghề nghiệp chuyên môn dùng chung",
        },
        "as_of": {"type": "string", "format": "date", "title": "Ngày áp dụng"},
    },
}


@dataclass(frozen=True)
class Input:
    total: int
    specialised: int
    shared: int
    as_of: dt.date


@dataclass(frozen=True)
class Result:
    share_percent: Decimal
    required_min: int
    shortfall: int
    compliant: bool
    version: str
    explanation: list[Citation]


def parse(payload: dict[str, Any]) -> Input:
    if not isinstance(payload, dict):
        raise RuleInputError.one("", "Dữ liệu vào phải là một đối tượng JSON.")
    total = read_int(payload.get("total"), "total", minimum=1)
    specialised = read_int(payload.get("specialised"), "specialised", minimum=0)
    shared = read_int(payload.get("shared"), "shared", minimum=0)
    if specialised + shared > total:
        raise RuleInputError.one(
            "shared",
            f"Số chuyên ngành ({specialised}) cộng số dùng chung ({shared}) vượt tổng số ({total}).",
        )
    as_of = parse_date(payload.get("as_of"), "as_of")
    if as_of >= ND232_FIRST_DAY:
        raise RuleInputError.one(
            "as_of",
            "Từ 01/7/2026 áp dụng Nghị định 232/2026/NĐ-CP, không còn quy định tỷ lệ tối thiểu 65% "
            "vị trí chức danh nghề nghiệp; hãy kiểm tra tỷ lệ viên chức theo bậc nghề nghiệp "
            "(level_ratio_check).",
        )
    if as_of < VERSIONS[0].start:
        raise RuleInputError.one(
            "as_of", "Nghị định 106/2020/NĐ-CP có hiệu lực từ 15/11/2020; ngày này còn sớm hơn."
        )
    return Input(total=total, specialised=specialised, shared=shared, as_of=as_of)


def evaluate(inp: Input) -> Result:
    version = in_force(VERSIONS, inp.as_of)
    if version is None:  # pragma: no cover - parse refuses dates outside ND 106
        raise RuleInputError.one("as_of", "Không có phiên bản quy định áp dụng cho ngày này.")
    minimum = version.data
    professional = inp.specialised + inp.shared
    required = -(-minimum * inp.total // 100)  # ceiling, in integers
    compliant = 100 * professional >= minimum * inp.total
    shortfall = max(0, required - professional)
    share = (Decimal(100 * professional) / Decimal(inp.total)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )
    lines = [
        Citation(
            f"Áp dụng {ND106} (hiệu lực {version.period}) cho ngày "
            f"{inp.as_of.strftime('%d/%m/%Y')}.",
            ND106,
            "Điều 3",
        ),
        Citation(
            f"Vị trí chức danh nghề nghiệp chuyên ngành ({inp.specialised}) và chuyên môn dùng "
            f"chung ({inp.shared}): {professional}/{inp.total} = {share}%.",
            ND106,
            "Điều 5",
        ),
        Citation(
            f"Tối thiểu {minimum}% tổng số lượng người làm việc: ⌈{minimum}% × {inp.total}⌉ = "
            f"{required} người.",
            ND106,
            "Điều 3",
        ),
    ]
    if compliant:
        lines.append(
            Citation(f"{professional} ≥ {required}: đạt tỷ lệ tối thiểu.", ND106, "Điều 3")
        )
    else:
        lines.append(
            Citation(
                f"{professional} < {required}: chưa đạt, còn thiếu {shortfall} vị trí chức danh "
                "nghề nghiệp.",
                ND106,
                "Điều 3",
            )
        )
    return Result(
        share_percent=share,
        required_min=required,
        shortfall=shortfall,
        compliant=compliant,
        version=version.key,
        explanation=lines,
    )
