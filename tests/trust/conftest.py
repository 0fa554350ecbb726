"""The shared fixtures of ``tinhgon/conftest.py`` (registry, personas, frozen time) for the trust tests."""

from tinhgon.conftest import (  # noqa: F401
    _immediate_tasks,
    frozen_today,
    national_targets,
    people,
    registry,
)
