"""Worked cases for ``autonomy_upgrade_quota``, each written from ND 60/2021 art 35 (DOMAIN.md §4.3)."""

from decimal import Decimal
from typing import Any

import pytest

from tinhgon.rules import autonomy_upgrade_quota as quota
from tinhgon.rules import catalogue
from tinhgon.rules.base import RuleInputError


def payload(counts: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "band_counts": counts if counts is not None else {"70-100": 0, "30-70": 0, "10-30": 0},
        "period_start_year": 2021,
        "as_of": "2026-01-15",
    }
    data.update(extra)
    return data


def run(data: dict[str, Any]) -> quota.Result:
    return quota.evaluate(quota.parse(data))


def band(result: quota.Result, code: str) -> quota.BandQuota:
    return next(b for b in result.bands if b.band == code)


@pytest.mark.parametrize(
    ("units", "ceil", "half_up", "floor"),
    [
        # Art 35: no units in the band → no duty under any rounding.
        (0, 0, 0, 0),
        # Art 35 "ít nhất 30%": 1 unit → 0.3 → ceil 1 (half-up 0, floor 0).
        (1, 1, 0, 0),
        # Art 35: 10 units → exactly 3.
        (10, 3, 3, 3),
        # Art 35: 7 units → 2.1 → ceil 3 (half-up 2, floor 2).
        (7, 3, 2, 2),
        # Art 35: 5 units → 1.5 → ceil 2, half-up 2, floor 1.
        (5, 2, 2, 1),
        # Art 35: 20 units → exactly 6.
        (20, 6, 6, 6),
        # Art 35: 3 units → 0.9 → ceil 1, half-up 1, floor 0.
        (3, 1, 1, 0),
    ],
)
def test_thirty_percent_rounding(units: int, ceil: int, half_up: int, floor: int) -> None:
    for rounding, expected in (("ceil", ceil), ("round_half_up", half_up), ("floor", floor)):
        result = run(payload({"70-100": units}, settings={"rounding": rounding}))
        assert band(result, "70-100").required_upgrades == expected, rounding
        assert result.settings["rounding"] == rounding


def test_default_rounding_is_ceil() -> None:
    # Art 35 "ít nhất 30%": the default reads the share as a floor, so 7 units → 3.
    result = run(payload({"70-100": 7}))
    assert result.settings == {"rounding": "ceil", "support_cut_method": "linear"}
    assert band(result, "70-100").required_upgrades == 3
    assert band(result, "70-100").exact_share == Decimal("2.1")


def test_targets_one_band_up() -> None:
    # Art 35: 70–<100 → group 2; 30–<70 → 70–<100; 10–<30 → 30–<70.
    result = run(payload({"70-100": 10, "30-70": 7, "10-30": 1}))
    assert [(b.band, b.target_group, b.target_band, b.required_upgrades) for b in result.bands] == [
        ("70-100", 2, None, 3),
        ("30-70", 3, "70-100", 3),
        ("10-30", 3, "30-70", 1),
    ]
    assert result.total_eligible == 18
    assert result.total_required_upgrades == 7
    assert band(result, "70-100").target_name.startswith("Nhóm 2 – ")


def test_exclusions_of_basic_units_without_revenue() -> None:
    # Art 35 excepts basic/essential units without revenue: 10 units, 3 excluded → 7 → ceil 2.1 = 3.
    result = run(payload({"30-70": 10}, excluded_basic_units={"30-70": 3}))
    b = band(result, "30-70")
    assert (b.units, b.excluded, b.eligible, b.required_upgrades) == (10, 3, 7, 3)
    assert any("không có nguồn thu" in c.text for c in result.explanation)


def test_all_units_excluded_means_no_duty() -> None:
    # Art 35: a band made only of excluded basic units has nothing to upgrade.
    result = run(payload({"10-30": 4}, excluded_basic_units={"10-30": 4}))
    assert band(result, "10-30").required_upgrades == 0


def test_missing_band_counts_zero() -> None:
    result = run(payload({"30-70": 2}))
    assert band(result, "70-100").units == 0 and band(result, "10-30").units == 0
    assert band(result, "30-70").required_upgrades == 1


def test_support_schedule_linear_default() -> None:
    # Art 35 "giảm tối thiểu 2,5%/năm", linear reading: year k ≤ S × (1 − 2.5% × k).
    result = run(payload(budget_support_vnd=10_000_000_000))
    assert [s.year for s in result.support_schedule] == [2026, 2027, 2028, 2029, 2030]
    assert [s.max_support_vnd for s in result.support_schedule] == [
        9_750_000_000,
        9_500_000_000,
        9_250_000_000,
        9_000_000_000,
        8_750_000_000,
    ]
    assert [s.min_cut_percent for s in result.support_schedule] == [
        Decimal(x) for x in ("2.5", "5", "7.5", "10", "12.5")
    ]
    assert result.support_schedule[-1].min_cut_vnd == 1_250_000_000


