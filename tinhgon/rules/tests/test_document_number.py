"""Worked examples for ``document_number``: DOMAIN.md §11.7 (SOURCE) and the seed's own numbers."""

import pytest

from tinhgon.rules import catalogue
from tinhgon.rules.base import RuleInputError


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # DOMAIN.md §11.7: "Số: 56/KH-UBND" → n = 56, type KH, issuer UBND.
        (
            "Số: 56/KH-UBND",
            {
                "seq": 56,
                "symbol": "KH-UBND",
                "type": "KH",
                "type_name": "Kế hoạch",
                "issuer_code": "UBND",
                "year": None,
            },
        ),
        # DOMAIN.md §11.7: legal normative decision carries its year.
        (
            "80/2025/QĐ-UBND",
            {
                "seq": 80,
                "symbol": "QĐ-UBND",
                "type": "QĐ",
                "type_name": "Quyết định",
                "issuer_code": "UBND",
                "year": 2025,
            },
        ),
        # DOMAIN.md §11.7: individual decision, no year.
        ("2920/QĐ-UBND", {"seq": 2920, "type": "QĐ", "year": None, "issuer_code": "UBND"}),
        # DOMAIN.md §11.7 and the seed: công văn of Sở Nội vụ, no type code.
        (
            "63/SNV-XDCQ&TCBC",
            {
                "seq": 63,
                "symbol": "SNV-XDCQ&TCBC",
                "type": None,
                "type_name": "Công văn",
                "issuer_code": "SNV",
            },
        ),
        # The seed's Party documents: "62-KL/TW", and "222- KH/TU" with a broken hyphen.
        ("62-KL/TW", {"seq": 62, "type": "KL", "type_name": "Kết luận", "issuer_code": "TW"}),
        ("222- KH/TU", {"seq": 222, "number": "222-KH/TU", "type": "KH", "issuer_code": "TU"}),
        # A missing hyphen ("61/2018/NĐCP") is still recognised as a decree of the Government.
        ("61/2018/NĐCP", {"seq": 61, "year": 2018, "type": "NĐ", "symbol": "NĐ-CP"}),
        # Lower case and spaces are tolerated.
        ("số  12 / qđ-ubnd", {"seq": 12, "type": "QĐ", "number": "12/QĐ-UBND"}),
    ],
)
def test_worked_examples(text, expected):
    result = catalogue.run("document_number", {"text": text})
    for key, value in expected.items():
        assert result[key] == value, key
    assert result["explanation"] and all("text" in line for line in result["explanation"])


def test_nfd_input_gives_the_same_result_as_nfc():
    import unicodedata

    nfd = unicodedata.normalize("NFD", "80/2025/QĐ-UBND")
    assert catalogue.run("document_number", {"text": nfd}) == catalogue.run(
        "document_number", {"text": "80/2025/QĐ-UBND"}
    )


@pytest.mark.parametrize("text", ["", "KH-UBND", "Số: /KH-UBND", "abc/def/ghi/jkl", "56"])
def test_malformed_numbers_are_refused_with_a_vietnamese_message(text):
    with pytest.raises(RuleInputError) as info:
        catalogue.run("document_number", {"text": text})
    assert info.value.problems[0].path == "text"
