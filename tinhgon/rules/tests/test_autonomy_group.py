"""Worked examples for ``autonomy_group``: DOMAIN.md §11.3 (DERIVED) and boundaries from ND 60/2021 art 9, 10."""

from decimal import Decimal
from typing import Any

import pytest

from tinhgon.rules import autonomy_group, catalogue
from tinhgon.rules.base import RuleInputError

BN = 1_000_000_000  # one billion đồng


def payload(
    a: Any, b: Any, *, investment: bool = False, revenue: bool = True, **extra: Any
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "revenue_vnd": a,
        "recurrent_expenditure_vnd": b,
        "investment_self_financed": investment,
        "has_service_revenue": revenue,
        "as_of": "2026-03-01",
    }
    data.update(extra)
    return data


def classify(a: Any, b: Any, **kw: Any) -> autonomy_group.Result:
    return autonomy_group.evaluate(autonomy_group.parse(payload(a, b, **kw)))


# DOMAIN.md §11.3 — the four worked examples.
@pytest.mark.parametrize(
    ("a", "b", "investment", "revenue", "ratio", "group", "band"),
    [
        # 10.5 / 10 bn with investment self-financed → 105%, group 1 (art 9 khoản 1).
        (10_500_000_000, 10 * BN, True, True, Decimal("105.00"), 1, None),
        # 10 / 10 bn, no investment → exactly 100%, group 2 (art 9 khoản 2, "≥100%" boundary).
        (10 * BN, 10 * BN, False, True, Decimal("100.00"), 2, None),
        # 7 / 10 bn → exactly 70%, group 3 band 70–<100 (art 9 khoản 3, lower bound included).
        (7 * BN, 10 * BN, False, True, Decimal("70.00"), 3, "70-100"),
        # 0 / 10 bn, no service revenue → group 4 (art 9 khoản 4).
        (0, 10 * BN, False, False, Decimal("0.00"), 4, None),
    ],
)
def test_domain_worked_examples(
    a: int, b: int, investment: bool, revenue: bool, ratio: Decimal, group: int, band: str | None
) -> None:
    result = classify(a, b, investment=investment, revenue=revenue)
    assert (result.ratio_percent, result.group, result.band) == (ratio, group, band)
    assert result.group_name.startswith(f"Nhóm {group} – ")


# Boundaries written from ND 60/2021 art 9 (groups and bands) and art 10 (A / B × 100).
@pytest.mark.parametrize(
    ("a", "b", "investment", "ratio", "group", "band"),
    [
        # Art 9 khoản 2/3: 99.99% is below 100% → group 3, band 70–<100, even with investment.
        (9_999, 10_000, True, "99.99", 3, "70-100"),
        # Art 9 khoản 1: exactly 100% with investment self-financed → group 1.
        (10_000, 10_000, True, "100", 1, None),
        # Art 9 khoản 3: 69.99% is below 70% → band 30–<70.
        (6_999, 10_000, False, "69.99", 3, "30-70"),
        # Art 9 khoản 3: exactly 70% → band 70–<100.
        (7_000, 10_000, False, "70", 3, "70-100"),
        # Art 9 khoản 3: 29.99% → band 10–<30.
        (2_999, 10_000, False, "29.99", 3, "10-30"),
        # Art 9 khoản 3: exactly 30% → band 30–<70.
        (3_000, 10_000, False, "30", 3, "30-70"),
        # Art 9 khoản 4: 9.99% is below 10% → group 4.
        (999, 10_000, False, "9.99", 4, None),
        # Art 9 khoản 3: exactly 10% → group 3, band 10–<30.
        (1_000, 10_000, False, "10", 3, "10-30"),
        # Art 9 khoản 3: 99.999% rounds to 100.00 for display but is still below 100% → group 3.
        (99_999, 100_000, False, "100.00", 3, "70-100"),
        # Art 9 khoản 4: 9.9999% rounds to 10.00 for display but is below 10% → group 4.
        (99_999, 1_000_000, False, "10.00", 4, None),
        # Art 10: 1/3 is not exactly representable; 33.33% → band 30–<70.
        (1, 3, False, "33.33", 3, "30-70"),
        # Art 10: 2/3 → 66.666…% rounds half up to 66.67 → band 30–<70.
        (2, 3, False, "66.67", 3, "30-70"),
        # Art 10: exactly representable 1/8 → 12.5% → band 10–<30.
        (1, 8, False, "12.5", 3, "10-30"),
        # Art 10: huge amounts (10^15 đồng) stay exact: 10^15 − 1 over 10^15 is below 100%.
        (10**15 - 1, 10**15, True, "100.00", 3, "70-100"),
        # Art 9 khoản 1: huge amounts, exactly 100% with investment → group 1.
        (10**15, 10**15, True, "100", 1, None),
        # Art 10: tiny B (1 đồng) with revenue of 1 đồng → 100%, group 2 without investment.
        (1, 1, False, "100", 2, None),
        # Art 10: tiny B, large A → 5,000,000% → group 1 with investment.
        (50_000, 1, True, "5000000", 1, None),
        # Art 9 khoản 4: zero revenue with service revenue declared → 0% → group 4.
        (0, 10_000, False, "0", 4, None),
    ],
)
def test_boundaries(
    a: int, b: int, investment: bool, ratio: str, group: int, band: str | None
) -> None:
    result = classify(a, b, investment=investment)
    assert result.ratio_percent == Decimal(ratio)
    assert (result.group, result.band) == (group, band)


