"""core.batching.scoped: one batch per block, joined by inner blocks, finished only on success."""

from __future__ import annotations

import contextvars

import pytest

from tinhgon.core.batching import scoped


def test_an_inner_block_joins_the_outer_batch_which_is_finished_once() -> None:
    var: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar("t", default=None)
    finished: list[list[str]] = []
    with scoped(var, list, finished.append) as outer:
        outer.append("a")
        with scoped(var, list, finished.append) as inner:
            inner.append("b")
        assert inner is outer and finished == []
    assert finished == [["a", "b"]] and var.get() is None


def test_a_failed_block_is_not_finished_and_leaves_no_batch() -> None:
    var: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar("t", default=None)
    finished: list[list[str]] = []

    class Failed(Exception):
        """The block's own failure."""

    with pytest.raises(Failed), scoped(var, list, finished.append):
        raise Failed
    assert finished == [] and var.get() is None
