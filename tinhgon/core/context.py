"""Who and where a change comes from, for the audit trail.

The request middleware, the API, the CLI and the import pipeline set the ``source`` and the
``request_id``; services read them when they write an audit row.
"""

import contextlib
import contextvars
import uuid
from collections.abc import Iterator

SOURCES = ("ui", "api", "import", "cli", "job", "system")

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
_source: contextvars.ContextVar[str] = contextvars.ContextVar("source", default="system")


def new_request_id() -> str:
    return uuid.uuid4().hex


def current_request_id() -> str:
    rid = _request_id.get()
    if not rid:
        rid = new_request_id()
        _request_id.set(rid)
    return rid


def current_source() -> str:
    return _source.get()


@contextlib.contextmanager
def acting_from(source: str, request_id: str | None = None) -> Iterator[str]:
    """Run a block as coming from ``source`` with one request id (a new one if not given)."""
    assert source in SOURCES, source
    rid = request_id or new_request_id()
    token_s = _source.set(source)
    token_r = _request_id.set(rid)
    try:
        yield rid
    finally:
        _source.reset(token_s)
        _request_id.reset(token_r)
