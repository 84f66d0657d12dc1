"""Problems found in an author's columns, and the one exception that carries them.

Every check collects problems instead of stopping at the first, so an author sees all
of them at once, each as ``path:line: field: message``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from columnist.words import count

#: "editorial": what only ``columnist check`` looks for; the build publishes it as it is.
Severity = Literal["error", "warning", "editorial"]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one field of one file."""

    path: str
    line: int
    field: str
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        # One problem, one line: a value quoted in the message may hold a line break or a control character.
        return _one_line(f"{self.path}:{self.line}: {self.field}: {self.message}")


class ColumnistError(Exception):
    """Raised with every error found, never with just the first."""

    def __init__(
        self, problems: Iterable[Problem], message: str | None = None, where: str = "columns"
    ) -> None:
        self.problems = sorted(problems)
        self.where = where  # "columns", or "settings" for problems in mkdocs.yml
        super().__init__(message or describe(self.problems, where=where))


def describe(problems: list[Problem], outcome: str = "nothing was published", where: str = "columns") -> str:
    """What an author reads when columns or settings have errors: a headline, the errors, the warnings."""
    errors = [problem for problem in problems if problem.severity == "error"]
    warnings = [problem for problem in problems if problem.severity == "warning"]
    lines = [f"Columnist found {count(len(errors), 'error')} in your {where}; {outcome}:"]
    lines.extend(str(problem) for problem in errors)
    if warnings:
        lines.append(f"and {count(len(warnings), 'warning')}:")
        lines.extend(str(problem) for problem in warnings)
    return "\n".join(lines)


def _one_line(text: str) -> str:
    r"""Control characters shown as escapes, so a problem never spans lines.

    >>> _one_line("a\nb\x07")
    'a\\nb\\x07'
    """
    return _CONTROL.sub(lambda match: repr(match.group())[1:-1], text)


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
