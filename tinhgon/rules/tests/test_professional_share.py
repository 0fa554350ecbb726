"""``professional_share``: ND 106/2020 art 3 — professional positions ≥ 65% (DOMAIN.md §5.1, §11.5)."""

import pytest

from tinhgon.rules import catalogue
from tinhgon.rules.base import RuleInputError


def run(**payload):
    payload.setdefault("as_of", "2025-06-01")
    return catalogue.run("professional_share", payload)


def test_domain_worked_example():
    # DOMAIN §11.5: 40 people, 20 specialised + 4 shared → 60% < 65%, needs ≥ 26, shortfall 2.
    result = run(total=40, specialised=20, shared=4)
    assert result["share_percent"] == 60
    assert result["required_min"] == 26
    assert result["shortfall"] == 2
    assert result["compliant"] is False
    assert result["explanation"][0]["decree"] == "Nghị định 106/2020/NĐ-CP"


@pytest.mark.parametrize(
    ("professional", "compliant", "share"),
    # ND 106 art 3: ≥ 65%. 649/1000 = 64.9% fails, 650/1000 = 65% passes — no rounding up.
    [(649, False, 64.9), (650, True, 65)],
)
def test_boundary_64_9_vs_65_percent(professional, compliant, share):
    result = run(total=1000, specialised=professional, shared=0)
    assert result["compliant"] is compliant
    assert result["share_percent"] == share
    assert result["required_min"] == 650
    assert result["shortfall"] == (0 if compliant else 1)


@pytest.mark.parametrize(
    ("total", "required"),
    # ⌈0.65 × total⌉ exactly: 20 → 13 (exact), 21 → 13.65 → 14, 3 → 1.95 → 2, 100 → 65.
    [(20, 13), (21, 14), (3, 2), (100, 65)],
)
def test_required_minimum_is_the_exact_ceiling(total, required):
    result = run(total=total, specialised=required, shared=0)
    assert result["required_min"] == required
    assert result["compliant"] is True
    below = run(total=total, specialised=required - 1, shared=0)
    assert below["compliant"] is False
    assert below["shortfall"] == 1


def test_shared_professional_positions_count_too():
    # ND 106 art 3 and art 5: specialised + shared professional titles both count.
    assert run(total=20, specialised=5, shared=8)["compliant"] is True


@pytest.mark.parametrize(
    ("as_of", "ok"),
    # ND 232/2026 art 16 (in force 01/07/2026) ends ND 106's job-position rules; no 65% rule.
    [("2026-06-30", True), ("2026-07-01", False), ("2020-11-15", True), ("2020-11-14", False)],
)
def test_version_switch_30_06_2026_vs_01_07_2026(as_of, ok):
    if ok:
        assert run(total=10, specialised=7, shared=0, as_of=as_of)["compliant"] is True
        return
    with pytest.raises(RuleInputError) as info:
        run(total=10, specialised=7, shared=0, as_of=as_of)
    assert info.value.problems[0].path == "as_of"
    if as_of == "2026-07-01":
        assert "232/2026" in info.value.problems[0].message


@pytest.mark.parametrize(
    ("payload", "path"),
    [
        ({"total": 0, "specialised": 0, "shared": 0}, "total"),
        ({"total": 10, "specialised": -1, "shared": 0}, "specialised"),
        ({"total": 10, "specialised": 6, "shared": 5}, "shared"),
        ({"total": "10", "specialised": 6, "shared": 0}, "total"),
        ({"total": 10, "specialised": 6}, "shared"),
    ],
)
def test_invalid_input_is_refused_naming_the_field(payload, path):
    with pytest.raises(RuleInputError) as info:
        run(**payload)
    assert info.value.problems[0].path == path
