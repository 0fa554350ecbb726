"""One block of work shared by the services it calls (a restructuring project's events): each app
keeps what its step collects or has read in a context variable for the duration of the block."""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Callable, Iterator
from typing import TypeVar

T = TypeVar("T")


@contextlib.contextmanager
def scoped(
    var: contextvars.ContextVar[T | None],
    make: Callable[[], T],
    finish: Callable[[T], None] | None = None,
) -> Iterator[T]:
    """Run the block with ``make()`` in ``var``; then ``finish`` it, unless the block failed. An
    inner block joins the outer one (nothing is made or finished twice)."""
    current = var.get()
    if current is not None:
        yield current
        return
    value = make()
    token = var.set(value)
    try:
        yield value
    finally:
        var.reset(token)
    if finish is not None:
        finish(value)