def test_no_service_revenue_is_group_4_whatever_a() -> None:
    # Art 9 khoản 4: a unit without service revenue is group 4 even if A (wrongly) shows 150%.
    result = classify(15 * BN, 10 * BN, investment=True, revenue=False)
    assert (result.group, result.band) == (4, None)
    assert result.ratio_percent == Decimal("150.00")
    assert any("không có nguồn thu" in c.text for c in result.explanation)


def test_investment_flag_below_100_is_noted_not_used() -> None:
    # Art 9 khoản 1 needs ≥100% recurrent first; at 85% the investment flag changes nothing.
    result = classify(85, 100, investment=True)
    assert (result.group, result.band) == (3, "70-100")
    assert any(c.article == "Điều 9" and c.clause == "khoản 1" for c in result.explanation)


def test_every_explanation_line_cites_nd60() -> None:
    for a, b, revenue in [(105, 100, True), (50, 100, True), (5, 100, True), (0, 1, False)]:
        result = classify(a, b, revenue=revenue)
        assert result.explanation
        for line in result.explanation:
            assert line.decree == "Nghị định 60/2021/NĐ-CP"
            assert line.article in {"Điều 9", "Điều 10"}
        assert result.explanation[0].article == "Điều 10"


@pytest.mark.parametrize(
    ("a", "b", "group"),
    [
        # Art 10: money as strings of digits (as an Excel import sends them).
        ("10500000000", "10000000000", 1),
        # Art 10: integral floats are accepted as whole đồng.
        (7_000_000_000.0, 10_000_000_000.0, 3),
        # Surrounding spaces in a digit string are harmless.
        (" 100 ", "100", 1),
    ],
)
def test_money_forms_accepted(a: Any, b: Any, group: int) -> None:
    assert classify(a, b, investment=True).group == group


@pytest.mark.parametrize(
    ("data", "path"),
    [
        # Negative amounts.
        (payload(-1, 100), "revenue_vnd"),
        (payload(1, -100), "recurrent_expenditure_vnd"),
        (payload("-5", 100), "revenue_vnd"),
        # B = 0: art 10 cannot divide.
        (payload(1, 0), "recurrent_expenditure_vnd"),
        (payload(0, "0"), "recurrent_expenditure_vnd"),
        # Non-integer money.
        (payload(10.5, 100), "revenue_vnd"),
        (payload("10.5", 100), "revenue_vnd"),
        (payload("10,000", 100), "revenue_vnd"),
        (payload("mười", 100), "revenue_vnd"),
        (payload(True, 100), "revenue_vnd"),
        (payload([1], 100), "revenue_vnd"),
        (payload(1, float("nan")), "recurrent_expenditure_vnd"),
        # Flags must be booleans.
        (payload(1, 100, investment="yes"), "investment_self_financed"),  # type: ignore[arg-type]
        (payload(1, 100, revenue=1), "has_service_revenue"),  # type: ignore[arg-type]
        # Dates: malformed, and before ND 60/2021 took effect (15/08/2021).
        (payload(1, 100, as_of="15/08/2021"), "as_of"),
        (payload(1, 100, as_of="2021-08-14"), "as_of"),
    ],
)
def test_refused(data: dict[str, Any], path: str) -> None:
    with pytest.raises(RuleInputError) as err:
        autonomy_group.parse(data)
    assert [p.path for p in err.value.problems] == [path]


@pytest.mark.parametrize(
    "field",
    [
        "revenue_vnd",
        "recurrent_expenditure_vnd",
        "investment_self_financed",
        "has_service_revenue",
        "as_of",
    ],
)
def test_missing_field_refused(field: str) -> None:
    data = payload(1, 100)
    del data[field]
    with pytest.raises(RuleInputError) as err:
        autonomy_group.parse(data)
    assert err.value.problems[0].path == field


def test_before_nd60_message_names_the_decrees() -> None:
    with pytest.raises(RuleInputError) as err:
        autonomy_group.parse(payload(1, 100, as_of="2020-12-31"))
    message = err.value.problems[0].message
    assert "60/2021" in message and "15/08/2021" in message and "16/2015" in message


def test_first_day_of_nd60_accepted() -> None:
    result = autonomy_group.evaluate(autonomy_group.parse(payload(1, 100, as_of="2021-08-15")))
    assert result.rule_version.startswith("ND 60/2021")


def test_through_catalogue_json() -> None:
    data = catalogue.run("autonomy_group", payload(2, 3))
    assert data["ratio_percent"] == 66.67
    assert isinstance(data["ratio_percent"], float)
    assert (data["group"], data["band"]) == (3, "30-70")
    assert data["explanation"][0]["article"] == "Điều 10"
    whole = catalogue.run("autonomy_group", payload(10 * BN, 10 * BN))
    assert whole["ratio_percent"] == 100 and not isinstance(whole["ratio_percent"], str)
    assert whole["group"] == 2 and whole["band"] is None


def test_catalogue_refuses_with_path() -> None:
    with pytest.raises(RuleInputError) as err:
        catalogue.run("autonomy_group", payload(1, 0))
    assert err.value.problems[0].path == "recurrent_expenditure_vnd"
    assert "autonomy_group" in {r["name"] for r in catalogue.describe()}
