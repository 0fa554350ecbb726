"""The security tests use the personas and the small registry of ``tinhgon/conftest.py``."""

from tinhgon.conftest import (  # noqa: F401
    _immediate_tasks,
    api,
    frozen_today,
    people,
    registry,
    web,
)