def test_support_schedule_compound_setting() -> None:
    # Art 35, compound reading: year k ≤ S × 0.975^k, each year 2.5% below the year before.
    result = run(
        payload(budget_support_vnd=10_000_000_000, settings={"support_cut_method": "compound"})
    )
    assert [s.max_support_vnd for s in result.support_schedule] == [
        9_750_000_000,
        9_506_250_000,
        9_268_593_750,
        9_036_878_906,  # 9,036,878,906.25 rounded half up to the đồng
        8_810_956_934,  # 8,810,956,933.59375
    ]
    assert result.support_schedule[1].min_cut_percent == Decimal("4.9375")


def test_linear_ceiling_never_above_compound() -> None:
    # Art 35: the default (linear) meets "at least 2.5%/year" under either reading.
    linear = run(payload(budget_support_vnd=123_456_789_012))
    compound = run(
        payload(budget_support_vnd=123_456_789_012, settings={"support_cut_method": "compound"})
    )
    for lin, comp in zip(linear.support_schedule, compound.support_schedule, strict=True):
        assert lin.max_support_vnd <= comp.max_support_vnd


def test_huge_support_exact() -> None:
    # Art 35 with 10^15 đồng: the compound ceiling is computed without losing digits.
    result = run(payload(budget_support_vnd=10**15, settings={"support_cut_method": "compound"}))
    assert result.support_schedule[-1].max_support_vnd == 881_095_693_359_375  # 10^15 × 0.975^5


def test_no_support_given_no_schedule() -> None:
    result = run(payload({"70-100": 3}))
    assert result.support_schedule == [] and result.budget_support_vnd is None


def test_forecast_note_before_period_ends() -> None:
    # Art 35 applies at the end of the period; before that the result is only a forecast.
    early = run(payload(as_of="2024-06-30"))
    assert any("dự kiến" in c.text for c in early.explanation)
    late = run(payload(as_of="2026-01-01"))
    assert not any("dự kiến" in c.text for c in late.explanation)


def test_explanation_cites_art_35() -> None:
    result = run(payload({"70-100": 7, "30-70": 1}, budget_support_vnd=1_000))
    assert result.explanation
    for line in result.explanation:
        assert (line.decree, line.article) == ("Nghị định 60/2021/NĐ-CP", "Điều 35")


@pytest.mark.parametrize(
    ("data", "path"),
    [
        (payload({"70-100": -1}), "band_counts.70-100"),
        (payload({"70-100": 1.5}), "band_counts.70-100"),
        (payload({"70-100": True}), "band_counts.70-100"),
        (payload({"90-100": 1}), "band_counts.90-100"),
        ({"period_start_year": 2021, "as_of": "2026-01-01"}, "band_counts"),
        (payload(band_counts=[1, 2, 3]), "band_counts"),
        (payload({"30-70": 2}, excluded_basic_units={"30-70": 3}), "excluded_basic_units.30-70"),
        (payload(budget_support_vnd=-1), "budget_support_vnd"),
        (payload(budget_support_vnd=10.5), "budget_support_vnd"),
        (payload(period_start_year=2016), "period_start_year"),
        (payload(period_start_year="2021"), "period_start_year"),
        (payload(period_start_year=None), "period_start_year"),
        (payload(as_of="2021-08-14"), "as_of"),
        (payload(as_of=None), "as_of"),
        (payload(settings={"rounding": "up"}), "settings.rounding"),
        (payload(settings={"support_cut_method": "average"}), "settings.support_cut_method"),
        (payload(settings={"share": 25}), "settings.share"),
        (payload(settings="ceil"), "settings"),
    ],
)
def test_refused(data: dict[str, Any], path: str) -> None:
    with pytest.raises(RuleInputError) as err:
        quota.parse(data)
    assert [p.path for p in err.value.problems] == [path]


def test_through_catalogue_json() -> None:
    data = catalogue.run(
        "autonomy_upgrade_quota",
        payload({"70-100": 7, "30-70": 10, "10-30": 1}, budget_support_vnd="2000000000"),
    )
    assert [b["required_upgrades"] for b in data["bands"]] == [3, 3, 1]
    assert data["bands"][0]["exact_share"] == 2.1
    assert data["support_schedule"][0] == {
        "year": 2026,
        "year_index": 1,
        "min_cut_percent": 2.5,
        "min_cut_vnd": 50_000_000,
        "max_support_vnd": 1_950_000_000,
    }
    assert data["settings"] == {"rounding": "ceil", "support_cut_method": "linear"}
    assert data["explanation"][0]["article"] == "Điều 35"
    assert "autonomy_upgrade_quota" in {r["name"] for r in catalogue.describe()}
