"""The one error type services raise for refused input.

Every refusal carries a list of ``(path, message)`` pairs, the message in Vietnamese and the path
naming the field (``decision.number``), the cell (``Sự kiện!C4``) or the object concerned. The API
answers it as 400 ``{"errors": [{"path", "message"}]}``, forms show it inline, the CLI on stderr.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    path: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"path": self.path, "message": self.message}


class Refused(Exception):
    """Input refused by a service; nothing was written."""

    def __init__(self, *problems: Problem | tuple[str, str]) -> None:
        super().__init__()
        self.problems = [p if isinstance(p, Problem) else Problem(*p) for p in problems]

    @classmethod
    def one(cls, path: str, message: str) -> "Refused":
        return cls(Problem(path, message))

    def as_list(self) -> list[dict[str, str]]:
        return [p.as_dict() for p in self.problems]

    def __str__(self) -> str:
        return "; ".join(f"{p.path}: {p.message}" if p.path else p.message for p in self.problems)


class Collector:
    """Gathers problems so that a service reports all of them at once."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    def extend(self, problems: list[Problem], prefix: str = "") -> None:
        for p in problems:
            path = f"{prefix}.{p.path}" if prefix and p.path else (prefix or p.path)
            self.problems.append(Problem(path, p.message))

    def __bool__(self) -> bool:
        return bool(self.problems)

    def raise_if_any(self) -> None:
        if self.problems:
            raise Refused(*self.problems)
