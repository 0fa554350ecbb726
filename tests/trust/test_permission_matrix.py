"""The permission matrix: every URL pattern and every OpenAPI operation, called as each of the 8
personas, must answer exactly as :mod:`tests.trust.permission_table` says; and it must notice when
an access check is removed.

Adding a route: one line in ``ROUTES`` of ``tests/trust/permission_table.py`` (see its docstring);
a route or method without a line fails :func:`test_every_route_answers_as_the_table_says` with the
line to add. Objects for new kinds go in ``tests/trust/world.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.trust.matrix import Clients, Route, calls, routes, run_matrix, schema_operations
from tests.trust.permission_table import ROUTES
from tests.trust.world import World, build_world


@pytest.fixture
def world(registry: Any, people: Any, settings: Any, tmp_path: Any) -> World:
    settings.MEDIA_ROOT = tmp_path
    return build_world(registry, people)


def test_every_route_answers_as_the_table_says(world: World) -> None:
    problems = run_matrix(world, Clients(world))
    assert not problems, "\n".join(problems)


def test_the_matrix_covers_every_url_and_every_schema_operation() -> None:
    names = {r.name for r in routes()}
    called = {(r.name, m) for r, m in calls()}
    assert schema_operations() <= called
    assert any(n.startswith("organizations:") for n in names) and "plan-detail" in names
    stale = sorted(set(ROUTES) - names)
    assert not stale, f"lines for routes that no longer exist: {stale}"
    assert len(called) >= 200


# ---------------------------------------------------------------------------------------------
# Mutations: each replaces one access check of an app with "allow everything"; the matrix, run
# on that app's routes, must then report at least one wrong status.


def _all(*_: Any, **__: Any) -> bool:
    return True


def _nothing(*_: Any, **__: Any) -> None:
    return None


def _everything(*_: Any, **__: Any) -> None:
    return None  # scope None = every organization


MUTATIONS: dict[str, tuple[str, str, Callable[..., Any], str]] = {
    # name: (module, function, replacement, the app whose routes are run)
    "organizations.can_see": ("tinhgon.organizations.access", "can_see", _all, "organizations"),
    "organizations.require_writer": (
        "tinhgon.organizations.access",
        "require_writer",
        _nothing,
        "restructuring",
    ),
    "autonomy.check_can_enter": (
        "tinhgon.autonomy.access",
        "check_can_enter",
        _nothing,
        "autonomy",
    ),
    "autonomy.check_can_decide_quota": (
        "tinhgon.autonomy.access",
        "check_can_decide_quota",
        _nothing,
        "autonomy",
    ),
    "plans.read_scope": ("tinhgon.plans.access", "read_scope", _everything, "plans"),
    "streamlining.can_see_case": (
        "tinhgon.streamlining.access",
        "can_see_case",
        _all,
        "streamlining",
    ),
    "streamlining.can_see_period": (
        "tinhgon.streamlining.access",
        "can_see_period",
        _all,
        "streamlining",
    ),
    "workforce.can_see_person": ("tinhgon.workforce.access", "can_see_person", _all, "workforce"),
    "reports.can_see": ("tinhgon.reports.access", "can_see", _all, "reports"),
    "staffing.can_see": ("tinhgon.staffing.access", "can_see", _all, "staffing"),
    "staffing.can_approve": ("tinhgon.staffing.access", "can_approve", _all, "staffing"),
}


# Those the table refuses something (an "allow everything" mutation can only change their answers).
REFUSED = ("anon", "officer_b", "commune_officer", "leader", "inspector")


def _of_app(app: str) -> Callable[[Route], bool]:
    return lambda r: r.module.startswith(f"tinhgon.{app}.")


def test_removing_an_access_check_fails_the_matrix(
    world: World, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    """Each mutation in turn (one world, one set of clients): the matrix must report it."""
    clients = Clients(world)
    unnoticed = []
    for mutation, (module, function, replacement, app) in sorted(MUTATIONS.items()):
        with monkeypatch.context() as m:
            m.setattr(f"{module}.{function}", replacement)
            problems = run_matrix(world, clients, only=_of_app(app), personas=REFUSED)
        if not problems:
            unnoticed.append(mutation)
            continue
        with capsys.disabled():
            shown = "\n    ".join(problems[:3])
            print(f"\n[{mutation} allows everything] {len(problems)} rows fail:\n    {shown}")
    assert not unnoticed, f"allowing everything went unnoticed for {unnoticed}"
