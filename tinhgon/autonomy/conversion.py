"""Joint-stock conversion candidates (Plan 56 item II.3): criteria as data, shown per unit.

DOMAIN.md §11b: the criteria are those of ND 150/2020/NĐ-CP and the Prime Minister's list of sectors
(QĐ 26/2021/QĐ-TTg, **to verify**) — "not simply: not schools or hospitals". Neither text has been
read for this code, so every criterion below carries ``verified=False`` and its source as DOMAIN.md
states it; the sector list is a setting to be replaced by the verified list. A criterion that the
registry cannot decide (state capital after revaluation, the unit's own proposal) is shown as
"chưa có dữ liệu", never as met.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tinhgon.organizations.choices import Sector

# [UNVERIFIED] sectors taken to be on the Prime Minister's list (QĐ 26/2021/QĐ-TTg, to verify).
LISTED_SECTORS: frozenset[str] = frozenset(
    {
        Sector.ECONOMIC_OTHER,
        Sector.SCIENCE_TECHNOLOGY,
        Sector.CONSTRUCTION_TRANSPORT,
        Sector.AGRICULTURE_ENVIRONMENT,
        Sector.CULTURE_SPORT_TOURISM,
    }
)


@dataclass(frozen=True)
class Criterion:
    code: str
    text: str
    source: str
    verified: bool


CRITERIA: tuple[Criterion, ...] = (
    Criterion(
        "self_financing",
        "Đơn vị tự bảo đảm chi thường xuyên và chi đầu tư hoặc tự bảo đảm chi thường xuyên (nhóm 1, 2)",
        "Nghị định 150/2020/NĐ-CP (chưa đối chiếu văn bản gốc)",
        False,
    ),
    Criterion(
        "listed_sector",
        "Thuộc ngành, lĩnh vực trong danh mục chuyển đổi thành công ty cổ phần",
        "Quyết định 26/2021/QĐ-TTg (cần kiểm tra lại)",
        False,
    ),
    Criterion(
        "not_basic_service",
        "Không phải đơn vị cung cấp dịch vụ sự nghiệp công cơ bản, thiết yếu (trường học, bệnh viện công)",
        "Nghị định 150/2020/NĐ-CP (chưa đối chiếu văn bản gốc)",
        False,
    ),
    Criterion(
        "state_capital",
        "Giá trị thực tế phần vốn nhà nước sau khi xác định lại đủ điều kiện cổ phần hóa",
        "Nghị định 150/2020/NĐ-CP (chưa đối chiếu văn bản gốc)",
        False,
    ),
)

MET, NOT_MET, UNKNOWN = "met", "not_met", "unknown"
STATUS_LABELS = {MET: "Đạt", NOT_MET: "Không đạt", UNKNOWN: "Chưa có dữ liệu"}


@dataclass(frozen=True)
class CriterionResult:
    criterion: Criterion
    status: str

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass(frozen=True)
class Candidacy:
    results: tuple[CriterionResult, ...]

    @property
    def candidate(self) -> bool:
        """No criterion known to fail (unknown ones still need checking)."""
        return all(r.status != NOT_MET for r in self.results)


def evaluate(state: Any) -> Candidacy:
    """The criteria for one ``OrganizationState`` (kind, sector, autonomy group)."""
    group = state.autonomy_group
    statuses = {
        "self_financing": UNKNOWN if group is None else (MET if group in (1, 2) else NOT_MET),
        "listed_sector": MET if state.sector in LISTED_SECTORS else NOT_MET,
        "not_basic_service": NOT_MET if state.kind in ("school", "hospital") else MET,
        "state_capital": UNKNOWN,
    }
    return Candidacy(tuple(CriterionResult(c, statuses[c.code]) for c in CRITERIA))
