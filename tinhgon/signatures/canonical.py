"""The canonical JSON of approved data: the bytes an approval signature covers.

Sorted keys, no whitespace, every string NFC-normalized, ``Decimal`` as its string, dates and
datetimes in ISO 8601, UTF-8 (not ``\\u`` escapes). Two equal records always give equal bytes, so
the hash of the stored data can be recomputed at any time and compared with the signed one.
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
import unicodedata
import uuid
from typing import Any


def _norm(value: Any) -> Any:
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, bool) or value is None or isinstance(value, int | float):
        return value
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat() if value.tzinfo else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, dict):
        return {unicodedata.normalize("NFC", str(k)): _norm(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_norm(v) for v in value]
    raise TypeError(f"cannot sign a {type(value).__name__}")


def canonical_json(data: dict[str, Any]) -> bytes:
    return json.dumps(
        _norm(data), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    ).encode("utf-8")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
