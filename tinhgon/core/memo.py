"""Cached read-only computations (dashboards, indicators, counts, long lists), never stale.

Every committed change of the data goes through :func:`tinhgon.core.audit.record` (or
``record_many``), which calls :func:`data_changed`: when the writing transaction commits, the
**data generation** — a random token kept in the cache under :data:`GENERATION_KEY` — is replaced.
Every cached value is stored under a key that contains the generation it was computed in, so the
first read after a committed write misses and recomputes: a user never sees a figure older than
the last committed change. Old entries are never read again and age out (``TIMEOUT``).

Order matters and is what makes it exact: the writer commits, *then* bumps; a reader reads the
generation, *then* the data. A reader that read the old generation may store a value computed
before the write under the old key, which nobody reads any more.

Keys also hold what the value depends on — the reader's scope (``organizations.access.scope_key``
or the exact ids), the date, the query parameters — so one agency's figures are never served to
another. Values must not depend on anything else (no user names, no CSRF tokens, no buttons by role).

Reads inside a transaction that has written something not yet committed bypass the cache (they
must see their own writes, which the cache cannot know of); so do tests running in one transaction.

The cache is Django's ``default`` cache: the database cache of settings.py (table ``tinhgon_cache``,
created by the core migrations), shared by every gunicorn worker and every server of the database,
and read through the replica router like the data (a replica's cache table lags exactly as its
data: a generation seen there comes with the data it stands for). Writes outside the services (the
shell, a data migration) are not seen before ``TIMEOUT``: run ``tinhgon cache_clear`` after them.
"""

from __future__ import annotations

import hashlib
import time
import uuid
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections, transaction

GENERATION_KEY = "tinhgon:generation"
LOCK_SECONDS = 15  # longest wait for another worker computing the same value
T = TypeVar("T")
_MISSING = object()


def _new_generation() -> str:
    return uuid.uuid4().hex[:16]


def bump() -> None:
    """A new data generation: every cached value computed before becomes unreachable."""
    cache.set(GENERATION_KEY, _new_generation(), None)


def data_changed(using: str = DEFAULT_DB_ALIAS) -> None:
    """Called by the audit trail for every change: bump the generation once the change commits
    (at once when not in a transaction)."""
    conn = connections[using]
    if conn.in_atomic_block and any(entry[1] is bump for entry in conn.run_on_commit):
        return  # already due at this commit
    transaction.on_commit(bump, using=using)


def generation() -> str:
    gen = cache.get(GENERATION_KEY)
    if gen is None:
        cache.add(GENERATION_KEY, _new_generation(), None)
        gen = cache.get(GENERATION_KEY) or _new_generation()
    return str(gen)


def _uncommitted_writes() -> bool:
    conn = connections[DEFAULT_DB_ALIAS]
    return conn.in_atomic_block and any(entry[1] is bump for entry in conn.run_on_commit)


def ids_key(ids: Iterable[int] | None) -> str:
    """A short key for a set of organization ids (``None`` = everything)."""
    if ids is None:
        return "all"
    return hashlib.sha256(",".join(map(str, sorted(ids))).encode()).hexdigest()[:24]


def cached(name: str, parts: Iterable[Any], compute: Callable[[], T]) -> T:
    """``compute()``, or its value cached in this data generation for the same ``name`` and
    ``parts`` (everything the value depends on: scope, dates, parameters)."""
    if not settings.TINHGON_CACHE_ENABLED or _uncommitted_writes():
        return compute()
    digest = hashlib.sha256(repr(tuple(parts)).encode()).hexdigest()[:32]
    key = f"tinhgon:{name}:{generation()}:{digest}"
    value = cache.get(key, _MISSING)
    if value is not _MISSING:
        return value  # type: ignore[no-any-return]
    # After a write every worker misses at once: one computes, the others wait for its value
    # rather than computing the same thing side by side on the same cores (bounded wait).
    lock = f"{key}:computing"
    if not cache.add(lock, 1, LOCK_SECONDS):
        deadline = time.monotonic() + LOCK_SECONDS
        while time.monotonic() < deadline:
            time.sleep(0.05)
            value = cache.get(key, _MISSING)
            if value is not _MISSING:
                return value  # type: ignore[no-any-return]
            if cache.get(lock) is None:  # the other one failed or gave up: compute here
                break
    try:
        value = compute()
        cache.set(key, value)
    finally:
        cache.delete(lock)
    return value
