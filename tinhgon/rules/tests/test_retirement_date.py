"""``retirement_date``: ND 135/2020 Annexes I and II via the algorithm of DOMAIN.md §6.0."""

import pytest

from tinhgon.rules import catalogue, retirement_date
from tinhgon.rules.base import RuleInputError


def run(**payload):
    payload.setdefault("as_of", "2025-01-01")
    payload.setdefault("annex", "I")
    return catalogue.run("retirement_date", payload)


def test_domain_worked_example_female_born_03_1970():
    # DOMAIN §11.1: female born 03/1970, Annex I → pension from 08/2027 (retires 07/2027, 57y4m).
    result = run(sex="F", birth_date="1970-03-20")
    assert result["retirement_month"] == "2027-07"
    assert result["pension_from"] == "2027-08-01"
    assert result["age"] == {"years": 57, "months": 4}
    assert result["version"] == "nd135_2020"


@pytest.mark.parametrize(
    ("sex", "annex", "birth", "age", "month"),
    [
        # DOMAIN §6.0 (ND 135 Annex I): men 60y3m in 2021 — born 01/1961 → 04/2021.
        ("M", "I", "1961-01-05", (60, 3), "2021-04"),
        # Annex I men: last cell below 62 — born 03/1966 → 61y9m in 2027 → 12/2027.
        ("M", "I", "1966-03-01", (61, 9), "2027-12"),
        # Annex I men: from born 04/1966 the final 62 years → 04/2028.
        ("M", "I", "1966-04-01", (62, 0), "2028-04"),
        # Annex I women: 55y4m in 2021 — born 01/1966 → 05/2021.
        ("F", "I", "1966-01-31", (55, 4), "2021-05"),
        # Annex I women: born 04/1975 → 59y8m in 2034 → 12/2034.
        ("F", "I", "1975-04-01", (59, 8), "2034-12"),
        # Annex I women: from born 05/1975 the final 60 years → 05/2035.
        ("F", "I", "1975-05-01", (60, 0), "2035-05"),
        # Annex II men: five years lower; from born 04/1971 the final 57 years → 04/2028.
        ("M", "II", "1971-04-01", (57, 0), "2028-04"),
        # Annex II men: born 03/1971 → 56y9m in 2027 → 12/2027.
        ("M", "II", "1971-03-01", (56, 9), "2027-12"),
        # Annex II women: from born 05/1980 the final 55 years → 05/2035.
        ("F", "II", "1980-05-01", (55, 0), "2035-05"),
        # Annex II women: born 04/1980 → 54y8m in 2034 → 12/2034.
        ("F", "II", "1980-04-01", (54, 8), "2034-12"),
        # Annex II women: 50y4m in 2021 — born 01/1971 → 05/2021.
        ("F", "II", "1971-01-01", (50, 4), "2021-05"),
        # Born long after the roadmap ends: the final age.
        ("M", "I", "1990-11-11", (62, 0), "2052-11"),
    ],
)
def test_annex_table_cells_and_boundaries(sex, annex, birth, age, month):
    result = run(sex=sex, birth_date=birth, annex=annex)
    assert (result["age"]["years"], result["age"]["months"]) == age
    assert result["retirement_month"] == month


@pytest.mark.parametrize(
    ("sex", "annex", "birth", "age", "month"),
    [
        # Reached the old age before 2021 (Labour Code 2012 art 187): man born 06/1960 → 60 → 06/2020.
        ("M", "I", "1960-06-15", (60, 0), "2020-06"),
        # Man born 12/1960 turns 60 in 12/2020, still before the roadmap.
        ("M", "I", "1960-12-31", (60, 0), "2020-12"),
        # Woman born 12/1965 turns 55 in 12/2020.
        ("F", "I", "1965-12-01", (55, 0), "2020-12"),
        # Annex II: man born 1964 turns 55 in 2020 (old lowest age 55 for men, 50 for women).
        ("M", "II", "1964-07-01", (55, 0), "2019-07"),
        ("F", "II", "1968-03-01", (50, 0), "2018-03"),
    ],
)
def test_people_who_reached_the_old_age_before_2021(sex, annex, birth, age, month):
    result = run(sex=sex, birth_date=birth, annex=annex)
    assert (result["age"]["years"], result["age"]["months"]) == age
    assert result["retirement_month"] == month
    assert any(line["article"] == "Điều 187" for line in result["explanation"])


