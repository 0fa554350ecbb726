"""Ratio of viên chức placed at each career level (bậc nghề nghiệp) of one job position.

Decree 232/2026/NĐ-CP (26/06/2026, in force 01/07/2026 — art 16.1), read in the project's crawl
(``diepxuan/diepxuan.github.io``, ``van-ban/hanh-chinh/nghi-dinh-232-2026-nd-cp-vi-tri-viec-lam-vien-chuc.md``):

* art 7.1: five career levels, bậc 1 (lowest) to bậc 5 (highest); a unit chooses which levels a
  position uses (art 9.1.b);
* art 10.1: the ratio counts managers and non-managers alike;
* art 10.2.a: top level used is 5 → level 5 ≤ 30% and the nearest lower level used ("bậc thấp hơn
  gần nhất với bậc 5", normally bậc 4) ≤ 40% of the viên chức quota assigned to the position; the
  remaining levels are set by the unit;
* art 10.2.b: top level used is 4 → level 4 ≤ 40%;
* art 10.2.c: only two levels used → the upper one ≤ 50%;
* art 10.3: units of autonomy group 1 or 2 (and public S&T organisations, or where sector law lets
  the unit decide its positions) may set other ratios → the caps are reported with
  ``binding: false``;
* art 10.4: no ratio for a position without levels or with a single level;
* art 10.5: a shortfall at one level cannot be moved to a lower level.

The base of the percentages is the quota of viên chức assigned to the position ("tổng số biên chế
viên chức được cấp có thẩm quyền giao cho vị trí việc làm đó"): give it as ``quota``; without it the
number of people entered is used. The most people allowed at a level is ⌊cap × base / 100⌋,
computed in integers; ``over`` is how many people exceed it.

SETTING (reading not confirmed): when a position uses exactly two levels and the upper one is 5 or
4, art 10.2.c (50%) and art 10.2.a/b (30% / 40%) both seem to apply. ``TWO_LEVEL_RULE`` = ``"special"``
(default) applies only the two-level rule, being the more specific one; ``"strictest"`` applies
both and keeps the lower cap. Override with ``{"settings": {"two_level_rule": "strictest"}}``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from tinhgon.rules.base import Citation, RuleInputError, parse_date
from tinhgon.rules.versions import (
    Version,
    in_force,
    read_choice,
    read_int,
    read_mapping,
    refuse_unknown_keys,
)

NAME = "level_ratio_check"
SUMMARY = (
    "Kiểm tra tỷ lệ viên chức bố trí theo bậc nghề nghiệp của một vị trí việc làm "
    "(Nghị định 232/2026/NĐ-CP Điều 10, từ 01/7/2026)."
)

ND232 = "Nghị định 232/2026/NĐ-CP"
LEVELS = (1, 2, 3, 4, 5)
TWO_LEVEL_RULE = "special"
TWO_LEVEL_RULES = ("special", "strictest")


@dataclass(frozen=True)
class Caps:
    top5_top: int = 30
    top5_next: int = 40
    top4_top: int = 40
    two_levels_upper: int = 50


VERSIONS: tuple[Version[Caps], ...] = (
    Version("nd232_2026", ND232, dt.date(2026, 7, 1), None, Caps()),
)

INPUT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["levels", "autonomy_group"],
    "properties": {
        "levels": {
            "type": "object",
            "title": "Số viên chức ở mỗi bậc được sử dụng (khóa “1”…“5”)",
            "additionalProperties": {"type": "integer", "minimum": 0},
            "examples": [{"1": 3, "2": 5, "3": 6, "4": 4, "5": 2}],
        },
        "quota": {
            "type": "integer",
            "minimum": 1,
            "title": "Biên chế viên chức được giao cho vị trí việc làm (mặc định: tổng số người)",
        },
        "autonomy_group": {"type": "integer", "minimum": 1, "maximum": 4, "title": "Nhóm tự chủ"},
        "as_of": {"type": "string", "format": "date", "title": "Ngày áp dụng"},
        "settings": {
            "type": "object",
            "properties": {"two_level_rule": {"type": "string", "enum": list(TWO_LEVEL_RULES)}},
        },
    },
}


@dataclass(frozen=True)
class Input:
    levels: dict[int, int]
    autonomy_group: int
    as_of: dt.date
    quota: int | None = None
    two_level_rule: str = TWO_LEVEL_RULE


@dataclass(frozen=True)
class LevelLine:
    level: int
    people: int
    cap_percent: int | None
    max_allowed: int | None
    over: int
    within: bool


@dataclass(frozen=True)
class Result:
    levels: list[LevelLine]
    base: int
    binding: bool
    compliant: bool
    version: str
    explanation: list[Citation]


def parse(payload: dict[str, Any]) -> Input:
    if not isinstance(payload, dict):
        raise RuleInputError.one("", "Dữ liệu vào phải là một đối tượng JSON.")
    raw = payload.get("levels")
    if not isinstance(raw, dict) or not raw:
        raise RuleInputError.one(
            "levels", 'Phải là một đối tượng JSON, ví dụ {"4": 2, "5": 1} (bậc: số viên chức).'
        )
    levels: dict[int, int] = {}
    for key, value in raw.items():
        level = int(key) if isinstance(key, str) and key.strip().isdigit() else None
        if level not in LEVELS:
            raise RuleInputError.one(f"levels.{key}", "Bậc nghề nghiệp phải từ 1 đến 5.")
        levels[level] = read_int(value, f"levels.{key}", minimum=0)
    group = read_int(payload.get("autonomy_group"), "autonomy_group", minimum=1, maximum=4)
    quota = None
    if payload.get("quota") is not None:
        quota = read_int(payload.get("quota"), "quota", minimum=1)
    elif sum(levels.values()) == 0:
        raise RuleInputError.one("levels", "Chưa có viên chức nào; hãy nhập cả biên chế (quota).")
    as_of = parse_date(payload.get("as_of"), "as_of")
    if as_of < VERSIONS[0].start:
        raise RuleInputError.one(
            "as_of",
            "Nghị định 232/2026/NĐ-CP (bậc nghề nghiệp) có hiệu lực từ 01/7/2026; trước ngày này "
            "áp dụng Nghị định 106/2020/NĐ-CP và hạng chức danh nghề nghiệp.",
        )
    settings = read_mapping(payload.get("settings"), "settings")
    refuse_unknown_keys(settings, ["two_level_rule"], "settings.")
    rule = TWO_LEVEL_RULE
    if settings.get("two_level_rule") is not None:
        rule = read_choice(settings["two_level_rule"], "settings.two_level_rule", TWO_LEVEL_RULES)
    return Input(
        levels=dict(sorted(levels.items())),
        autonomy_group=group,
        as_of=as_of,
        quota=quota,
        two_level_rule=rule,
    )


def _caps(inp: Input, caps: Caps) -> tuple[dict[int, int], list[Citation]]:
    """Cap in percent of each capped level, with the clause that sets it."""
    used = sorted(inp.levels)
    lines: list[Citation] = []
    out: dict[int, int] = {}
    if len(used) <= 1:
        lines.append(
            Citation(
                "Vị trí việc làm chỉ có một bậc: không áp dụng tỷ lệ theo bậc.",
                ND232,
                "Điều 10",
                "khoản 4",
            )
        )
        return out, lines
    top = used[-1]
    general: dict[int, tuple[int, str]] = {}
    if top == 5:
        general[5] = (caps.top5_top, "điểm a")
        general[used[-2]] = (caps.top5_next, "điểm a")
    elif top == 4:
        general[4] = (caps.top4_top, "điểm b")
    two = len(used) == 2
    if two:
        out[top] = caps.two_levels_upper
        lines.append(
            Citation(
                f"Chỉ sử dụng 2 bậc: bậc {top} (bậc cao hơn) không quá {caps.two_levels_upper}%.",
                ND232,
                "Điều 10",
                "khoản 2 điểm c",
            )
        )
        if general and inp.two_level_rule == "special":
            lines.append(
                Citation(
                    "Cách hiểu đang dùng (settings.two_level_rule = “special”): khi chỉ có 2 bậc, "
                    "chỉ áp dụng điểm c, không áp dụng thêm điểm a/b.",
                    ND232,
                    "Điều 10",
                    "khoản 2",
                )
            )
            return out, lines
    for level, (percent, point) in sorted(general.items(), reverse=True):
        if level in out and out[level] <= percent:
            continue
        out[level] = percent
        lines.append(
            Citation(
                f"Bậc sử dụng cao nhất là bậc {top}: bậc {level} không quá {percent}%.",
                ND232,
                "Điều 10",
                f"khoản 2 {point}",
            )
        )
    if two and general:
        lines.append(
            Citation(
                "Cách hiểu đang dùng (settings.two_level_rule = “strictest”): áp dụng cả điểm c và "
                "điểm a/b, lấy mức thấp hơn.",
                ND232,
                "Điều 10",
                "khoản 2",
            )
        )
    if not out:
        lines.append(
            Citation(
                f"Bậc sử dụng cao nhất là bậc {top}: Nghị định không quy định tỷ lệ tối đa; đơn vị "
                "tự xác định tỷ lệ các bậc.",
                ND232,
                "Điều 10",
                "khoản 2",
            )
        )
    return out, lines


def evaluate(inp: Input) -> Result:
    version = in_force(VERSIONS, inp.as_of)
    if version is None:  # pragma: no cover - parse refuses dates before ND 232
        raise RuleInputError.one("as_of", "Không có phiên bản quy định áp dụng cho ngày này.")
    people = sum(inp.levels.values())
    base = inp.quota if inp.quota is not None else people
    binding = inp.autonomy_group in (3, 4)
    lines = [
        Citation(
            f"Áp dụng {ND232} (hiệu lực {version.period}) cho ngày "
            f"{inp.as_of.strftime('%d/%m/%Y')}.",
            ND232,
            "Điều 16",
            "khoản 1",
        ),
        Citation(
            "Tỷ lệ tính trên "
            + (
                f"biên chế viên chức được giao cho vị trí việc làm: {base}"
                if inp.quota is not None
                else f"tổng số viên chức đã nhập (chưa nhập biên chế được giao): {base}"
            )
            + "; tính cả viên chức quản lý và viên chức không giữ chức vụ quản lý.",
            ND232,
            "Điều 10",
            "khoản 1, khoản 2",
        ),
    ]
    caps, cap_lines = _caps(inp, version.data)
    lines.extend(cap_lines)
    result_lines: list[LevelLine] = []
    for level, count in sorted(inp.levels.items(), reverse=True):
        percent = caps.get(level)
        if percent is None:
            result_lines.append(LevelLine(level, count, None, None, 0, True))
            continue
        allowed = percent * base // 100
        over = max(0, count - allowed)
        result_lines.append(LevelLine(level, count, percent, allowed, over, over == 0))
        verdict = "trong giới hạn" if over == 0 else f"vượt {over} người"
        lines.append(
            Citation(
                f"Bậc {level}: {count} người; tối đa ⌊{percent}% × {base}⌋ = {allowed}: {verdict}.",
                ND232,
                "Điều 10",
                "khoản 2",
            )
        )
    if not binding:
        lines.append(
            Citation(
                f"Đơn vị nhóm {inp.autonomy_group} được quyết định tỷ lệ khác với khoản 2 phù hợp yêu "
                "cầu hoạt động và khả năng tài chính: kết quả chỉ để tham khảo (binding = false).",
                ND232,
                "Điều 10",
                "khoản 3",
            )
        )
    if caps:
        lines.append(
            Citation(
                "Số còn thiếu ở một bậc không được cộng vào bậc thấp hơn.",
                ND232,
                "Điều 10",
                "khoản 5",
            )
        )
    return Result(
        levels=result_lines,
        base=base,
        binding=binding,
        compliant=all(line.within for line in result_lines),
        version=version.key,
        explanation=lines,
    )
