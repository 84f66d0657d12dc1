"""The record of what was imported: ``posts/.columnist-import.json``.

It remembers each old post an import brought in (its ``guid``) and the file it went to, so a
column the author deleted afterwards is not brought back by the next import. Hidden (its name
starts with a dot), so neither MkDocs nor the plugin publishes it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from columnist.problems import Problem

RECORD_NAME = ".columnist-import.json"
_ABOUT = (
    "Old posts imported into this folder (guid -> file). A column deleted here stays deleted on the "
    "next import; to bring one back, remove its line and import again."
)


class RecordProblem(Exception):
    """The record cannot be read; the import stops before writing anything."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def read_record(posts_dir: Path, shown: str) -> dict[str, str]:
    """Every imported ``guid`` -> its file (relative to the posts folder); empty when there is none.

    ``shown`` is how the record's path is printed in a message.
    """
    path = posts_dir / RECORD_NAME
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as error:
        raise RecordProblem(_unreadable(shown, 1, f"cannot be read ({error})")) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise RecordProblem(_unreadable(shown, error.lineno, error.msg)) from None
    imported = data.get("imported") if isinstance(data, dict) else None
    if not isinstance(imported, dict) or not all(
        isinstance(guid, str) and isinstance(name, str) for guid, name in imported.items()
    ):
        raise RecordProblem(_unreadable(shown, 1, 'has no "imported" list of guid -> file'))
    return dict(imported)


def write_record(posts_dir: Path, imported: dict[str, str]) -> None:
    """Write the record whole (a temporary file renamed over it), the same posts giving the same bytes."""
    path = posts_dir / RECORD_NAME
    text = json.dumps(
        {"about": _ABOUT, "imported": dict(sorted(imported.items()))}, indent=1, ensure_ascii=False
    )
    temporary = path.with_name(f"{RECORD_NAME}.{os.getpid()}.tmp")
    temporary.write_text(text + "\n", encoding="utf-8")
    os.replace(temporary, path)


def _unreadable(shown: str, line: int, why: str) -> Problem:
    return Problem(
        shown, line, "file",
        f"the record of earlier imports {why}, so nothing was imported; mend it, or delete it "
        "(columns you deleted since an import would then come back)",
    )  # fmt: skip
