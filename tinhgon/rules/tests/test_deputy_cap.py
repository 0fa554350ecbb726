"""``deputy_cap``: ND 120/2020 art 6 as amended by ND 83/2024 (DOMAIN.md §3.4 and §11.4)."""

import pytest

from tinhgon.rules import catalogue, deputy_cap
from tinhgon.rules.base import RuleInputError

IN_83 = "2025-01-15"  # inside the ND 83/2024 text (01/09/2024 – 31/10/2025), CONFIRMED numbers


def run(**payload):
    payload.setdefault("as_of", IN_83)
    return catalogue.run("deputy_cap", payload)


@pytest.mark.parametrize(
    ("payload", "allowed", "max_deputies"),
    [
        # DOMAIN §11.4: centre directly under UBND tỉnh (4a), group 4, 18 viên chức → 2.
        ({"unit_type": "prov_direct", "autonomy_group": 4, "vien_chuc_count": 18}, True, 2),
        # DOMAIN §11.4: centre under a sở (4b), group 3, 60 viên chức → 2 (size does not matter).
        ({"unit_type": "dept", "autonomy_group": 3, "vien_chuc_count": 60}, True, 2),
        # DOMAIN §11.4: phòng in a group-3/4 unit with 8 viên chức → 1.
        (
            {
                "unit_type": "dept",
                "autonomy_group": 3,
                "vien_chuc_count": 8,
                "is_internal_division": True,
            },
            True,
            1,
        ),
    ],
)
def test_domain_worked_examples(payload, allowed, max_deputies):
    result = run(**payload)
    assert (result["allowed"], result["max_deputies"]) == (allowed, max_deputies)
    assert result["version"] == "nd83_2024"
    assert result["version_verified"] is True


@pytest.mark.parametrize(
    ("count", "expected"),
    # ND 120 art 6.2 (ND 83/2024), 4a group 3/4: ≤ 2 with ≤ 20 viên chức, ≤ 3 with more than 20.
    [(20, 2), (21, 3)],
)
def test_prov_direct_threshold_20_vs_21(count, expected):
    result = run(unit_type="prov_direct", autonomy_group=3, vien_chuc_count=count)
    assert result["max_deputies"] == expected


@pytest.mark.parametrize(
    ("classes", "expected"),
    # ND 120 art 6.2 (ND 83/2024): multi-level general school with ≥ 40 classes → ≤ 3, else ≤ 2.
    [(39, 2), (40, 3)],
)
def test_multi_level_school_39_vs_40_classes(classes, expected):
    # In 01/2025 such a school was under UBND huyện; from 01/07/2025 under UBND xã.
    for unit_type, as_of in (("district", IN_83), ("commune", "2025-09-01")):
        result = run(
            unit_type=unit_type,
            autonomy_group=4,
            vien_chuc_count=70,
            special="multi_level_school",
            classes=classes,
            as_of=as_of,
        )
        assert result["max_deputies"] == expected


@pytest.mark.parametrize("special", ["hospital_rank_1", "cdc_rank_1"])
def test_hospital_and_cdc_of_rank_one_get_three(special):
    # ND 120 art 6.2 (ND 83/2024): hospital hạng I+, provincial CDC hạng I+ under a sở → ≤ 3.
    assert (
        run(unit_type="dept", autonomy_group=3, vien_chuc_count=15, special=special)["max_deputies"]
        == 3
    )


def test_special_does_not_change_a_unit_directly_under_the_province():
    # ND 120 art 6.2: the 4a row counts viên chức only; the special row is for 4b–4d and 5.
    result = run(
        unit_type="prov_direct", autonomy_group=3, vien_chuc_count=10, special="cdc_rank_1"
    )
    assert result["max_deputies"] == 2


@pytest.mark.parametrize(
    ("count", "allowed", "expected"),
    # ND 120 art 6.1 and 6.3 (ND 83/2024), group 3/4 phòng: < 7 not allowed; 7–9 → 1; ≥ 10 → ≤ 2.
    [(6, False, None), (7, True, 1), (9, True, 1), (10, True, 2)],
)
def test_division_in_group_3_4_boundaries_6_7_9_10(count, allowed, expected):
    result = run(
        unit_type="dept", autonomy_group=4, vien_chuc_count=count, is_internal_division=True
    )
    assert (result["allowed"], result["max_deputies"]) == (allowed, expected)


@pytest.mark.parametrize(
    ("count", "allowed", "expected"),
    # ND 120 art 6.1 and 6.3 (ND 83/2024), group 2 phòng: needs ≥ 7 viên chức; ≤ 2 deputies.
    [(6, False, None), (7, True, 2), (30, True, 2)],
)
def test_division_in_group_2(count, allowed, expected):
    result = run(
        unit_type="prov_direct", autonomy_group=2, vien_chuc_count=count, is_internal_division=True
    )
    assert (result["allowed"], result["max_deputies"]) == (allowed, expected)


def test_group_1_decides_by_its_scheme():
    # ND 120 art 6.2 and 6.3: group 1 by its establishment/autonomy scheme — no number.
    unit = run(unit_type="dept", autonomy_group=1, vien_chuc_count=5)
    division = run(unit_type="dept", autonomy_group=1, vien_chuc_count=3, is_internal_division=True)
    assert (unit["allowed"], unit["max_deputies"]) == (True, None)
    assert (division["allowed"], division["max_deputies"]) == (True, None)
    assert "đề án" in unit["explanation"][-1]["text"]


