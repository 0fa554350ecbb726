"""Operations tests: locking under concurrency, backup/restore, kill -9, the read replica.

The shared fixtures of ``tinhgon/conftest.py`` (registry, personas, clients, frozen time) are
re-exported here. Tests marked ``postgres_only`` need PostgreSQL (row locks, pg_dump, streaming
replication): on SQLite they are deselected — not skipped — and ``make test-postgres`` (CI) runs them.
"""

from __future__ import annotations

import os
from typing import Any

from tinhgon.conftest import (  # noqa: F401  (fixtures)
    api,
    frozen_today,
    national_targets,
    people,
    registry,
    web,
)


def on_postgresql() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith("postgres")


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    if on_postgresql():
        return
    here = os.path.dirname(__file__)
    kept, dropped = [], []
    for item in items:
        if str(item.fspath).startswith(here) and item.get_closest_marker("postgres_only"):
            dropped.append(item)
        else:
            kept.append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept
