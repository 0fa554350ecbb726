"""The security tests use the personas and the small registry of ``tinhgon/conftest.py``."""

from tinhgon.conftest import (  # noqa: F401
    _immediate_tasks,
    api,
    frozen_today,
    people,
    registry,
    web,
)


def pytest_collection_modifyitems(config, items):  # type: ignore[no-untyped-def]
    """PostgreSQL-only tests are deselected (not skipped) when DATABASE_URL is not PostgreSQL."""
    import os

    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        return
    keep = [i for i in items if "postgres_only" not in i.keywords]
    gone = [i for i in items if "postgres_only" in i.keywords]
    if gone:
        config.hook.pytest_deselected(items=gone)
        items[:] = keep
