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


_CONTROL_KEEP_LINES = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u2028\u2029\ufeff]")


def clean_input(value: str) -> str:
    """What every form and serializer field keeps of typed text: NFC, control characters (C0, DEL,
    C1, zero-width space, BOM, Unicode line separators) removed; tabs and line breaks kept, so a
    multi-line note stays multi-line. Trimming stays with each field's own ``strip``."""
    return _CONTROL_KEEP_LINES.sub("", unicodedata.normalize("NFC", value))


_LINE_SPACES = re.compile(r"[^\S\n]+")
_BLANK_RUNS = re.compile(r"\n{3,}")


def nfc_text(value: str) -> str:
    """Multi-line text (a narrative, a note): what :func:`nfc` does to one line, done to each line,
    so the paragraphs a user typed stay paragraphs. Line endings become ``\\n``, runs of spaces and
    tabs inside a line become one space, more than one blank line becomes one, the ends are trimmed."""
    value = unicodedata.normalize("NFC", value).replace("\r\n", "\n").replace("\r", "\n")
    value = _CONTROL_KEEP_LINES.sub("", value)
    lines = [_LINE_SPACES.sub(" ", line).strip() for line in value.split("\n")]
    return _BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip()


def fold(value: str) -> str:
    """Accent- and case-insensitive key: NFC, đ→d, combining marks stripped, casefolded."""
    value = nfc(value).replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", value)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.casefold()