@pytest.mark.parametrize(
    ("as_of", "version", "month"),
    [
        # Before 01/01/2021 the roadmap was not in force: flat 60 for a man born 01/1961 → 01/2021.
        ("2020-12-31", "blld_2012", "2021-01"),
        # From 01/01/2021 ND 135 applies: 60y3m → 04/2021.
        ("2021-01-01", "nd135_2020", "2021-04"),
    ],
)
def test_version_switch_31_12_2020_vs_01_01_2021(as_of, version, month):
    result = run(sex="M", birth_date="1961-01-10", as_of=as_of)
    assert result["version"] == version
    assert result["retirement_month"] == month


def test_year_only_birth_date_is_read_as_1_january():
    # ND 135/2020 (records with the year only): 01/01 of that year; a man born 01/1970 reaches the
    # final Annex I age of 62 (from 2028) in 01/2032.
    result = run(sex="M", birth_date="1970")
    assert result["retirement_month"] == "2032-01"
    assert result["pension_from"] == "2032-02-01"
    assert run(sex="M", birth_date="1970-01")["retirement_month"] == "2032-01"


def test_pension_from_crosses_the_year():
    # Retirement month 12/2027 → pension from 01/01/2028.
    assert run(sex="M", birth_date="1966-03-01")["pension_from"] == "2028-01-01"


def test_override_age():
    # A different age under another law (Labour Code 2019 art 169.4): 65 years exactly.
    result = run(sex="F", birth_date="1970-03-01", override_age={"years": 65, "months": 0})
    assert result["age"] == {"years": 65, "months": 0}
    assert result["retirement_month"] == "2035-03"
    assert result["pension_from"] == "2035-04-01"
    assert "thay cho" in result["explanation"][1]["text"]
    months = run(sex="F", birth_date="1970-03-01", override_age={"years": 60, "months": 6})
    assert months["retirement_month"] == "2030-09"


def test_required_months_formula_matches_domain():
    # DOMAIN §6.0: req(M, 2021, I) = 723, capped at 744 from 2028; req(F, 2035, I) = 720.
    assert retirement_date.required_months("M", 2021, "I") == 723
    assert retirement_date.required_months("M", 2028, "I") == 744
    assert retirement_date.required_months("M", 2040, "I") == 744
    assert retirement_date.required_months("F", 2035, "I") == 720
    assert retirement_date.required_months("F", 2010, "II") == 600


@pytest.mark.parametrize(
    ("payload", "path"),
    [
        ({"sex": "X", "birth_date": "1970-01-01"}, "sex"),
        ({"sex": "M", "birth_date": "15/03/1970"}, "birth_date"),
        ({"sex": "M", "birth_date": "1970-13"}, "birth_date"),
        ({"sex": "M", "birth_date": "1800"}, "birth_date"),
        ({"sex": "M"}, "birth_date"),
        ({"sex": "M", "birth_date": "1970", "annex": "III"}, "annex"),
        ({"sex": "M", "birth_date": "1970", "override_age": {"months": 3}}, "override_age.years"),
        (
            {"sex": "M", "birth_date": "1970", "override_age": {"years": 60, "months": 12}},
            "override_age.months",
        ),
        ({"sex": "M", "birth_date": "1970", "as_of": "2010-01-01"}, "as_of"),
    ],
)
def test_invalid_input_is_refused_naming_the_field(payload, path):
    with pytest.raises(RuleInputError) as info:
        run(**payload)
    assert info.value.problems[0].path == path


def test_json_surface_through_the_catalogue():
    import json

    described = {rule["name"] for rule in catalogue.describe()}
    assert {"deputy_cap", "professional_share", "level_ratio_check", "retirement_date"} <= described
    result = run(sex="F", birth_date="1970-03-20")
    # Dates ISO, numbers as numbers, every explanation line with its legal source.
    assert json.loads(json.dumps(result)) == result
    assert isinstance(result["age"]["years"], int)
    assert all(line["decree"] for line in result["explanation"])
