"""Reads of dashboards and reports from a PostgreSQL streaming replica (national deployment).

``DATABASE_REPLICA_URL`` adds the connection ``"replica"`` (settings.py). Code that only reads and
tolerates a replica's lag of a few seconds — dashboards, indicators, reports — runs inside
:func:`use_replica`; every other read and every write goes to ``"default"`` (the primary). Without a
replica configured, :func:`use_replica` changes nothing.

A write inside ``use_replica()`` still goes to the primary: the router sends only reads to the
replica, and never inside a transaction already open on the primary (a read in the middle of a
write must see that write).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps
from typing import Any, TypeVar

from django.conf import settings
from django.db import connections

REPLICA = "replica"
_reading: ContextVar[bool] = ContextVar("tinhgon_use_replica", default=False)

F = TypeVar("F", bound=Callable[..., Any])


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


@contextmanager
def use_replica() -> Iterator[None]:
    """Send the reads of this block to the replica (if there is one)."""
    token = _reading.set(True)
    try:
        yield
    finally:
        _reading.reset(token)


def replica_reads(view: F) -> F:
    """Decorator: the whole view (or selector) reads from the replica."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        # A view's user (and session) come from the primary, before the block: a replica a few
        # seconds behind must not log out someone who has just logged in.
        request_user = getattr(args[0], "user", None) if args else None
        getattr(request_user, "pk", None)
        with use_replica():
            return view(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


class ReplicaRouter:
    """Reads inside :func:`use_replica` → ``replica``; everything else → ``default``."""

    def db_for_read(self, model: Any, **hints: Any) -> str | None:
        if not _reading.get() or not replica_configured():
            return None
        if connections["default"].in_atomic_block:
            return None
        return REPLICA

    def db_for_write(self, model: Any, **hints: Any) -> str:
        return "default"

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        # The replica is a copy of the primary: objects from either may refer to each other.
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == "default"
