"""``level_ratio_check``: ND 232/2026 art 10 — viên chức per career level (DOMAIN.md §5.4)."""

import pytest

from tinhgon.rules import catalogue
from tinhgon.rules.base import RuleInputError


def run(**payload):
    payload.setdefault("as_of", "2026-07-01")
    payload.setdefault("autonomy_group", 3)
    return catalogue.run("level_ratio_check", payload)


def by_level(result):
    return {line["level"]: line for line in result["levels"]}


def test_issue_example_top_level_5_within_caps():
    # ND 232 art 10.2.a: top 5 → bậc 5 ≤ 30% (⌊0.3 × 20⌋ = 6), bậc 4 ≤ 40% (8).
    result = run(levels={"1": 3, "2": 5, "3": 6, "4": 4, "5": 2})
    lines = by_level(result)
    assert (lines[5]["cap_percent"], lines[5]["max_allowed"]) == (30, 6)
    assert (lines[4]["cap_percent"], lines[4]["max_allowed"]) == (40, 8)
    assert lines[3]["cap_percent"] is None
    assert result["compliant"] is True
    assert result["binding"] is True
    assert result["base"] == 20


def test_over_the_cap_counts_people_exactly():
    # ND 232 art 10.2.a: 10 people, bậc 5 ≤ ⌊3⌋ → 4 is 1 over; bậc 4 ≤ ⌊4⌋ → 5 is 1 over.
    result = run(levels={"3": 1, "4": 5, "5": 4})
    lines = by_level(result)
    assert (lines[5]["max_allowed"], lines[5]["over"], lines[5]["within"]) == (3, 1, False)
    assert (lines[4]["max_allowed"], lines[4]["over"]) == (4, 1)
    assert result["compliant"] is False


def test_floor_of_a_fractional_cap():
    # 30% of 13 = 3.9 → at most 3 people at bậc 5 (never round up a cap).
    result = run(levels={"3": 6, "4": 4, "5": 3}, quota=13)
    assert by_level(result)[5]["max_allowed"] == 3
    assert result["compliant"] is True
    result = run(levels={"3": 5, "4": 4, "5": 4}, quota=13)
    assert by_level(result)[5]["over"] == 1


def test_top_level_4():
    # ND 232 art 10.2.b: top 4 → bậc 4 ≤ 40%; 10 people → 4 allowed; 5 is 1 over.
    result = run(levels={"2": 2, "3": 3, "4": 5})
    lines = by_level(result)
    assert (lines[4]["cap_percent"], lines[4]["max_allowed"], lines[4]["over"]) == (40, 4, 1)
    assert lines[3]["cap_percent"] is None


def test_two_levels_upper_at_most_half():
    # ND 232 art 10.2.c: only two levels → upper ≤ 50%; 5 of 9 → ⌊4.5⌋ = 4 → 1 over.
    result = run(levels={"2": 4, "3": 5})
    lines = by_level(result)
    assert (lines[3]["cap_percent"], lines[3]["max_allowed"], lines[3]["over"]) == (50, 4, 1)
    assert lines[2]["cap_percent"] is None


def test_two_levels_with_top_5_setting():
    # Reading not confirmed (module SETTING): with levels 4 and 5 only, "special" applies art
    # 10.2.c alone (50%), "strictest" also applies art 10.2.a (bậc 5 ≤ 30%, bậc 4 ≤ 40%).
    special = by_level(run(levels={"4": 6, "5": 4}))
    assert (special[5]["cap_percent"], special[4]["cap_percent"]) == (50, None)
    strict = by_level(run(levels={"4": 6, "5": 4}, settings={"two_level_rule": "strictest"}))
    assert (strict[5]["cap_percent"], strict[5]["over"]) == (30, 1)
    assert (strict[4]["cap_percent"], strict[4]["over"]) == (40, 2)


def test_nearest_lower_level_used_when_bac_4_is_skipped():
    # ND 232 art 10.2.a: "bậc thấp hơn gần nhất với bậc 5" — here bậc 3, since bậc 4 is not used.
    lines = by_level(run(levels={"2": 3, "3": 4, "5": 3}))
    assert lines[3]["cap_percent"] == 40
    assert lines[2]["cap_percent"] is None


def test_single_level_is_not_capped():
    # ND 232 art 10.4: no ratio for a position with a single level.
    result = run(levels={"3": 12})
    assert by_level(result)[3]["cap_percent"] is None
    assert result["compliant"] is True
    assert result["explanation"][2]["clause"] == "khoản 4"


def test_quota_is_the_base_not_the_people_present():
    # ND 232 art 10.2: percent of the viên chức quota assigned to the position.
    result = run(levels={"4": 2, "5": 3}, quota=20, settings={"two_level_rule": "strictest"})
    assert result["base"] == 20
    assert by_level(result)[5]["max_allowed"] == 6


@pytest.mark.parametrize(("group", "binding"), [(1, False), (2, False), (3, True), (4, True)])
def test_groups_1_and_2_may_deviate(group, binding):
    # ND 232 art 10.3: groups 1 and 2 may set other ratios — report but not binding.
    result = run(levels={"3": 1, "4": 5, "5": 4}, autonomy_group=group)
    assert result["binding"] is binding
    assert result["compliant"] is False
    assert any(line["clause"] == "khoản 3" for line in result["explanation"]) is not binding


@pytest.mark.parametrize(("as_of", "ok"), [("2026-06-30", False), ("2026-07-01", True)])
def test_version_switch_30_06_2026_vs_01_07_2026(as_of, ok):
    # ND 232 art 16.1: in force from 01/07/2026.
    if ok:
        assert run(levels={"4": 1, "5": 1}, as_of=as_of)["version"] == "nd232_2026"
        return
    with pytest.raises(RuleInputError) as info:
        run(levels={"4": 1, "5": 1}, as_of=as_of)
    assert info.value.problems[0].path == "as_of"


@pytest.mark.parametrize(
    ("payload", "path"),
    [
        ({"levels": {}}, "levels"),
        ({"levels": {"6": 1}}, "levels.6"),
        ({"levels": {"5": -1}}, "levels.5"),
        ({"levels": {"5": 0, "4": 0}}, "levels"),
        ({"levels": {"5": 1}, "autonomy_group": 0}, "autonomy_group"),
        ({"levels": {"5": 1}, "quota": 0}, "quota"),
        ({"levels": {"5": 1}, "settings": {"two_level_rule": "x"}}, "settings.two_level_rule"),
        ({"levels": {"5": 1}, "settings": {"other": 1}}, "settings.other"),
    ],
)
def test_invalid_input_is_refused_naming_the_field(payload, path):
    with pytest.raises(RuleInputError) as info:
        run(**payload)
    assert info.value.problems[0].path == path
