"""Vietnamese text: NFC normalization and accent-insensitive folding.

``fold`` gives the same key on SQLite and PostgreSQL, so search runs on a stored, folded column:
"Đức Thọ", "ĐỨC THỌ" and the NFD spelling of either all fold to "duc tho".
"""

import re
import unicodedata

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES = re.compile(r"\s+")


def nfc(value: str) -> str:
    """NFC-normalize, drop control characters, collapse runs of spaces, strip the ends."""
    value = unicodedata.normalize("NFC", value)
    value = _CONTROL.sub("", value)
    return _SPACES.sub(" ", value).strip()


def fold(value: str) -> str:
    """Accent- and case-insensitive key: NFC, đ→d, combining marks stripped, casefolded."""
    value = nfc(value).replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", value)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.casefold()