def test_group_2_unit_three_deputies():
    # ND 120 art 6.2 (ND 83/2024): group 2, outside a ministry's structure → ≤ 3.
    assert run(unit_type="subdept", autonomy_group=2, vien_chuc_count=12)["max_deputies"] == 3


@pytest.mark.parametrize(
    ("as_of", "version", "verified"),
    [
        # DOMAIN "Read this first": ND 120 2020 text until 31/08/2024, ND 83/2024 from 01/09/2024,
        # ND 283/2025 from 01/11/2025.
        ("2024-08-31", "nd120_2020", False),
        ("2024-09-01", "nd83_2024", True),
        ("2025-10-31", "nd83_2024", True),
        ("2025-11-01", "nd283_2025", False),
    ],
)
def test_version_switch_dates(as_of, version, verified):
    result = run(unit_type="dept", autonomy_group=3, vien_chuc_count=30, as_of=as_of)
    assert result["version"] == version
    assert result["version_verified"] is verified
    assert version in result["explanation"][0]["text"]
    unverified = any("CHƯA KIỂM CHỨNG" in line["text"] for line in result["explanation"])
    assert unverified is not verified
    # Unverified versions default to the ND 83/2024 numbers (DOMAIN §3.4).
    assert result["max_deputies"] == 2


def test_settings_replace_the_numbers_of_one_version_only():
    settings = {"nd283_2025": {"g34_lower": 1}}
    after = run(
        unit_type="dept",
        autonomy_group=3,
        vien_chuc_count=30,
        as_of="2025-11-01",
        settings=settings,
    )
    before = run(
        unit_type="dept",
        autonomy_group=3,
        vien_chuc_count=30,
        as_of="2025-10-31",
        settings=settings,
    )
    assert (after["max_deputies"], before["max_deputies"]) == (1, 2)
    assert any("settings" in line["text"] for line in after["explanation"])


def test_district_units_end_on_30_06_2025_and_commune_units_start_on_01_07_2025():
    # DOMAIN §3.1 / §3.4: district level abolished from 01/07/2025; units under UBND xã from then.
    base = {"autonomy_group": 4, "vien_chuc_count": 20}
    assert run(unit_type="district", as_of="2025-06-30", **base)["max_deputies"] == 2
    assert run(unit_type="commune", as_of="2025-07-01", **base)["max_deputies"] == 2
    with pytest.raises(RuleInputError) as info:
        run(unit_type="district", as_of="2025-07-01", **base)
    assert info.value.problems[0].path == "unit_type"
    assert "30/6/2025" in info.value.problems[0].message
    with pytest.raises(RuleInputError) as info:
        run(unit_type="commune", as_of="2025-06-30", **base)
    assert info.value.problems[0].path == "unit_type"


@pytest.mark.parametrize(
    ("payload", "path"),
    [
        ({"unit_type": "ministry", "autonomy_group": 3, "vien_chuc_count": 5}, "unit_type"),
        ({"unit_type": "dept", "autonomy_group": 5, "vien_chuc_count": 5}, "autonomy_group"),
        ({"unit_type": "dept", "autonomy_group": True, "vien_chuc_count": 5}, "autonomy_group"),
        ({"unit_type": "dept", "autonomy_group": 3, "vien_chuc_count": -1}, "vien_chuc_count"),
        ({"unit_type": "dept", "autonomy_group": 3, "vien_chuc_count": 2.5}, "vien_chuc_count"),
        (
            {"unit_type": "dept", "autonomy_group": 3, "vien_chuc_count": 5, "special": "x"},
            "special",
        ),
        (
            {
                "unit_type": "dept",
                "autonomy_group": 3,
                "vien_chuc_count": 5,
                "special": "multi_level_school",
            },
            "classes",
        ),
        (
            {"unit_type": "dept", "autonomy_group": 3, "vien_chuc_count": 5, "classes": 45},
            "classes",
        ),
        (
            {"unit_type": "dept", "autonomy_group": 3, "vien_chuc_count": 5, "as_of": "2020-11-07"},
            "as_of",
        ),
        (
            {"unit_type": "dept", "autonomy_group": 3, "vien_chuc_count": 5, "as_of": "01/01/2025"},
            "as_of",
        ),
        (
            {
                "unit_type": "dept",
                "autonomy_group": 3,
                "vien_chuc_count": 5,
                "settings": {"nd83_2024": {"g34_lowr": 3}},
            },
            "settings.nd83_2024.g34_lowr",
        ),
    ],
)
def test_invalid_input_is_refused_naming_the_field(payload, path):
    payload.setdefault("as_of", IN_83)
    with pytest.raises(RuleInputError) as info:
        catalogue.run("deputy_cap", payload)
    assert info.value.problems[0].path == path
    assert info.value.problems[0].message


def test_versions_table_is_contiguous():
    for earlier, later in zip(deputy_cap.VERSIONS, deputy_cap.VERSIONS[1:], strict=False):
        assert earlier.end is not None
        assert (later.start - earlier.end).days == 1
