"""Dry run and commit of an import: read, parse, then run the batch service in a transaction.

The batch service of an import kind is a function ``apply(parsed, batch)``: it calls the app's
services row by row, reports what it created or found already present through ``batch`` and maps
every refusal back to the row (and column) it came from. The pipeline runs it inside one
transaction that is rolled back on a dry run, or when any error was found, so a commit writes all
or nothing and a dry run reports the errors only the services detect.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from tinhgon.core.context import acting_from
from tinhgon.core.errors import Refused
from tinhgon.core.importing.reader import (
    FileRefused,
    ParsedWorkbook,
    Row,
    RowError,
    read_workbook,
)
from tinhgon.core.importing.spec import WorkbookSpec

Progress = Callable[[int, int], None]


@dataclass
class ImportResult:
    """What an import did or would do: counts by object label, and every error."""

    committed: bool = False
    created: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def created_total(self) -> int:
        return sum(self.created.values())

    @property
    def unchanged_total(self) -> int:
        return sum(self.unchanged.values())

    @property
    def error_count(self) -> int:
        return len(self.errors)

    def as_dict(self) -> dict[str, Any]:
        return {
            "committed": self.committed,
            "created": self.created,
            "unchanged": self.unchanged,
            "errors": [e.as_dict() for e in self.errors],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ImportResult:
        return cls(
            committed=data.get("committed", False),
            created=dict(data.get("created", {})),
            unchanged=dict(data.get("unchanged", {})),
            errors=[RowError(**e) for e in data.get("errors", [])],
        )


class Batch:
    """Handed to an import's batch service: counts, errors and progress."""

    def __init__(self, result: ImportResult, acting_user: Any, progress: Progress | None) -> None:
        self.result = result
        self.acting_user = acting_user
        self.total = 0
        self.done = 0
        self._progress = progress

    def created(self, label: str, n: int = 1) -> None:
        self.result.created[label] = self.result.created.get(label, 0) + n

    def unchanged(self, label: str, n: int = 1) -> None:
        self.result.unchanged[label] = self.result.unchanged.get(label, 0) + n

    def error(self, row: Row, key: str | None, message: str) -> None:
        self.result.errors.append(row.error(key, message))
        row.valid = False

    def refused(self, row: Row, exc: Refused, columns: Callable[[str], str | None]) -> None:
        """Map each problem of a service refusal to a column of ``row`` (by the problem's path)."""
        for problem in exc.problems:
            self.error(row, columns(problem.path), problem.message)

    def duplicates(
        self,
        rows: Iterable[Row],
        key: Callable[[Row], Hashable],
        column: str | None,
        what: str,
    ) -> set[int]:
        """Report every valid row whose natural ``key`` another row of the upload also has: each
        such row gets an error in ``column`` naming the other rows and ``what`` the key is (“cùng
        đơn vị, loại biên chế và ngày”). Returns their row numbers."""
        groups: dict[Hashable, list[Row]] = {}
        for row in rows:
            if row.valid:
                groups.setdefault(key(row), []).append(row)
        found: set[int] = set()
        for group in groups.values():
            if len(group) < 2:
                continue
            for row in group:
                others = ", ".join(f"{r.number}" for r in group if r is not row)
                self.error(
                    row,
                    column,
                    _("Dòng trùng lặp với dòng %(n)s (%(what)s).") % {"n": others, "what": what},
                )
                found.add(row.number)
        return found

    def step(self, n: int = 1) -> None:
        self.done += n
        if self._progress is not None:
            self._progress(self.done, self.total)


Apply = Callable[[ParsedWorkbook, Batch], None]


def run_import(
    spec: WorkbookSpec,
    data: bytes,
    apply: Apply,
    *,
    acting_user: Any,
    commit: bool,
    progress: Progress | None = None,
) -> ImportResult:
    """Dry run (``commit=False``) or commit an import of ``data``; never writes on any error."""
    result = ImportResult()
    try:
        parsed = read_workbook(data, spec)
    except FileRefused as exc:
        result.errors.append(RowError("", None, "", exc.message))
        return result
    result.errors.extend(parsed.errors)
    batch = Batch(result, acting_user, progress)
    batch.total = parsed.row_count
    if progress is not None:
        progress(0, batch.total)
    with acting_from("import"), transaction.atomic():
        try:
            apply(parsed, batch)
        except Refused as exc:  # a refusal the batch service did not map to a row
            result.errors.extend(RowError("", None, p.path, p.message) for p in exc.problems)
        if result.errors or not commit:
            transaction.set_rollback(True)
        else:
            result.committed = True
    result.errors.sort(key=lambda e: (_sheet_order(spec, e.sheet), e.row or 0, e.column))
    if progress is not None:
        progress(batch.total, batch.total)
    if not result.ok and commit:
        result.committed = False
    return result


def _sheet_order(spec: WorkbookSpec, name: str) -> int:
    for i, sheet in enumerate(spec.sheets):
        if sheet.name == name:
            return i + 1
    return 0


def describe(result: ImportResult) -> str:
    parts = [f"{n} {label}" for label, n in result.created.items() if n]
    return ", ".join(parts) if parts else _("không có gì mới")
