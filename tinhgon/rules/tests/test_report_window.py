"""Worked examples for ``report_window``: DOMAIN.md §8.1 and §11.6 (DERIVED from Decree 09/2019 art 12)."""

import datetime as dt

import pytest

from tinhgon.rules import catalogue
from tinhgon.rules.base import RuleInputError


@pytest.mark.parametrize(
    ("payload", "start", "end"),
    [
        # DOMAIN.md §11.6: Annual 2025 → 15/12/2024 – 14/12/2025.
        ({"kind": "year", "year": 2025}, "2024-12-15", "2025-12-14"),
        # DOMAIN.md §11.6: Q2 2025 → 15/03/2025 – 14/06/2025.
        ({"kind": "quarter", "year": 2025, "number": 2}, "2025-03-15", "2025-06-14"),
        # DOMAIN.md §8.1: Q1 opens in December of the year before.
        ({"kind": "quarter", "year": 2025, "number": 1}, "2024-12-15", "2025-03-14"),
        ({"kind": "quarter", "year": 2025, "number": 3}, "2025-06-15", "2025-09-14"),
        ({"kind": "quarter", "year": 2025, "number": 4}, "2025-09-15", "2025-12-14"),
        # Monthly: 15th of the previous month → 14th; January opens on 15/12 of the year before.
        ({"kind": "month", "year": 2025, "number": 1}, "2024-12-15", "2025-01-14"),
        ({"kind": "month", "year": 2024, "number": 3}, "2024-02-15", "2024-03-14"),
        ({"kind": "month", "year": 2024, "number": 12}, "2024-11-15", "2024-12-14"),
        # Half-years: 15/12 → 14/6 and 15/6 → 14/12.
        ({"kind": "half", "year": 2025, "number": 1}, "2024-12-15", "2025-06-14"),
        ({"kind": "half", "year": 2025, "number": 2}, "2025-06-15", "2025-12-14"),
        # Nine months (practice): 15/12 → 14/9.
        ({"kind": "nine_months", "year": 2025}, "2024-12-15", "2025-09-14"),
        # as_of is accepted.
        ({"kind": "year", "year": 2024, "as_of": "2024-06-01"}, "2023-12-15", "2024-12-14"),
    ],
)
def test_windows(payload, start, end):
    result = catalogue.run("report_window", payload)
    assert (result["start"], result["end"]) == (start, end)
    assert result["explanation"][0]["decree"] == "Nghị định 09/2019/NĐ-CP"
    assert result["explanation"][0]["article"] == "Điều 12"


def test_every_month_is_a_month_long_and_windows_tile_the_year():
    from tinhgon.rules import report_window as rw

    previous_end = dt.date(2024, 12, 14)
    for month in range(1, 13):
        r = rw.evaluate(rw.parse({"kind": "month", "year": 2025, "number": month}))
        assert r.start == previous_end + dt.timedelta(days=1)
        previous_end = r.end
    assert previous_end == dt.date(2025, 12, 14)


def test_nine_months_is_marked_as_practice_not_decree():
    texts = [
        c["text"]
        for c in catalogue.run("report_window", {"kind": "nine_months", "year": 2025})[
            "explanation"
        ]
    ]
    assert any("thực tiễn" in t and "không quy định" in t for t in texts)
    year_texts = [
        c["text"]
        for c in catalogue.run("report_window", {"kind": "year", "year": 2025})["explanation"]
    ]
    assert not any("thực tiễn" in t for t in year_texts)


@pytest.mark.parametrize(
    ("payload", "path", "words"),
    [
        ({"kind": "week", "year": 2025}, "kind", "không hợp lệ"),
        ({"year": 2025}, "kind", "Thiếu"),
        ({"kind": "year"}, "year", "Thiếu"),
        ({"kind": "year", "year": "2025"}, "year", "số nguyên"),
        ({"kind": "month", "year": 2025, "number": 13}, "number", "từ 1 đến 12"),
        ({"kind": "month", "year": 2025, "number": 0}, "number", "từ 1 đến 12"),
        ({"kind": "quarter", "year": 2025, "number": 5}, "number", "từ 1 đến 4"),
        ({"kind": "half", "year": 2025, "number": 3}, "number", "từ 1 đến 2"),
        ({"kind": "quarter", "year": 2025}, "number", "Thiếu"),
        ({"kind": "quarter", "year": 2025, "number": True}, "number", "số nguyên"),
        ({"kind": "year", "year": 2025, "number": 1}, "number", "bỏ trống"),
        ({"kind": "year", "year": 2025, "as_of": "02/02/2024"}, "as_of", "YYYY-MM-DD"),
    ],
)
def test_refused_with_vietnamese_message_naming_the_field(payload, path, words):
    with pytest.raises(RuleInputError) as exc:
        catalogue.run("report_window", payload)
    (problem,) = exc.value.problems
    assert problem.path == path
    assert words in problem.message
