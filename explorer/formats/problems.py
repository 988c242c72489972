"""Import problems: each names the file, the line or item, the column or field, and the reason."""

from __future__ import annotations

from dataclasses import dataclass

#: How many problems an ImportFailed message lists before it says "and N more".
SHOWN = 20


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with an input file; `fatal` problems cannot be skipped."""

    file: str
    where: str
    field: str
    reason: str
    fatal: bool = False

    def __str__(self) -> str:
        parts = [p for p in (self.file, self.where, f"{self.field}" if self.field else "") if p]
        reason = self.reason.rstrip(".")
        return f"{', '.join(parts)}: {reason}."


class ImportFailed(Exception):
    """An import that was refused; nothing was written. `problems` lists every reason."""

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.problems = list(problems or [])


class AlreadyImported(ImportFailed):
    """The same file (by its SHA-256) was imported before."""


def describe_problems(name: str, problems: list[Problem], *, skippable: bool) -> str:
    """The message of an ImportFailed: a count, then one sentence per problem."""
    count = len(problems)
    head = f"{name} was not imported: {count} problem{'s' if count != 1 else ''} found"
    if skippable:
        head += " (use --skip-invalid to import the valid rows and skip these)"
    lines = [head + ":"] + [f"  {p}" for p in problems[:SHOWN]]
    if count > SHOWN:
        lines.append(f"  ... and {count - SHOWN} more.")
    return "\n".join(lines)
