"""tinhgon.core.memo: which writes make which cached values unreachable."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from tinhgon.core import memo

pytestmark = pytest.mark.django_db(transaction=True)


def counter():  # type: ignore[no-untyped-def]
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    return compute


def test_layers_are_those_of_the_import_contract() -> None:
    pyproject = tomllib.loads((Path(__file__).parents[3] / "pyproject.toml").read_text())
    [contract] = [
        c for c in pyproject["tool"]["importlinter"]["contracts"] if c["type"] == "layers"
    ]
    layers = [
        tuple(sorted(part.strip().removeprefix("tinhgon.") for part in layer.split("|")))
        for layer in reversed(contract["layers"])
    ]
    assert layers == [tuple(sorted(layer)) for layer in memo.LAYERS]


def test_a_write_invalidates_its_app_and_those_above_not_those_below() -> None:
    registry, plans, streamlining = counter(), counter(), counter()

    def read() -> tuple[int, int, int]:
        return (
            memo.cached("organizations.test", (), registry),
            memo.cached("plans.test", (), plans),
            memo.cached("streamlining.test", (), streamlining),
        )

    assert read() == (1, 1, 1)
    assert read() == (1, 1, 1)  # cached
    memo.data_changed("reports")  # a report requested: above all three
    assert read() == (1, 1, 1)
    memo.data_changed("plans")  # a progress report approved: plans only (its sibling keeps)
    assert read() == (1, 2, 1)
    memo.data_changed("organizations")  # a unit renamed: everything above the registry
    assert read() == (2, 3, 2)
    memo.data_changed("authtoken")  # a model outside the layers counts as core: everything
    assert read() == (3, 4, 3)
