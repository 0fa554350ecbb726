"""The Excel import pipeline: template → dry run (every error by sheet/row/column) → commit.

An import kind declares a :class:`WorkbookSpec` (sheets, columns, parsers) and a batch service
``apply(parsed, batch)`` that calls the app's services; :func:`run_import` does the rest. Kinds are
registered with :func:`register` so that the screens list them.
"""

from dataclasses import dataclass

from tinhgon.core.importing.pipeline import Apply, Batch, ImportResult, describe, run_import
from tinhgon.core.importing.reader import (
    FORMULA_MESSAGE,
    FileRefused,
    ParsedWorkbook,
    Row,
    RowError,
    check_file,
    read_workbook,
)
from tinhgon.core.importing.spec import (
    CellError,
    Column,
    Sheet,
    WorkbookSpec,
    choice,
    code_list,
    date,
    integer,
    text,
)
from tinhgon.core.importing.template import put, template_bytes

__all__ = [
    "FORMULA_MESSAGE",
    "Apply",
    "Batch",
    "CellError",
    "Column",
    "FileRefused",
    "ImportKind",
    "ImportResult",
    "ParsedWorkbook",
    "Row",
    "RowError",
    "Sheet",
    "WorkbookSpec",
    "check_file",
    "choice",
    "code_list",
    "date",
    "describe",
    "get_kind",
    "integer",
    "kinds",
    "put",
    "read_workbook",
    "register",
    "run_import",
    "template_bytes",
    "text",
]


@dataclass(frozen=True)
class ImportKind:
    """An import offered on the screens: its spec, its batch service and the file name."""

    spec: WorkbookSpec
    apply: Apply
    filename: str
    summary: str = ""

    @property
    def key(self) -> str:
        return self.spec.kind


_KINDS: dict[str, ImportKind] = {}


def register(kind: ImportKind) -> ImportKind:
    _KINDS[kind.key] = kind
    return kind


def kinds() -> list[ImportKind]:
    return list(_KINDS.values())


def get_kind(key: str) -> ImportKind | None:
    return _KINDS.get(key)
