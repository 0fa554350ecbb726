"""Cached read-only computations (dashboards, indicators, counts, long lists), never stale.

Every committed change of the data goes through :func:`tinhgon.core.audit.record` (or
``record_many``), which calls :func:`data_changed` with the app of the changed model: when the
writing transaction commits, that app's **data generation** — a random token kept in the cache
under :data:`GENERATION_KEY` — is replaced. Every cached value is stored under a key that contains
the generations of the apps it can read (its own app and the apps below it in the layers contract,
:data:`LAYERS`: import-linter forbids reading any other), so the first read after a committed write
to one of them misses and recomputes: a user never sees a figure older than the last committed
change it depends on. Old entries are never read again and age out (``TIMEOUT``).

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

GENERATION_KEY = "tinhgon:generation:{}"
LOCK_SECONDS = 15  # longest wait for another worker computing the same value
# The apps in the order of the layers contract of pyproject.toml (lowest first; a test keeps the two
# equal). Code of an app can only import the models of its own app and of the apps below it, so a
# value computed by an app depends only on their data: its key holds their generations, and a write
# to an app above it (a report requested, a project appraised) leaves it valid.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("core",),
    ("accounts",),
    ("organizations",),
    ("positions",),
    ("workforce",),
    ("staffing",),
    ("autonomy",),
    ("plans", "streamlining"),
    ("indicators",),
    ("restructuring",),
    ("reports",),
    ("signatures",),
)
ALL_APPS = tuple(app for layer in LAYERS for app in layer)
T = TypeVar("T")
_MISSING = object()
_BUMPERS: dict[str, Callable[[], None]] = {}


def depends_on(app: str) -> tuple[str, ...]:
    """``app`` and every app below it in the layers (everything for an unknown name)."""
    for i, layer in enumerate(LAYERS):
        if app in layer:
            return (*(a for lower in LAYERS[:i] for a in lower), app)
    return ALL_APPS


def _new_generation() -> str:
    return uuid.uuid4().hex[:16]


def _bumper(app: str) -> Callable[[], None]:
    """The (one, so that it is registered once per transaction) callable replacing ``app``'s
    generation."""
    if app not in _BUMPERS:

        def bump_app() -> None:
            cache.set(GENERATION_KEY.format(app), _new_generation(), None)

        _BUMPERS[app] = bump_app
    return _BUMPERS[app]


def bump(app: str = "core") -> None:
    """A new generation of ``app``'s data: every cached value that depends on it (``core``: every
    value) becomes unreachable."""
    _bumper(app if app in ALL_APPS else "core")()


def data_changed(app: str, using: str = DEFAULT_DB_ALIAS) -> None:
    """Called by the audit trail for every change of a model of ``app`` (its app label): replace
    that app's generation once the change commits (at once when not in a transaction). A model of
    an app outside the layers counts as ``core`` (every value)."""
    fn = _bumper(app if app in ALL_APPS else "core")
    conn = connections[using]
    if conn.in_atomic_block and any(entry[1] is fn for entry in conn.run_on_commit):
        return  # already due at this commit
    transaction.on_commit(fn, using=using)


def generation(apps: tuple[str, ...] = ALL_APPS) -> str:
    """The generations of ``apps``' data, as one token (one cache read)."""
    keys = [GENERATION_KEY.format(app) for app in apps]
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            cache.add(key, _new_generation(), None)
            found[key] = cache.get(key) or _new_generation()
    return hashlib.sha256("|".join(str(found[k]) for k in keys).encode()).hexdigest()[:20]


def _uncommitted_writes() -> bool:
    conn = connections[DEFAULT_DB_ALIAS]
    if not conn.in_atomic_block or not _BUMPERS:
        return False
    pending = set(map(id, _BUMPERS.values()))
    return any(id(entry[1]) in pending for entry in conn.run_on_commit)


def ids_key(ids: Iterable[int] | None) -> str:
    """A short key for a set of organization ids (``None`` = everything)."""
    if ids is None:
        return "all"
    return hashlib.sha256(",".join(map(str, sorted(ids))).encode()).hexdigest()[:24]


def cached(name: str, parts: Iterable[Any], compute: Callable[[], T]) -> T:
    """``compute()``, or its value cached in this data generation for the same ``name`` and
    ``parts`` (everything the value depends on: scope, dates, parameters). ``name`` starts with the
    label of the app that computes it ("plans.my_work"): the value is kept until a write to that
    app or an app below it commits."""
    if not settings.TINHGON_CACHE_ENABLED or _uncommitted_writes():
        return compute()
    digest = hashlib.sha256(repr(tuple(parts)).encode()).hexdigest()[:32]
    app = name.split(".", 1)[0]
    key = f"tinhgon:{name}:{generation(depends_on(app))}:{digest}"
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
